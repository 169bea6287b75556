/**
 * Search across facts, quotes and events (the background's Dexie index), results as you type.
 * The result count is announced politely; results are a list of articles with their excerpt.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { formatDate } from '@/components/format';
import { t, type MessageKey } from '@/components/i18n';
import { SourceQuote } from '@/components/SourceQuote';
import type { Reply, SearchHit } from '@/messaging/protocol';

/** Catalogue keys of the kinds' labels. */
const KIND_LABEL: Record<SearchHit['kind'], MessageKey> = { fact: 'searchKindFact', quote: 'searchKindQuote', event: 'searchKindEvent' };

/** The announced result count: "No results for “q”.", "1 result for “q”.", "3 results for “q”.". */
function resultCount(count: number, query: string): string {
  if (count === 0) return t('searchNoResults', [query]);
  return count === 1 ? t('searchOneResult', [query]) : t('searchResults', [count, query]);
}

/**
 * `text` with every word that starts with a query word wrapped in `<mark>` (case and accents
 * ignored, as the search itself). Text only: returns strings and elements, never HTML.
 */
export function markMatches(text: string, query: string): ComponentChildren[] {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
  const words = fold(query).match(/[\p{L}\p{N}]+/gu) ?? [];
  if (!words.length) return [text];
  const out: ComponentChildren[] = [];
  let last = 0;
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const at = m.index ?? 0;
    if (!words.some((w) => fold(m[0]).startsWith(w))) continue;
    if (at > last) out.push(text.slice(last, at));
    out.push(<mark key={at}>{m[0]}</mark>);
    last = at + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export function SearchPanel(props: { search: (query: string) => Promise<Reply<SearchHit[]>> }) {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState('');
  const q = query.trim();

  useEffect(() => {
    if (!q) {
      setHits([]);
      setDone('');
      return;
    }
    let live = true; // a slower earlier answer must not replace a newer one
    void props.search(q).then((reply) => {
      if (!live) return;
      if (reply.ok) {
        setHits(reply.value);
        setError(undefined);
      } else {
        setHits([]);
        setError(reply.message);
      }
      setDone(q);
    });
    return () => {
      live = false;
    };
  }, [q]);

  const count = hits.length;
  return (
    <div class="fc-search">
      <label for="fc-search-input" class="fc-label">
        {t('searchLabel')}
      </label>
      <input
        id="fc-search-input"
        type="search"
        value={query}
        autoComplete="off"
        spellcheck={false}
        placeholder={t('searchPlaceholder')}
        aria-describedby="fc-search-count"
        aria-controls="fc-search-results"
        onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
      />
      <p id="fc-search-count" class="fc-hint" role="status">
        {error ? t('searchFailed', [error]) : q && done === q ? resultCount(count, q) : ''}
      </p>
      <ol id="fc-search-results" class="fc-list" aria-label={t('searchResultsLabel')}>
        {hits.map((hit) => (
          <li key={`${hit.kind}:${hit.id}`} class="fc-card fc-hit">
            <p class="fc-hit-head">
              <span class={`fc-kind fc-kind-${hit.kind}`}>{t(KIND_LABEL[hit.kind])}</span>{' '}
              <time dateTime={hit.date}>{formatDate(hit.date)}</time>
            </p>
            <p class="fc-hit-title">{markMatches(hit.title, q)}</p>
            <SourceQuote excerpt={hit.excerpt} source={hit.source} />
          </li>
        ))}
      </ol>
    </div>
  );
}
