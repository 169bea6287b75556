/**
 * The toolbar popup (also opened as a tab by "Open the full story"): the story of the Sessions–
 * Trump relationship from the fact store, the mentions found on the current tab, search, and the
 * reader's controls. It asks the background for data; it never opens the store itself.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { datedLabel, formatDate } from '@/components/format';
import { SourceQuote } from '@/components/SourceQuote';
import { sendToBackground, sendToTab } from '@/messaging/client';
import type { MentionSummary, SearchHit, Story } from '@/messaging/protocol';
import { isPausedOn, readSettings, updateSettings, watchSettings, type Settings } from '@/settings/settings';

type TabMention = MentionSummary & { frameId: number };

/** The tab this popup describes: `?tab=<id>` when opened as a page, else the active tab. */
async function targetTab(): Promise<{ id: number; host: string } | undefined> {
  const param = new URLSearchParams(location.search).get('tab');
  try {
    if (param) {
      const tab = await browser.tabs.get(Number(param));
      return tab.id === undefined ? undefined : { id: tab.id, host: hostOf(tab.url) };
    }
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    return tab?.id === undefined ? undefined : { id: tab.id, host: hostOf(tab.url) };
  } catch {
    return undefined;
  }
}

function hostOf(url: string | undefined): string {
  try {
    return url ? new URL(url).hostname : '';
  } catch {
    return '';
  }
}

export function App() {
  const [story, setStory] = useState<Story>();
  const [error, setError] = useState<string>();
  const [tab, setTab] = useState<{ id: number; host: string }>();
  const [mentions, setMentions] = useState<TabMention[]>([]);
  const [settings, setSettings] = useState<Settings>();
  const focusEntity = new URLSearchParams(location.search).get('entity') ?? undefined;

  useEffect(() => {
    void sendToBackground('getStory', {}).then((reply) =>
      reply.ok ? setStory(reply.value) : setError(reply.message),
    );
    void targetTab().then(async (t) => {
      setTab(t);
      if (!t) return;
      const reply = await sendToBackground('getTabMentions', { tabId: t.id });
      if (reply.ok) setMentions(reply.value);
    });
    void readSettings().then(setSettings);
    return watchSettings(setSettings);
  }, []);

  useEffect(() => {
    if (story && focusEntity) document.getElementById(`entity-${focusEntity}`)?.scrollIntoView();
  }, [story, focusEntity]);

  const names = useMemo(() => new Map(story?.entities.map((e) => [e.id, e.name]) ?? []), [story]);
  const mentionedIds = new Set(mentions.map((m) => m.entityId));

  return (
    <main class="fc-popup">
      <header class="fc-top">
        <h1>Fact-check: Sessions &amp; Mueller</h1>
        {settings && tab && <Controls settings={settings} host={tab.host} />}
      </header>
      <OnThisPage mentions={mentions} names={names} tabId={tab?.id} />
      <SearchBox />
      {error && <p role="alert">Could not load the story: {error}</p>}
      {!story && !error && <p role="status">Loading the story…</p>}
      {story && (
        <>
          <section aria-labelledby="timeline-h">
            <h2 id="timeline-h">Timeline</h2>
            <ol class="fc-timeline">
              {story.timeline.map(({ event, fact, source }) => {
                const onPage = event.entityIds.some((id) => mentionedIds.has(id));
                return (
                  <li key={event.id} class={onPage ? 'fc-on-page' : undefined}>
                    <p class="fc-event">
                      <time dateTime={event.date}>{datedLabel(event)}</time>{' '}
                      <strong>{event.title}</strong>
                      {onPage && <span class="fc-badge">on this page</span>}
                    </p>
                    <SourceQuote excerpt={fact.excerpt} source={source} />
                  </li>
                );
              })}
            </ol>
          </section>
          <section aria-labelledby="people-h">
            <h2 id="people-h">People and events</h2>
            {story.entities.map((entity) => (
              <article key={entity.id} id={`entity-${entity.id}`} class="fc-card fc-entity">
                <h3>{entity.name}</h3>
                {entity.role && <p class="fc-role">{entity.role}</p>}
                <p class="fc-summary">{entity.summary}</p>
                <ol class="fc-facts">
                  {(story.factsByEntity[entity.id] ?? []).map(({ fact, source }) => (
                    <li key={fact.id}>
                      <p class="fc-claim">
                        <time dateTime={fact.date}>{datedLabel(fact)}</time> — {fact.claim}
                      </p>
                      <SourceQuote excerpt={fact.excerpt} source={source} />
                    </li>
                  ))}
                </ol>
              </article>
            ))}
          </section>
          <section aria-labelledby="quotes-h">
            <h2 id="quotes-h">Quotes</h2>
            <ul class="fc-list">
              {story.quotes.map(({ quote, source }) => (
                <li key={quote.id} class="fc-card">
                  <SourceQuote excerpt={quote.text} source={source} />
                  <p class="fc-role">
                    — {quote.speaker}, {quote.speakerRole}
                  </p>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="claims-h">
            <h2 id="claims-h">Claims</h2>
            <ul class="fc-list">
              {story.claims.map((claim) => (
                <li key={claim.id} class="fc-card">
                  <p>
                    <strong>{claim.claimReviewed}</strong>
                  </p>
                  <p class="fc-rating">
                    Rating: <span>{claim.reviewRating.alternateName}</span>
                  </p>
                  <p class="fc-role">
                    {claim.itemReviewed.author ? `Claim by ${claim.itemReviewed.author.name}` : 'Claim'}
                    {claim.itemReviewed.datePublished ? `, ${formatDate(claim.itemReviewed.datePublished)}` : ''} ·{' '}
                    <a href={claim.url} target="_blank" rel="noopener noreferrer">
                      source
                    </a>
                  </p>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="sources-h">
            <h2 id="sources-h">Sources</h2>
            <ul class="fc-list">
              {story.sources.map((s) => (
                <li key={s.id}>
                  <a href={s.url} target="_blank" rel="noopener noreferrer">
                    {s.title}
                  </a>{' '}
                  — {s.publisher}
                  {s.author ? `, ${s.author}` : ''}, {formatDate(s.datePublished)}
                </li>
              ))}
            </ul>
          </section>
          <footer class="fc-receipt">
            <p>
              0 network requests · data pack {story.meta.version} ({formatDate(story.meta.date)}) ·{' '}
              {story.storeStatus === 'indexeddb' ? 'stored in this browser' : 'in memory'}
            </p>
            {story.storeProblem && <p role="status">{story.storeProblem}</p>}
          </footer>
        </>
      )}
    </main>
  );
}

/** The mentions found in the tab, grouped by entity; choosing one reveals it in the page. */
function OnThisPage(props: { mentions: TabMention[]; names: Map<string, string>; tabId: number | undefined }) {
  const { mentions, names, tabId } = props;
  const groups = new Map<string, Array<{ m: TabMention; index: number }>>();
  const perFrame = new Map<number, number>();
  for (const m of mentions) {
    const index = perFrame.get(m.frameId) ?? 0;
    perFrame.set(m.frameId, index + 1);
    groups.set(m.entityId, [...(groups.get(m.entityId) ?? []), { m, index }]);
  }
  return (
    <section aria-labelledby="page-h">
      <h2 id="page-h">
        On this page <span class="fc-count">({mentions.length})</span>
      </h2>
      {mentions.length === 0 ? (
        <p class="fc-role">No mentions found on this tab.</p>
      ) : (
        [...groups].map(([entityId, list]) => (
          <div key={entityId} class="fc-group">
            <h3>
              {names.get(entityId) ?? entityId} <span class="fc-count">({list.length})</span>
            </h3>
            <ul class="fc-mentions">
              {list.map(({ m, index }) => (
                <li key={`${m.frameId}-${index}`}>
                  <button
                    type="button"
                    class="fc-mention"
                    title={m.why}
                    onClick={() => tabId !== undefined && void sendToTab(tabId, 'revealMention', { index }, m.frameId)}
                  >
                    <span class="fc-context">…{m.selector.prefix.slice(-30)}</span>
                    <mark>{m.text}</mark>
                    <span class="fc-context">{m.selector.suffix.slice(0, 30)}…</span>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ))
      )}
    </section>
  );
}

/** Search across facts, quotes and events, results as you type. */
function SearchBox() {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setHits([]);
      return;
    }
    let live = true;
    void sendToBackground('search', { query: q }).then((reply) => live && reply.ok && setHits(reply.value));
    return () => {
      live = false;
    };
  }, [query]);
  return (
    <section aria-labelledby="search-h" class="fc-search">
      <h2 id="search-h">Search</h2>
      <input
        type="search"
        value={query}
        placeholder="Search facts, quotes and events"
        aria-label="Search facts, quotes and events"
        onInput={(e) => setQuery((e.target as HTMLInputElement).value)}
      />
      {query.trim() && (
        <ul class="fc-list" aria-live="polite">
          {hits.length === 0 && <li class="fc-role">No results.</li>}
          {hits.map((hit) => (
            <li key={`${hit.kind}:${hit.id}`} class="fc-card">
              <p>
                <time dateTime={hit.date}>{formatDate(hit.date)}</time> · {hit.kind}: {hit.title}
              </p>
              <SourceQuote excerpt={hit.excerpt} source={hit.source} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Pause everywhere / on this site, and the highlight style. */
function Controls(props: { settings: Settings; host: string }) {
  const { settings, host } = props;
  const pausedHere = settings.pausedSites.includes(host);
  return (
    <div class="fc-controls">
      <label>
        <input
          type="checkbox"
          checked={settings.paused}
          onChange={(e) => void updateSettings((s) => ({ ...s, paused: (e.target as HTMLInputElement).checked }))}
        />{' '}
        Pause everywhere
      </label>
      {host && (
        <label>
          <input
            type="checkbox"
            checked={pausedHere}
            onChange={(e) => {
              const on = (e.target as HTMLInputElement).checked;
              void updateSettings((s) => ({
                ...s,
                pausedSites: on ? [...new Set([...s.pausedSites, host])] : s.pausedSites.filter((h) => h !== host),
              }));
            }}
          />{' '}
          Pause on {host}
        </label>
      )}
      <label>
        Style{' '}
        <select
          value={settings.highlightStyle}
          onChange={(e) =>
            void updateSettings((s) => ({
              ...s,
              highlightStyle: (e.target as HTMLSelectElement).value as Settings['highlightStyle'],
            }))
          }
        >
          <option value="underline">Underline</option>
          <option value="background">Background</option>
          <option value="off">Off</option>
        </select>
      </label>
      {isPausedOn(settings, host) && <p class="fc-role">Highlighting is paused here.</p>}
    </div>
  );
}
