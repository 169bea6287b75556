// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { Annotator, findMentionAgain, isSameMention, yieldToPage, type PaintedMention } from '@/entrypoints/mentions.content/annotator';
import type { HighlightPainter } from '@/entrypoints/mentions.content/highlight';
import { LazyRecognizer } from '@/core/match';
import { parseRecognitionRules } from '@/core/recognition';
import rulesJson from '@/data/pack/recognition.json';
import { parse } from '../scanner/annotate';

const rules = parseRecognitionRules(rulesJson);

/** A painter that keeps what it was given: entity → ranges. */
class FakePainter {
  readonly ranges = new Map<string, Set<AbstractRange>>();
  add(entityId: string, range: AbstractRange): void {
    if (!this.ranges.has(entityId)) this.ranges.set(entityId, new Set());
    this.ranges.get(entityId)!.add(range);
  }
  delete(entityId: string, range: AbstractRange): void {
    this.ranges.get(entityId)?.delete(range);
  }
  styleRoot(): void {}
  get size(): number {
    return [...this.ranges.values()].reduce((n, s) => n + s.size, 0);
  }
}

// happy-dom has no StaticRange: a minimal one, so the test sees what the browsers get.
class TestStaticRange {
  readonly startContainer: Node;
  readonly startOffset: number;
  readonly endContainer: Node;
  readonly endOffset: number;
  constructor(init: StaticRangeInit) {
    ({ startContainer: this.startContainer, startOffset: this.startOffset, endContainer: this.endContainer, endOffset: this.endOffset } = init);
  }
}
(globalThis as { StaticRange?: unknown }).StaticRange ??= TestStaticRange;

const texts = (ms: readonly PaintedMention[]) => ms.map((m) => `${m.mention.entityId}:${m.range.toString()}`);
const settle = () => new Promise((resolve) => setTimeout(resolve, 80));

function setup(html: string) {
  const doc = parse(`<!doctype html><html><body>${html}</body></html>`);
  const painter = new FakePainter();
  const changes: number[] = [];
  const annotator = new Annotator(doc, new LazyRecognizer(rules), painter as unknown as HighlightPainter, { onChange: (m) => changes.push(m.length) });
  return { doc, painter, annotator, changes };
}

/**
 * `count` paragraphs that each name both people, a painter, and a maker of annotators that
 * give every block and every mention a slice of its own (sliceMs 0).
 */
function slicedPage(count: number) {
  const html = Array.from({ length: count }, (_, i) => `<p>Item ${i}: Jeff Sessions met Robert Mueller.</p>`).join('');
  const doc = parse(`<!doctype html><html><body>${html}</body></html>`);
  const painter = new FakePainter();
  const make = () => new Annotator(doc, new LazyRecognizer(rules), painter as unknown as HighlightPainter, { sliceMs: 0 });
  return { doc, painter, make };
}

/**
 * Scans `html` with a slice per block and mention (sliceMs 0), as a first scan does, and returns
 * the mentions of its early paint (the first time the painter holds any) and of its end.
 */
async function earlyAndFinal(html: string): Promise<{ early: string[]; final: string[] }> {
  const doc = parse(`<!doctype html><html><body>${html}</body></html>`);
  const painter = new FakePainter();
  const annotator = new Annotator(doc, new LazyRecognizer(rules), painter as unknown as HighlightPainter, { sliceMs: 0 });
  const started = annotator.start();
  let early: string[] = [];
  for (let ticks = 0; !early.length && ticks < 10_000; ticks++) {
    if (painter.size) early = texts(annotator.mentions);
    await yieldToPage();
  }
  await started;
  const final = texts(annotator.mentions);
  annotator.stop();
  return { early, final };
}

/**
 * Lets `ticks` slices run, stops the annotator while `pending` (its start or refresh) is
 * between slices, and checks that nothing is painted then or later.
 */
async function stopBetweenSlices(annotator: Annotator, painter: FakePainter, pending: Promise<unknown>, ticks: number): Promise<void> {
  for (let i = 0; i < ticks; i++) await yieldToPage();
  annotator.stop();
  await pending;
  await settle();
  expect(painter.size).toBe(0);
  expect(annotator.mentions).toHaveLength(0);
}

describe('Annotator', () => {
  it('paints thousands of mentions in slices, in document order; the Highlights change at once at the end of each paint (the top of the page early, then all), and a stop between slices leaves none', async () => {
    const { doc, painter, make } = slicedPage(300);
    const annotator = make();
    // the annotator yields with `yieldToPage` (one queue): each tick lets one slice run
    const tick = yieldToPage;
    // every block and every mention is a slice of its own (sliceMs 0), yet the painter only
    // ever holds nothing, the top of the page (its first 10,000 characters walked: the early
    // paint), or everything
    const started = annotator.start();
    const seen = new Set<number>();
    let ticks = 0;
    let early: string[] = [];
    for (; painter.size < 600 && ticks < 10_000; ticks++) {
      if (painter.size && !early.length) early = texts(annotator.mentions);
      seen.add(painter.size);
      await tick();
    }
    await started;
    expect(ticks).toBeGreaterThan(300);
    // the paragraphs whose text makes up the first 10,000 characters (the last one reaching it)
    let topParagraphs = 0;
    for (let chars = 0; chars < 10_000; topParagraphs++) chars += `Item ${topParagraphs}: Jeff Sessions met Robert Mueller.`.length;
    expect([...seen]).toEqual([0, 2 * topParagraphs]);
    expect(early).toEqual(texts(annotator.mentions).slice(0, 2 * topParagraphs));
    expect(annotator.mentions).toHaveLength(600);
    expect(texts(annotator.mentions).slice(0, 2)).toEqual(['jeff-sessions:Jeff Sessions', 'robert-mueller:Robert Mueller']);
    expect(painter.size).toBe(600);

    // a stop while a repaint is between slices: the old ranges leave, the new never come
    const refreshed = annotator.refresh();
    for (let i = 0; i < 100; i++) await tick();
    expect(painter.size).toBe(600); // still the old ranges, mid-repaint
    await stopBetweenSlices(annotator, painter, refreshed, 0);

    // a stop during the first scan: nothing is painted, then or later
    const second = make();
    await stopBetweenSlices(second, painter, second.start(), ticks - 100);
  });

  it('gives up a scan that a stop interrupts and drops the mutations queued before it: a new start paints each mention once', async () => {
    const { doc, painter, make } = slicedPage(50);

    // a stop in the middle of the first scan, then a new start: every mention once
    const first = make();
    await stopBetweenSlices(first, painter, first.start(), 20);
    await first.start();
    expect(painter.size).toBe(100);
    expect(new Set(first.mentions.map((m) => m.range)).size).toBe(100);

    // an edit of painted text queues its flush (a microtask) behind a repaint; a stop while
    // that repaint is between slices: the flush neither rescans nor paints (it used to rescan
    // the whole page, the stop having reset what the annotator knew of it)
    const refreshed = first.refresh();
    (doc.querySelector('p')!.firstChild as Text).data = 'Item 0: Jeff Sessions met Robert Mueller again.';
    await stopBetweenSlices(first, painter, refreshed, 20);
  });

  it('decides the block the early paint ended on again once the walk has read the text after it', async () => {
    // the top of the page: paragraphs up to just under the early paint's 10,000 characters
    const item = (i: number) => `Item ${i}: Jeff Sessions met Robert Mueller.`;
    // the early paint comes right after this block, whose recusal needs a topic word nearby:
    // the next block holds it, and no candidate (so no record of its own)
    const recusal = 'Jeff Sessions later announced the recusal.';
    const top: string[] = [];
    for (let chars = 0; chars + recusal.length < 10_000; chars += top[top.length - 1]!.length) top.push(item(top.length));
    const html = [...top, recusal, 'It concerned the election.', ...Array.from({ length: 20 }, (_, i) => item(1000 + i))]
      .map((t) => `<p>${t}</p>`)
      .join('');
    expect(top.join('').length).toBeLessThan(10_000);
    expect(top.join('').length + recusal.length).toBeGreaterThanOrEqual(10_000);
    const { early, final } = await earlyAndFinal(html);
    expect(early).not.toContain('sessions-recusal:recusal'); // the early paint had not read the topic
    expect(early.length).toBeLessThan(final.length);
    expect(final.filter((t) => t.startsWith('sessions-recusal'))).toEqual(['sessions-recusal:recusal']);
  });

  it('paints early only mentions the rest of the page cannot overturn: a headline surname waits, and a namesake further down keeps it out', async () => {
    const item = (i: number) => `Item ${i}: Jeff Sessions met Robert Mueller.`;
    const top = Array.from({ length: 300 }, (_, i) => item(i)); // well past the early paint's 10,000 characters
    const run = (tail: string) => earlyAndFinal(['Sessions out', ...top, tail].map((t) => `<p>${t}</p>`).join(''));
    // the headline counts by page evidence (the full names below): the early paint leaves it out
    const plain = await run('The end.');
    expect(plain.early.length).toBeGreaterThan(0);
    expect(plain.early.length).toBeLessThan(plain.final.length);
    expect(plain.early[0]).toBe('jeff-sessions:Jeff Sessions');
    expect(plain.final[0]).toBe('jeff-sessions:Sessions');
    // a namesake at the bottom voids that evidence: the headline never shows, and every early mention stays
    const namesake = await run('Rep. Pete Sessions of Texas spoke.');
    expect(namesake.early[0]).toBe('jeff-sessions:Jeff Sessions');
    expect(namesake.final[0]).toBe('jeff-sessions:Jeff Sessions');
    expect(namesake.final.slice(0, namesake.early.length)).toEqual(namesake.early);
  });

  it('takes an edited span out of the Highlights at once while the first scan runs, keeps the spans an edit did not move, and paints the new text after the scan', async () => {
    const { doc, painter, make } = slicedPage(400);
    const annotator = make();
    const started = annotator.start();
    for (let ticks = 0; !painter.size && ticks < 10_000; ticks++) await yieldToPage();
    const early = painter.size;
    expect(early).toBeGreaterThan(0);
    expect(early).toBeLessThan(800); // the scan is still running
    const [first, second] = [...doc.querySelectorAll('p')].map((p) => p.firstChild as Text);
    const spansIn = (node: Text) => [...painter.ranges.values()].flatMap((set) => [...set]).filter((r) => r.startContainer === node);
    expect(spansIn(first!)).toHaveLength(2);
    // an insertion before the names moves them: their static ranges leave before the page renders again
    first!.insertData(0, 'Update: ');
    // and an append after them does not: those stay
    second!.appendData(' Later, more.');
    await Promise.resolve();
    await Promise.resolve();
    expect(spansIn(first!)).toHaveLength(0);
    expect(spansIn(second!)).toHaveLength(2);
    expect(painter.size).toBe(early - 2);
    expect(annotator.mentions.map((m) => m.range.startContainer)).toContain(second); // the scan has not ended
    await started;
    await settle();
    expect(painter.size).toBe(800);
    expect(spansIn(first!).map((r) => first!.data.slice(r.startOffset, r.endOffset))).toEqual(['Jeff Sessions', 'Robert Mueller']);
    expect(texts(annotator.mentions).slice(0, 2)).toEqual(['jeff-sessions:Jeff Sessions', 'robert-mueller:Robert Mueller']);
    annotator.stop();
  });

  it('never paints a range over text the page edited after the walk read it: between the walk and the paint, or while the paint is between slices', async () => {
    const { doc, painter, make } = slicedPage(400);
    const nodes = [...doc.querySelectorAll('p')].map((p) => p.firstChild as Text);
    /** Painted ranges whose characters are no longer a name. */
    const wrong = () =>
      [...painter.ranges.values()]
        .flatMap((set) => [...set])
        .filter((r) => !/^(Jeff Sessions|Robert Mueller)$/.test((r.startContainer as Text).data.slice(r.startOffset, r.endOffset)));
    const annotator = make();
    const started = annotator.start();
    // the walk reads the first paragraphs, then the page edits them before the early paint
    for (let i = 0; i < 20; i++) await yieldToPage();
    expect(painter.size).toBe(0);
    for (const node of nodes.slice(0, 5)) node.insertData(0, 'Update: ');
    for (let ticks = 0; !painter.size && ticks < 10_000; ticks++) await yieldToPage();
    expect(painter.size).toBeGreaterThan(0);
    expect(wrong()).toEqual([]);
    await started;
    await settle();
    expect(wrong()).toEqual([]);
    expect(painter.size).toBe(800);
    // a repaint between slices (sliceMs 0: a slice per mention) when the page edits text it
    // has already built a range for, and text it has not reached yet
    const refreshed = annotator.refresh();
    for (let i = 0; i < 50; i++) await yieldToPage();
    nodes[10]!.insertData(0, 'Again: '); // (the records of the first five come last now: rescanned)
    nodes[300]!.insertData(0, 'Later: ');
    await refreshed;
    expect(wrong()).toEqual([]);
    await settle();
    expect(wrong()).toEqual([]);
    expect(painter.size).toBe(800);
    annotator.stop();
  });

  it('paints a page shorter than the early-paint threshold once, however many slices its scan takes', async () => {
    const { painter, make } = slicedPage(100);
    const annotator = make();
    const started = annotator.start();
    const seen = new Set<number>();
    for (let ticks = 0; painter.size < 200 && ticks < 10_000; ticks++) {
      seen.add(painter.size);
      await yieldToPage();
    }
    await started;
    expect([...seen]).toEqual([0]);
    expect(painter.size).toBe(200);
    annotator.stop();
  });

  it('highlights a batch of appended cards as a load of the same page would: the cards are neighbours, walked once', async () => {
    const cards = [
      '<article><h2>Live</h2><p>Jeff Sessions spoke with reporters on Monday.</p></article>',
      '<article><p>Recused.</p></article>',
      '<!-- ad slot --> ',
      '<article><p>Robert Mueller listened.</p><p>Nothing else.</p></article>',
      '<article><p>Sessions left.</p></article>',
    ];
    const loaded = setup(`<div id="feed"><article><p>Earlier: a quiet day.</p></article></div><p>Footer text.</p>`);
    await loaded.annotator.start();
    const whole = setup(`<div id="feed"><article><p>Earlier: a quiet day.</p></article>${cards.join('')}</div><p>Footer text.</p>`);
    await whole.annotator.start();
    expect(texts(whole.annotator.mentions)).toContain('sessions-recusal:Recused'); // the actor is in the card before
    // the same cards appended in one batch, as a feed does (a fragment)
    const template = loaded.doc.createElement('template');
    template.innerHTML = cards.join('');
    loaded.doc.getElementById('feed')!.append(template.content);
    await settle();
    expect(texts(loaded.annotator.mentions)).toEqual(texts(whole.annotator.mentions));
    expect(loaded.painter.size).toBe(whole.painter.size);
    // a later batch after a text of the feed's own (not blank) is walked apart from it, and
    // the text keeps its one record: each mention is painted once
    const feed = loaded.doc.getElementById('feed')!;
    feed.append('Sessions, live: ');
    await settle();
    const more = loaded.doc.createElement('template');
    more.innerHTML = '<article><p>Jeff Sessions again.</p></article><article><p>Robert Mueller again.</p></article>';
    feed.append(more.content);
    await settle();
    const after = texts(loaded.annotator.mentions);
    expect(after.slice(-3)).toEqual(['jeff-sessions:Sessions', 'jeff-sessions:Jeff Sessions', 'robert-mueller:Robert Mueller']);
    expect(loaded.painter.size).toBe(after.length);
    expect(new Set(loaded.annotator.mentions.map((m) => m.paint)).size).toBe(after.length);
    loaded.annotator.stop();
    whole.annotator.stop();
  });

  it('paints each mention once when the page removes cards of a batch while the batch is walked', async () => {
    const card = (i: number) => `<article data-i="${i}"><h3>Item ${i}</h3><p>Item ${i}: Jeff Sessions met Robert Mueller.</p></article>`;
    // the removals come after a few slices of the batch's walk (a slice per block), at several
    // points: the walk stands in a removed card at some of them and must walk the rest again
    for (const ticks of [10, 30, 50, 70]) {
      const old = Array.from({ length: 8 }, (_, i) => card(i)).join('');
      const doc = parse(`<!doctype html><html><body><main id="feed">${old}</main></body></html>`);
      const painter = new FakePainter();
      const annotator = new Annotator(doc, new LazyRecognizer(rules), painter as unknown as HighlightPainter, { sliceMs: 0, mutationDelayMs: 0 });
      await annotator.start();
      expect(painter.size).toBe(16);
      const feed = doc.getElementById('feed')!;
      const batch = doc.createElement('template');
      batch.innerHTML = Array.from({ length: 100 }, (_, i) => card(1000 + i)).join('');
      feed.append(batch.content);
      await new Promise((resolve) => setTimeout(resolve, 5));
      for (let i = 0; i < ticks; i++) await yieldToPage();
      for (let i = 1000; i < 1100; i++) if (i % 3) feed.querySelector(`[data-i="${i}"]`)!.remove();
      for (let i = 0; i < 2000; i++) await yieldToPage();
      await settle();
      const cards = feed.querySelectorAll('article').length;
      expect(cards).toBe(8 + 33);
      const boundaries = [...painter.ranges.values()].flatMap((set) => [...set]).map((r) => `${(r.startContainer as Text).data}@${r.startOffset}`);
      expect(new Set(boundaries).size, `removed after ${ticks} slices`).toBe(boundaries.length); // none painted twice
      expect(painter.size).toBe(2 * cards);
      expect(annotator.mentions).toHaveLength(2 * cards);
      annotator.stop();
    }
  });

  it('finds a mention again by its text after the page rendered its paragraph into new nodes or inserted text before it', async () => {
    const { doc, annotator } = setup('<p id="a">The special counsel Robert Mueller declined to comment.</p><p id="b">Robert Mueller left.</p>');
    await annotator.start();
    const [mueller, other] = annotator.mentions as [PaintedMention, PaintedMention];
    expect(findMentionAgain(annotator.mentions, mueller)).toBe(0);
    const a = doc.getElementById('a')!;
    a.textContent = a.textContent; // a new text node, the same text
    await settle();
    expect(annotator.mentions).not.toContain(mueller);
    expect(isSameMention(annotator.mentions[0]!, mueller)).toBe(false);
    expect(findMentionAgain(annotator.mentions, mueller)).toBe(0);
    expect(findMentionAgain(annotator.mentions, other)).toBe(1);
    (a.firstChild as Text).insertData(0, 'Update: ');
    await settle();
    expect(findMentionAgain(annotator.mentions, mueller)).toBe(0);
    // other words around it, or the mention gone: not the same
    (a.firstChild as Text).data = 'Update: the special prosecutor Robert Mueller declined to comment.';
    await settle();
    expect(findMentionAgain(annotator.mentions, mueller)).toBe(-1);
    a.textContent = 'No one declined.';
    await settle();
    expect(findMentionAgain(annotator.mentions, mueller)).toBe(-1);
    annotator.stop();
  });

  it('finds the painted mentions of a text node before and after the page changes', async () => {
    const { doc, annotator } = setup('<p id="a">Jeff Sessions spoke.</p><p id="b">Nothing here.</p>');
    await annotator.start();
    const first = doc.getElementById('a')!.firstChild!;
    expect(annotator.paintedIn(first).map((p) => p.mention.entityId)).toEqual(['jeff-sessions']);
    const added = doc.createElement('p');
    added.textContent = 'Robert Mueller listened.';
    doc.body.append(added);
    await settle();
    expect(annotator.paintedIn(added.firstChild!).map((p) => p.mention.entityId)).toEqual(['robert-mueller']);
    doc.getElementById('a')!.remove();
    await settle();
    expect(annotator.paintedIn(first)).toEqual([]);
    expect(annotator.mentions.map((m) => m.mention.entityId)).toEqual(['robert-mueller']);
    annotator.stop();
    expect(annotator.paintedIn(added.firstChild!)).toEqual([]);
  });

  it('rescans an inline change beside block-level siblings as the run of text around it, not the whole container', async () => {
    const paragraphs = Array.from({ length: 50 }, (_, i) => `<p>Item ${i}: Jeff Sessions spoke.</p>`).join('');
    // a clock: a text node directly in <body>, between the paragraphs, rewritten by the page
    const { doc, annotator } = setup(`${paragraphs}<span id="c">Robert Mueller at 10:00</span> and Jeff Sessions<div>after</div>`);
    try {
      await annotator.start();
      const before = [...annotator.mentions];
      expect(texts(before)).toHaveLength(52);
      const clock = doc.getElementById('c')!.firstChild as Text;
      clock.data = 'Robert Mueller at 10:01';
      await settle();
      const after = annotator.mentions;
      expect(texts(after)).toEqual(texts(before));
      // the paragraphs' mentions are the very same (not rescanned); the run's are new
      expect(after.slice(0, 50).every((m, i) => m === before[i])).toBe(true);
      expect(after[50]).not.toBe(before[50]);
      expect(after[50]!.range.startContainer).toBe(clock);
      // the run's inline neighbour still joins it: "and Jeff Sessions" is one block with the clock
      expect(after[51]!.record).toBe(after[50]!.record);
    } finally {
      annotator.stop();
    }
  });

  it('joins the texts on both sides of a removed <br> or <div> into one block', async () => {
    for (const boundary of ['<br id="x">', '<div id="x">–</div>']) {
      const { doc, annotator } = setup(`<p>Nothing.</p>It was Jeff ${boundary}Sessions who spoke.<p>Also nothing.</p>`);
      try {
        await annotator.start();
        expect(texts(annotator.mentions)).toEqual([]);
        doc.getElementById('x')!.remove();
        await settle();
        expect(texts(annotator.mentions)).toEqual(['jeff-sessions:Jeff Sessions']);
      } finally {
        annotator.stop();
      }
    }
  });

  it('finds a shadow root that a late custom-element definition attaches to an element already scanned', async () => {
    const { doc, annotator } = setup('<p>Robert Mueller spoke.</p><x-card id="c">light text</x-card>');
    try {
      await annotator.start();
      expect(texts(annotator.mentions)).toEqual(['robert-mueller:Robert Mueller']);
      // the upgrade: no mutation record reaches a document observer
      doc.getElementById('c')!.attachShadow({ mode: 'open' }).innerHTML = '<p>Jeff Sessions answered.</p><slot></slot>';
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(texts(annotator.mentions)).toEqual(['robert-mueller:Robert Mueller', 'jeff-sessions:Jeff Sessions']);
      // its shadow root is now followed like any other
      doc.getElementById('c')!.shadowRoot!.append(Object.assign(doc.createElement('p'), { textContent: 'Robert Mueller again.' }));
      await settle();
      expect(texts(annotator.mentions)).toEqual(['robert-mueller:Robert Mueller', 'jeff-sessions:Jeff Sessions', 'robert-mueller:Robert Mueller']);
    } finally {
      annotator.stop();
    }
  });

  it('rescans the text of a block that a late shadow root splits on both sides of its host', async () => {
    const { doc, annotator } = setup('<p>Nothing.</p>Robert Mueller and <x-el id="x">friends</x-el> spoke.<p>Also nothing.</p>');
    try {
      await annotator.start();
      expect(texts(annotator.mentions)).toEqual(['robert-mueller:Robert Mueller']);
      const first = annotator.mentions[0]!;
      // the host now starts a block of its own: "Robert Mueller and " stands alone
      doc.getElementById('x')!.attachShadow({ mode: 'open' }).innerHTML = '<slot></slot>';
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(texts(annotator.mentions)).toEqual(['robert-mueller:Robert Mueller']);
      expect(annotator.mentions[0]).not.toBe(first);
      expect(annotator.mentions[0]!.record.block.text).toBe('Robert Mueller and ');
    } finally {
      annotator.stop();
    }
  });

  it('paints a component once when its upgrade moves light-DOM text into a new shadow root beside another component', async () => {
    const { doc, annotator } = setup(
      '<article><p>Jeff Sessions was sworn in.</p>\n<fact-card><span>Sessions’ recusal came in March 2017.</span></fact-card>\n<archive-note></archive-note>\n<live-quote>Robert Mueller spoke.</live-quote>\n<p>Jeff Sessions left.</p></article>',
    );
    const card = doc.querySelector('fact-card')!;
    card.attachShadow({ mode: 'open' }).innerHTML = '<h3>Special counsel Robert Mueller</h3><p><slot></slot></p>';
    doc.querySelector('archive-note')!.attachShadow({ mode: 'closed' }).innerHTML = '<p>Robert Mueller directed the FBI.</p>';
    try {
      await annotator.start();
      const expected = ['jeff-sessions:Jeff Sessions', 'robert-mueller:Robert Mueller', 'sessions-recusal:Sessions’ recusal', 'robert-mueller:Robert Mueller', 'jeff-sessions:Jeff Sessions'];
      expect(texts(annotator.mentions).sort()).toEqual([...expected].sort());
      // the upgrade of <live-quote>: a shadow root, and its light text moved into it
      const quote = doc.querySelector('live-quote')!;
      const root = quote.attachShadow({ mode: 'open' });
      root.innerHTML = '<blockquote></blockquote>';
      const bq = root.querySelector('blockquote')!;
      while (quote.firstChild) bq.appendChild(quote.firstChild);
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(texts(annotator.mentions).sort()).toEqual([...expected].sort());
      expect(annotator.mentions.find((m) => m.range.startContainer.parentNode === bq)).toBeDefined();
    } finally {
      annotator.stop();
    }
  });

  it('holds a mention across text nodes as a live Range when asked (Firefox), the others as static ranges', async () => {
    const doc = parse('<!doctype html><html><body><p>Then <b>Robert</b> Mueller and Jeff Sessions spoke.</p></body></html>');
    const painter = new FakePainter();
    const annotator = new Annotator(doc, new LazyRecognizer(rules), painter as unknown as HighlightPainter, { liveRangesAcrossNodes: true });
    try {
      await annotator.start();
      expect(texts(annotator.mentions)).toEqual(['robert-mueller:Robert Mueller', 'jeff-sessions:Jeff Sessions']);
      const [mueller] = [...painter.ranges.get('robert-mueller')!];
      const [sessions] = [...painter.ranges.get('jeff-sessions')!];
      expect(mueller).toBeInstanceOf(doc.defaultView!.Range);
      expect(sessions).toBeInstanceOf(StaticRange);
      // the hover and keyboard code get that same live Range, not a copy
      expect(annotator.mentions[0]!.range).toBe(mueller);
    } finally {
      annotator.stop();
    }
    expect(painter.size).toBe(0);
  });

  it('paints every mention of the page once, in document order, with static ranges', async () => {
    const { annotator, painter } = setup('<p>Attorney General Jeff Sessions spoke.</p><p>Nothing here.</p><p>Robert Mueller was appointed.</p>');
    await annotator.start();
    expect(texts(annotator.mentions)).toEqual(['jeff-sessions:Jeff Sessions', 'robert-mueller:Robert Mueller']);
    expect(painter.size).toBe(2);
    expect([...painter.ranges.get('jeff-sessions')!].every((r) => r instanceof StaticRange)).toBe(true);
    annotator.stop();
    expect(painter.size).toBe(0);
  });

  it('follows the page: a paragraph added before the others is painted and listed in document order; a removed one is released', async () => {
    const { doc, annotator, painter } = setup('<p id="a">Jeff Sessions spoke.</p><p id="b">Robert Mueller listened.</p>');
    await annotator.start();
    const added = doc.createElement('p');
    added.textContent = 'Robert Mueller arrived first.';
    doc.body.insertBefore(added, doc.getElementById('a'));
    await settle();
    expect(texts(annotator.mentions)).toEqual(['robert-mueller:Robert Mueller', 'jeff-sessions:Jeff Sessions', 'robert-mueller:Robert Mueller']);
    expect(annotator.mentions[0]!.range.startContainer.parentNode).toBe(added);
    doc.getElementById('b')!.remove();
    await settle();
    expect(texts(annotator.mentions)).toEqual(['robert-mueller:Robert Mueller', 'jeff-sessions:Jeff Sessions']);
    expect(painter.size).toBe(2);
    annotator.stop();
  });

  it('rescans the changes of one task in the next animation frame, without waiting for another task; with no frame, after mutationDelayMs', async () => {
    // the page names someone from the start, so the rules are compiled (a first name compiles
    // them in a task of its own, see below)
    const { doc, annotator, painter } = setup('<p>Robert Mueller spoke first.</p>');
    await annotator.start();
    expect(painter.size).toBe(1);
    const view = doc.defaultView!;
    const frames: FrameRequestCallback[] = [];
    const realRequest = view.requestAnimationFrame;
    const realCancel = view.cancelAnimationFrame;
    view.requestAnimationFrame = (callback: FrameRequestCallback) => frames.push(callback);
    view.cancelAnimationFrame = (handle: number) => void (frames[handle - 1] = () => undefined);
    const append = (text: string) => {
      const p = doc.createElement('p');
      p.textContent = text;
      doc.body.append(p);
    };
    try {
      // two changes in one task: one frame request, nothing rescanned before the frame
      append('Jeff Sessions spoke.');
      append('Robert Mueller listened.');
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(frames).toHaveLength(1);
      expect(painter.size).toBe(1);
      // the frame's callback and its microtasks alone paint both (no later task is needed)
      frames[0]!(0);
      for (let i = 0; i < 200 && painter.size < 3; i++) await Promise.resolve();
      expect(texts(annotator.mentions)).toEqual(['robert-mueller:Robert Mueller', 'jeff-sessions:Jeff Sessions', 'robert-mueller:Robert Mueller']);
      // a hidden tab gets no frame: the fallback timer (100 ms by default) rescans
      append('Sessions’ recusal followed.');
      await new Promise((resolve) => setTimeout(resolve, 40));
      expect(frames).toHaveLength(2);
      expect(painter.size).toBe(3);
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect(painter.size).toBe(4);
      // stop() cancels a pending frame: nothing is painted after it
      append('Jeff Sessions again.');
      await new Promise((resolve) => setTimeout(resolve, 20));
      annotator.stop();
      frames[frames.length - 1]!(0);
      await settle();
      expect(painter.size).toBe(0);
    } finally {
      view.requestAnimationFrame = realRequest;
      view.cancelAnimationFrame = realCancel;
    }
  });

  it('repaints an edit of highlighted text before the next frame: no frame shows a range over the old offsets', async () => {
    const { doc, annotator, painter } = setup('<p id="p">At 10:00 Robert Mueller spoke.</p><p>Jeff Sessions listened.</p>');
    await annotator.start();
    const view = doc.defaultView!;
    const realRequest = view.requestAnimationFrame;
    const frames: FrameRequestCallback[] = [];
    view.requestAnimationFrame = (callback: FrameRequestCallback) => frames.push(callback);
    try {
      const text = doc.getElementById('p')!.firstChild as Text;
      text.data = 'At 10:00:01 Robert Mueller spoke.'; // the name moved by three characters
      // microtasks only: no frame callback, no timer
      for (let i = 0; i < 200 && ![...painter.ranges.get('robert-mueller')!].some((r) => r.startOffset === 12); i++) await Promise.resolve();
      const ranges = [...painter.ranges.get('robert-mueller')!];
      expect(ranges.map((r) => [r.startOffset, r.endOffset])).toEqual([[12, 26]]);
      expect(texts(annotator.mentions)).toEqual(['robert-mueller:Robert Mueller', 'jeff-sessions:Jeff Sessions']);
      // an edit of text without a highlight still waits for the frame (batched with others)
      const other = doc.createElement('p');
      doc.body.append(other);
      other.textContent = 'Robert Mueller again.';
      for (let i = 0; i < 200; i++) await Promise.resolve();
      expect(painter.size).toBe(2);
      frames[frames.length - 1]!(0);
      for (let i = 0; i < 200 && painter.size < 3; i++) await Promise.resolve();
      expect(painter.size).toBe(3);
    } finally {
      view.requestAnimationFrame = realRequest;
      annotator.stop();
    }
  });

  it('keeps a rescanned container’s highlights until the rescan swaps them: no moment without them', async () => {
    const html = `<div id="feed">${Array.from({ length: 50 }, (_, i) => `<p>Item ${i}: Jeff Sessions met Robert Mueller.</p>`).join('')}</div>`;
    const doc = parse(`<!doctype html><html><body>${html}</body></html>`);
    const painter = new FakePainter();
    // every block a slice of its own: the rescan of #feed spans many tasks
    const annotator = new Annotator(doc, new LazyRecognizer(rules), painter as unknown as HighlightPainter, { sliceMs: 0 });
    await annotator.start();
    expect(painter.size).toBe(100);
    // inline content added to the feed itself: its whole container (#feed) is rescanned
    const span = doc.createElement('span');
    span.textContent = 'Loading more about Robert Mueller…';
    doc.getElementById('feed')!.append(span);
    const seen = new Set<number>();
    const end = Date.now() + 600;
    while (Date.now() < end && painter.size !== 101) {
      seen.add(painter.size);
      await yieldToPage();
    }
    expect(painter.size).toBe(101);
    expect([...seen]).toEqual([100]);
    expect(annotator.mentions).toHaveLength(101);
    annotator.stop();
    expect(painter.size).toBe(0);
  });

  it('compiles the rules in a task of its own, between two yields, not inside a scan slice', async () => {
    const events: string[] = [];
    class SpyRecognizer extends LazyRecognizer {
      override mayHoldName(text: string): boolean {
        events.push('check');
        return super.mayHoldName(text);
      }
      override get recognizer() {
        if (!this.isCompiled) events.push('compile');
        return super.recognizer;
      }
    }
    const html = Array.from({ length: 20 }, (_, i) => `<p>Item ${i}: Jeff Sessions met Robert Mueller.</p>`).join('');
    const doc = parse(`<!doctype html><html><body>${html}</body></html>`);
    const painter = new FakePainter();
    // slices long enough that only the compile's own yields (and the paint's) give the page a turn
    const annotator = new Annotator(doc, new SpyRecognizer(rules), painter as unknown as HighlightPainter, { sliceMs: 60_000 });
    let done = false;
    const started = annotator.start().then(() => void (done = true));
    while (!done) {
      events.push('tick'); // the page's turn: yieldToPage is one queue, so ticks interleave with the annotator's yields
      await yieldToPage();
    }
    await started;
    const at = events.indexOf('compile');
    expect(events.filter((e) => e === 'compile')).toHaveLength(1);
    expect(events.slice(at - 2, at + 2)).toEqual(['check', 'tick', 'compile', 'tick']);
    expect(annotator.mentions).toHaveLength(40);
    annotator.stop();
  });

  it('never compiles a lazy recognizer on a page that names no one, and compiles it when a name arrives', async () => {
    const lazy = new LazyRecognizer(rules);
    const doc = parse('<!doctype html><html><body><p>The attorney general spoke about the investigation.</p></body></html>');
    const painter = new FakePainter();
    const annotator = new Annotator(doc, lazy, painter as unknown as HighlightPainter);
    await annotator.start();
    expect(annotator.mentions).toHaveLength(0);
    expect(lazy.isCompiled).toBe(false);
    const p = doc.createElement('p');
    p.textContent = 'Later, Sessions left.';
    doc.body.append(p);
    await settle();
    expect(lazy.isCompiled).toBe(true);
    expect(texts(annotator.mentions)).toEqual(['jeff-sessions:Sessions']);
    annotator.stop();
  });

  it('re-decides earlier blocks when new text brings page evidence ("Sessions" alone, then the full name)', async () => {
    const { doc, annotator } = setup('<p>Sessions said little.</p>');
    await annotator.start();
    expect(annotator.mentions).toHaveLength(0);
    const p = doc.createElement('p');
    p.textContent = 'Attorney General Jeff Sessions later resigned.';
    doc.body.append(p);
    await settle();
    expect(texts(annotator.mentions)).toEqual(['jeff-sessions:Sessions', 'jeff-sessions:Jeff Sessions']);
    annotator.stop();
  });

  it('counts words passed over on a page that named no one once a name appears (cue "attorney general", then "Sessions")', async () => {
    const { doc, annotator } = setup('<p>The attorney general spoke.</p>');
    await annotator.start();
    expect(annotator.mentions).toHaveLength(0);
    const p = doc.createElement('p');
    p.textContent = 'Later, Sessions left.';
    doc.body.append(p);
    await settle();
    expect(texts(annotator.mentions)).toEqual(['jeff-sessions:Sessions']);
    annotator.stop();
  });

  it('gives the same mentions in a 300 K character text node as in short paragraphs, hover lookup included', async () => {
    const line = 'Attorney General Jeff Sessions met Robert Mueller in a long session.\n';
    const { doc, annotator } = setup(`<pre>${line.repeat(4000)}</pre>`);
    await annotator.start();
    expect(annotator.mentions).toHaveLength(8000);
    const node = doc.querySelector('pre')!.firstChild!;
    expect(annotator.paintedIn(node)).toHaveLength(8000);
    expect(new Set(texts(annotator.mentions))).toEqual(new Set(['jeff-sessions:Jeff Sessions', 'robert-mueller:Robert Mueller']));
    annotator.stop();
  });
});
