/**
 * How the cases runner judges a page's annotations against `NAME.expect.json` (see
 * `../shared/cases/README.md`): in order, entity and normalised text, possessive ending optional.
 */
import { sameMention } from './browsers';

/** An expected mention or an annotation: entity id and text. */
export interface EntityText {
  entity: string;
  text: string;
}

/** `entity "text"`, for messages. */
export function showMention(a: EntityText): string {
  return `${a.entity} ${JSON.stringify(a.text)}`;
}

/**
 * Compares the annotations (mayFind ones already removed) with the expected mentions in order.
 * @returns `[]` when they match, else reasons naming what is missing and what is unexpected
 *   (by a longest common subsequence) and, for up to 16 annotations, the whole list seen.
 */
export function compareMentions(expected: EntityText[], got: EntityText[]): string[] {
  const same = (e: EntityText, g: EntityText): boolean => e.entity === g.entity && sameMention(g.text, e.text);
  if (expected.length === got.length && expected.every((e, i) => same(e, got[i]!))) return [];
  const n = expected.length;
  const m = got.length;
  const table: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      table[i]![j] = same(expected[i]!, got[j]!) ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
  const missing: string[] = [];
  const extra: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && same(expected[i]!, got[j]!)) {
      i++;
      j++;
    } else if (j < m && (i === n || table[i]![j + 1]! >= table[i + 1]![j]!)) {
      extra.push(`#${j} ${showMention(got[j]!)}`);
      j++;
    } else {
      missing.push(`#${i} ${showMention(expected[i]!)}`);
      i++;
    }
  }
  const reasons = [`mentions differ (expected ${n}, got ${m})`];
  if (missing.length) reasons.push(`missing: ${missing.join(', ')}`);
  if (extra.length) reasons.push(`unexpected: ${extra.join(', ')}`);
  if (!missing.length && !extra.length) reasons.push('same annotations in another order');
  if (m <= 16) reasons.push(`got: [${got.map(showMention).join(', ')}]`);
  return reasons;
}
