/**
 * W3C TextQuoteSelectors for mentions: describe a span by its exact text plus context, and
 * find it again in (possibly changed) text. Pure TypeScript, no DOM.
 */
import type { TextQuoteSelector } from './types';

/**
 * Describes the span [start, end) of `text` as a TextQuoteSelector.
 * @param text The text the offsets index (one block of page text).
 * @param start UTF-16 offset (inclusive).
 * @param end UTF-16 offset (exclusive).
 * @param contextChars Characters of prefix and suffix to keep (default 32, as in Hypothesis).
 * @returns `{ type, exact, prefix, suffix }`; prefix/suffix are shorter at the text's ends.
 * @throws RangeError when the span is empty, reversed or outside `text`.
 */
export function textQuoteSelector(text: string, start: number, end: number, contextChars = 32): TextQuoteSelector {
  if (!(start >= 0 && end > start && end <= text.length)) {
    throw new RangeError(`textQuoteSelector: bad span [${start}, ${end}) of ${text.length}`);
  }
  return {
    type: 'TextQuoteSelector',
    exact: text.slice(start, end),
    prefix: text.slice(Math.max(0, start - contextChars), start),
    suffix: text.slice(end, end + contextChars),
  };
}

/** Characters of `a`'s end that equal `b`'s end. */
function commonSuffix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

/** Characters of `a`'s start that equal `b`'s start. */
function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/**
 * Finds a selector's span in `text`: among the occurrences of `exact`, the one whose
 * surroundings agree best with `prefix` and `suffix` (characters agreeing next to the span,
 * summed; ties go to the earliest).
 * @param text Text to search (e.g. a block's current text).
 * @param selector From {@link textQuoteSelector}, or stored.
 * @returns UTF-16 `{ start, end }` (end exclusive), or `null` when `exact` does not occur or
 *   is empty. Linear in `text.length` times the number of occurrences. Never throws.
 */
export function findQuote(text: string, selector: TextQuoteSelector): { start: number; end: number } | null {
  const { exact, prefix, suffix } = selector;
  if (!exact) return null;
  let best: { start: number; end: number } | null = null;
  let bestScore = -1;
  for (let i = text.indexOf(exact); i >= 0; i = text.indexOf(exact, i + 1)) {
    const end = i + exact.length;
    const score =
      commonSuffix(text.slice(Math.max(0, i - prefix.length), i), prefix) +
      commonPrefix(text.slice(end, end + suffix.length), suffix);
    if (score > bestScore) {
      bestScore = score;
      best = { start: i, end };
      if (score === prefix.length + suffix.length) break; // cannot do better
    }
  }
  return best;
}
