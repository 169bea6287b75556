/**
 * "On this page": the tab's mentions grouped by entity, each with its context line. Choosing one
 * asks the frame that holds it to scroll to it, flash it and open its card (`revealMention`).
 */
import { useState } from 'preact/hooks';
import { t } from '@/components/i18n';
import type { EntityId } from '@/core/types';
import type { MentionSummary } from '@/messaging/protocol';

/** A mention of the tab with the frame that reported it. */
export type TabMention = MentionSummary & { frameId: number };

/** One listed mention: the summary and its index among its frame's mentions (for revealMention). */
export interface ListedMention {
  mention: TabMention;
  index: number;
}

/** Groups a tab's mentions by entity (in order of first mention), keeping each one's index in its frame. */
export function groupMentions(mentions: TabMention[]): Array<{ entityId: EntityId; items: ListedMention[] }> {
  const groups = new Map<EntityId, ListedMention[]>();
  const perFrame = new Map<number, number>();
  for (const mention of mentions) {
    const index = perFrame.get(mention.frameId) ?? 0;
    perFrame.set(mention.frameId, index + 1);
    groups.set(mention.entityId, [...(groups.get(mention.entityId) ?? []), { mention, index }]);
  }
  return [...groups].map(([entityId, items]) => ({ entityId, items }));
}

/**
 * The words around a mention for its context line. A prefix or suffix as long as the selector's
 * context (32 characters, core/selector.ts) was cut mid-text: its cut word is dropped for "…".
 */
export function contextOf(m: MentionSummary, contextChars = 32): { before: string; after: string } {
  const { prefix, suffix } = m.selector;
  let before = prefix.replace(/\s+/g, ' ');
  let after = suffix.replace(/\s+/g, ' ');
  if (prefix.length >= contextChars) {
    const space = before.indexOf(' ');
    before = `…${space >= 0 && space < before.length - 1 ? before.slice(space + 1) : before}`;
  } else {
    before = before.trimStart();
  }
  if (suffix.length >= contextChars) {
    const space = after.lastIndexOf(' ');
    after = `${space > 0 ? after.slice(0, space) : after}…`;
  } else {
    after = after.trimEnd();
  }
  return { before, after };
}

export function PagePanel(props: {
  mentions: TabMention[];
  names: ReadonlyMap<EntityId, string>;
  /** undefined when the popup describes no tab (e.g. opened on a browser page). */
  canReveal: boolean;
  paused: boolean;
  onReveal: (item: ListedMention) => Promise<boolean>;
}) {
  const { mentions, names, canReveal } = props;
  const [status, setStatus] = useState('');
  const groups = groupMentions(mentions);

  const reveal = async (item: ListedMention, name: string) => {
    setStatus('');
    const ok = await props.onReveal(item);
    setStatus(ok ? t('pageRevealed', [item.mention.text, name]) : t('pageMentionGone'));
  };

  return (
    <>
      {props.paused && <p class="fc-note">{t('pagePaused')}</p>}
      {!props.paused && mentions.length === 0 && (
        <p class="fc-note">{canReveal ? t('pageNoMentions') : t('pageUnreadable')}</p>
      )}
      {groups.length > 0 && <p class="fc-hint">{t('pageHint')}</p>}
      {groups.map(({ entityId, items }) => {
        const name = names.get(entityId) ?? entityId;
        const headingId = `page-${entityId}-h`;
        return (
          <section key={entityId} class="fc-group" aria-labelledby={headingId}>
            <h2 id={headingId}>
              {name} <span class="fc-count">({items.length})</span>
            </h2>
            <ul class="fc-mentions">
              {items.map((item) => {
                const { before, after } = contextOf(item.mention);
                return (
                  <li key={`${item.mention.frameId}-${item.index}`}>
                    <button
                      type="button"
                      class="fc-mention"
                      disabled={!canReveal}
                      aria-describedby={`${headingId}-why-${item.mention.frameId}-${item.index}`}
                      onClick={() => void reveal(item, name)}
                    >
                      <span class="fc-context">{before}</span>
                      <mark>{item.mention.text}</mark>
                      <span class="fc-context">{after}</span>
                    </button>
                    <span class="fc-visually-hidden" id={`${headingId}-why-${item.mention.frameId}-${item.index}`}>
                      {item.mention.why}
                    </span>
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
      <p class="fc-visually-hidden" role="status">
        {status}
      </p>
    </>
  );
}
