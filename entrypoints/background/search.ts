import type { FactPack } from '@/data/schema';
import type { SearchRow } from './store';

/** Lower-cases, strips diacritics and splits into words of letters and digits. */
export function searchWords(text: string): string[] {
  const folded = text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
  return Array.from(new Set(folded.match(/[\p{L}\p{N}]+/gu) ?? []));
}

/** The search rows of a pack: one per fact, quote and timeline event, with its words. */
export function searchRowsOf(pack: FactPack): SearchRow[] {
  return [
    ...pack.facts.map((f) => row('fact', f.id, `${f.claim} ${f.excerpt}`)),
    ...pack.quotes.map((q) => row('quote', q.id, `${q.text} ${q.speaker} ${q.speakerRole}`)),
    ...pack.timeline.map((e) => row('event', e.id, e.title)),
  ];
}

function row(kind: SearchRow['kind'], id: string, text: string): SearchRow {
  return { key: `${kind}:${id}`, kind, id, words: searchWords(text) };
}

/** True when every query word is a prefix of some word of the row. */
export function rowMatches(row: SearchRow, queryWords: string[]): boolean {
  return queryWords.every((q) => row.words.some((w) => w.startsWith(q)));
}
