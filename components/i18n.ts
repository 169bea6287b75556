/**
 * The UI's text: every user-visible string comes from the message catalogue
 * (public/_locales/<locale>/messages.json) through `browser.i18n.getMessage`. Components stay
 * free of extension APIs, so the getter is injected: each entrypoint (popup, options page,
 * content script) calls `setMessageSource((key, subs) => browser.i18n.getMessage(key, subs))`
 * before it renders; unit tests pass a getter that reads messages.json (tests/unit/i18n-source.ts).
 */
import type catalogue from '@/public/_locales/en/messages.json';

/** A key of the message catalogue (the English one is the reference: every locale has its keys). */
export type MessageKey = keyof typeof catalogue;

/**
 * Looks a message up and fills `$1`…`$9` with `substitutions`, as `browser.i18n.getMessage`
 * does: '' when the key is unknown.
 */
export type MessageSource = (key: MessageKey, substitutions?: string[]) => string;

let source: MessageSource | undefined;

/** Sets where {@link t} reads messages; call it before the first render. */
export function setMessageSource(fn: MessageSource | undefined): void {
  source = fn;
}

/**
 * The message `key` with its placeholders filled by `substitutions` (at most 9, in the order of
 * the entry's `$1`…`$9`). Returns `key` itself when the catalogue has no such message or no
 * source is set, so a missing entry shows up as its key rather than as an empty element.
 */
export function t(key: MessageKey, substitutions?: ReadonlyArray<string | number>): string {
  const text = source?.(key, substitutions?.map(String));
  return text || key;
}

/** Marks a substitution in a message while it is split into parts (Unicode private use area). */
const MARK = '\uE000';

/**
 * The message `key` as a list of parts, for messages with an element inside ("Pause on
 * <span>host</span>"): each substitution as given (a string or an element), and the message's
 * own text between them as a string, or as `literal` makes it. Empty text is left out.
 */
export function tParts<T>(
  key: MessageKey,
  substitutions: ReadonlyArray<T>,
  literal: (text: string) => string | T = (text) => text,
): Array<string | T> {
  const text = t(
    key,
    substitutions.map((_, i) => `${MARK}${i}${MARK}`),
  );
  return text
    .split(new RegExp(`${MARK}(\\d)${MARK}`))
    .flatMap((part, i) => (i % 2 === 1 ? [substitutions[Number(part)]!] : part ? [literal(part)] : []));
}
