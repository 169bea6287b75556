/**
 * A label that shows a short text and gives assistive technology the full one: "Resume" on
 * screen, "Resume on example.com" as the button's name. Both texts come from the message
 * catalogue. When the full text starts with the short one (as in English) only the rest is
 * visually hidden, so the element's text is the full message once; otherwise the short text is
 * hidden from assistive technology and the whole full text is visually hidden.
 */
export function ShortLabel(props: { short: string; full: string }) {
  const { short, full } = props;
  if (full.startsWith(short)) {
    return (
      <>
        {short}
        <span class="fc-visually-hidden">{full.slice(short.length)}</span>
      </>
    );
  }
  return (
    <>
      <span aria-hidden="true">{short}</span>
      <span class="fc-visually-hidden">{full}</span>
    </>
  );
}
