// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { pack } from '@/data/pack';
import { getStory, memoryReader, search } from '@/entrypoints/background/queries';
import { searchRowsOf } from '@/entrypoints/background/search';
import { contextOf, groupMentions, PagePanel, type TabMention } from '@/entrypoints/popup/PagePanel';
import { markMatches, SearchPanel } from '@/entrypoints/popup/SearchPanel';
import { factSpan, quotesBySpeaker, StoryPanel } from '@/entrypoints/popup/StoryPanel';

const reader = memoryReader(pack, searchRowsOf(pack));
const mount = () => {
  const root = document.createElement('div');
  document.body.append(root);
  return root;
};

const mention = (entityId: string, text: string, frameId = 0, prefix = 'Attorney General ', suffix = ' handed in his resignation'): TabMention => ({
  entityId,
  text,
  why: `‘${text}’ — full name`,
  selector: { type: 'TextQuoteSelector', exact: text, prefix, suffix },
  frameId,
});

describe('story panel', () => {
  it('shows the timeline with sources and marks the events the page mentions', async () => {
    const story = await getStory(reader);
    const root = mount();
    render(<StoryPanel story={story} mentioned={new Set(['robert-mueller'])} />, root);
    const items = [...root.querySelectorAll('.fc-timeline > li')];
    expect(items).toHaveLength(pack.timeline.length);
    const marked = items.filter((li) => li.classList.contains('fc-on-page'));
    expect(marked.map((li) => li.querySelector('.fc-event')?.textContent)).toEqual(
      story.timeline.filter((t) => t.event.entityIds.includes('robert-mueller')).map((t) => t.event.title),
    );
    expect(marked[0]?.querySelector('.fc-badge')?.textContent).toBe('On this page: Robert Mueller');
    // every cited passage links to its source with a text fragment
    for (const link of root.querySelectorAll<HTMLAnchorElement>('.fc-timeline a')) expect(link.href).toContain('#:~:text=');
    root.remove();
  });

  it('gives each entity its card (who, role, dates), quotes with attribution and role, claims with the rating in words, sources', async () => {
    const story = await getStory(reader);
    const root = mount();
    render(<StoryPanel story={story} mentioned={new Set()} focusEntity="jeff-sessions" />, root);
    const sessions = root.querySelector('#entity-jeff-sessions')!;
    expect(sessions.querySelector('h3')?.textContent).toBe('Jeff Sessions');
    expect(sessions.textContent).toContain('U.S. Attorney General (Feb. 2017–Nov. 2018)');
    expect(sessions.textContent).toContain(`Dated facts: ${factSpan(story.factsByEntity['jeff-sessions']!)}`);
    expect(root.querySelector<HTMLDetailsElement>('#people')?.open).toBe(true);
    const gordon = story.quotes.find((q) => q.quote.speaker === 'J.D. Gordon')!.quote;
    expect(root.textContent).toContain(`— J.D. Gordon, ${gordon.speakerRole}`);
    const claims = [...root.querySelectorAll('[itemtype="https://schema.org/ClaimReview"]')];
    expect(claims).toHaveLength(story.claims.length);
    expect(claims[0]?.querySelector('[itemprop="alternateName"]')?.textContent).toBe(story.claims[0]!.reviewRating.alternateName);
    expect(root.querySelectorAll('.fc-sources a')).toHaveLength(story.sources.length);
    root.remove();
  });

  it('groups quotes by speaker in order of first appearance', async () => {
    const story = await getStory(reader);
    const groups = quotesBySpeaker(story.quotes);
    expect(groups.reduce((n, g) => n + g.quotes.length, 0)).toBe(story.quotes.length);
    expect(new Set(groups.map((g) => g.speaker)).size).toBe(groups.length);
  });
});

describe('on this page', () => {
  it('groups mentions by entity and keeps each one’s index in its own frame', () => {
    const list = [mention('jeff-sessions', 'Jeff Sessions'), mention('robert-mueller', 'Mueller'), mention('jeff-sessions', 'Sessions', 2), mention('jeff-sessions', 'Sessions')];
    expect(groupMentions(list).map((g) => [g.entityId, g.items.map((i) => `${i.mention.frameId}:${i.index}`)])).toEqual([
      ['jeff-sessions', ['0:0', '2:0', '0:2']],
      ['robert-mueller', ['0:1']],
    ]);
  });

  it('cuts the context line at word boundaries where the selector cut the text', () => {
    const cut = mention('jeff-sessions', 'Sessions', 0, 'ationship soured in 2017. After ', ' recusal from the Russia investig');
    expect(contextOf(cut)).toEqual({ before: '…soured in 2017. After ', after: ' recusal from the Russia…' });
    const whole = mention('jeff-sessions', 'Sessions', 0, '  After ', ' left.\n');
    expect(contextOf(whole)).toEqual({ before: 'After ', after: ' left.' });
  });

  it('lists each mention with its context and reveals the one chosen', async () => {
    const root = mount();
    const onReveal = vi.fn(async () => true);
    const names = new Map([['jeff-sessions', 'Jeff Sessions']]);
    act(() => render(<PagePanel mentions={[mention('jeff-sessions', 'Jeff Sessions'), mention('jeff-sessions', 'Sessions')]} names={names} canReveal paused={false} onReveal={onReveal} />, root));
    expect(root.querySelector('h2')?.textContent).toBe('Jeff Sessions (2)');
    const buttons = root.querySelectorAll<HTMLButtonElement>('.fc-mention');
    expect(buttons[1]?.textContent).toBe('Attorney General Sessions handed in his resignation');
    await act(async () => buttons[1]!.click());
    expect(onReveal).toHaveBeenCalledWith(expect.objectContaining({ index: 1 }));
    expect(root.querySelector('[role="status"]')?.textContent).toContain('Showing “Sessions” (Jeff Sessions) in the page');
    root.remove();
  });
});

describe('search', () => {
  it('shows results as the reader types, across facts, quotes and events', async () => {
    const root = mount();
    const ask = vi.fn(async (query: string) => ({ ok: true as const, value: await search(reader, query) }));
    act(() => render(<SearchPanel search={ask} />, root));
    const input = root.querySelector('input')!;
    expect(root.querySelector('label')?.getAttribute('for')).toBe(input.id);
    await act(async () => {
      input.value = 'recus';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => new Promise((r) => setTimeout(r, 20)));
    expect(ask).toHaveBeenLastCalledWith('recus');
    const hits = root.querySelectorAll('.fc-hit');
    expect(hits.length).toBeGreaterThan(0);
    expect(root.querySelector('[role="status"]')?.textContent).toMatch(/^\d+ results? for “recus”\.$/);
    expect([...hits].some((h) => h.querySelector('mark')?.textContent?.toLowerCase().startsWith('recus'))).toBe(true);
    root.remove();
  });

  it('marks the words a query matches, accents and case ignored, as text', () => {
    const root = mount();
    render(<p>{markMatches('Sessions’ recusal <b>from</b> the Russia inquiry', 'RECUS russ')}</p>, root);
    expect([...root.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['recusal', 'Russia']);
    expect(root.querySelector('b')).toBeNull();
    root.remove();
  });
});
