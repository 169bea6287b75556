/**
 * The harness itself (scripts/e2e-lib), so that a case's verdict can be trusted: text
 * normalisation and mention comparison as ../shared/cases/README.md states them, and, in both
 * browsers, reading highlights in flat-tree document order across an open shadow root, a slot
 * and a frame, with mustNotFind / mayFind judged and ranges that paint nothing set aside. The
 * highlights here are registered by the test from the page's main world under `factcheck-test-*`
 * names, on a page with no name the extension knows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, normaliseText, sameMention, waitUntil, type BrowserName, type ExtensionBrowser, type TestPage } from '../../scripts/e2e-lib/browsers';
import { compareMentions } from '../../scripts/e2e-lib/compare';
import { DEFAULT_ROOTS, startServer, type StaticServer } from '../../scripts/e2e-lib/server';

describe('text comparison as the cases README states it', () => {
  it('normalises NFC, NBSP, invisible characters and whitespace runs', () => {
    expect(normaliseText('Robert Mu\u0308ller')).toBe('Robert Müller');
    expect(normaliseText('Jeff\u00a0Sessions')).toBe('Jeff Sessions');
    expect(normaliseText('Robert Muel\u00adler Ses\u200bsi\u200c\u200dons\u2060\ufeff')).toBe('Robert Mueller Sessions');
    expect(normaliseText('  Robert\n        Mueller \t')).toBe('Robert Mueller');
  });

  it('allows a possessive ending inside the annotation or not, and nothing else', () => {
    expect(sameMention('Robert Mueller’s', 'Robert Mueller')).toBe(true);
    expect(sameMention("Mueller's", 'Mueller')).toBe(true);
    expect(sameMention('Robert Mueller', 'Robert Mueller’s')).toBe(true);
    expect(sameMention('Robert Mueller', 'Robert Muller')).toBe(false);
    expect(sameMention('Jeff Sessions', 'Sessions')).toBe(false);
  });

  it('names missing and unexpected annotations, and accepts an exact match', () => {
    const expected = [
      { entity: 'jeff-sessions', text: 'Jeff Sessions' },
      { entity: 'robert-mueller', text: 'Robert Mueller' },
    ];
    expect(compareMentions(expected, [...expected])).toEqual([]);
    const reasons = compareMentions(expected, [
      { entity: 'jeff-sessions', text: 'Jeff Sessions' },
      { entity: 'sessions-recusal', text: 'recusal' },
    ]);
    expect(reasons[0]).toBe('mentions differ (expected 2, got 2)');
    expect(reasons).toContain('missing: #1 robert-mueller "Robert Mueller"');
    expect(reasons).toContain('unexpected: #1 sessions-recusal "recusal"');
  });
});

/** Registers highlights from the main world: the words named, per highlight name, in each tree. */
const REGISTER = `(() => {
  const card = document.querySelector('x-card').shadowRoot;
  const frameDoc = document.getElementById('frame').contentDocument;
  const word = (root, id, text) => {
    const node = [...root.getElementById(id).childNodes].find((n) => n.nodeType === 3 && n.data.includes(text));
    const r = (root.ownerDocument || root).createRange();
    const at = node.data.indexOf(text);
    r.setStart(node, at);
    r.setEnd(node, at + text.length);
    return r;
  };
  const collapsed = document.createRange();
  collapsed.setStart(document.getElementById('first').firstChild, 3);
  // Registered out of order on purpose: reading must sort them.
  CSS.highlights.set('factcheck-test-b', new Highlight(word(document, 'last', 'Zeta'), word(card, 'heading', 'Delta'), collapsed));
  CSS.highlights.set('factcheck-test-a', new Highlight(word(document, 'slotted', 'Gamma'), word(document, 'first', 'Alpha'), word(document, 'last', 'trap'),
    word(document, 'last', 'Eta\\u00a0Theta\\u00adta')));
  frameDoc.defaultView.CSS.highlights.set('factcheck-test-c', new frameDoc.defaultView.Highlight(word(frameDoc, 'inside', 'Epsilon')));
  CSS.highlights.set('not-ours', new Highlight(word(document, 'first', 'one')));
  return true;
})()`;

describe.each<BrowserName>(['chromium', 'firefox'])('%s: reading highlights', (name) => {
  let server: StaticServer;
  let browser: ExtensionBrowser;
  let page: TestPage;

  beforeAll(async () => {
    server = await startServer(DEFAULT_ROOTS);
    browser = await launch(name);
    page = await browser.openPage(`${server.origin}/fixtures/harness.html`);
    await page.waitForCaseReady(10_000);
    await waitUntil(() => page.evaluate<boolean>("document.getElementById('frame').contentDocument?.getElementById('inside') !== null"), 5000, 'frame');
    expect(await page.evaluate(REGISTER)).toBe(true);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('reads our highlights in flat-tree order: shadow content at its host, slotted text at its slot, a frame at its <iframe>', async () => {
    expect(await page.readAnnotations()).toEqual([
      { entity: 'test-a', text: 'Alpha' },
      { entity: 'test-b', text: 'Delta' },
      { entity: 'test-a', text: 'Gamma' },
      { entity: 'test-c', text: 'Epsilon' },
      { entity: 'test-b', text: 'Zeta' },
      { entity: 'test-a', text: 'trap' },
      { entity: 'test-a', text: 'Eta\u00a0Theta\u00adta' },
    ]);
  });

  it('flags annotations overlapping a mustNotFind string and inside a mayFind string, and sets collapsed ranges aside', async () => {
    const { annotations, stale } = await page.readAnnotationsDetailed({ mustNotFind: ['a trap word', 'Eta Thetata'], mayFind: ['Zeta last'] });
    const byText = new Map(annotations.map((a) => [a.text, a]));
    expect(byText.get('trap')?.mustNot).toEqual(['a trap word']);
    expect(byText.get('Eta\u00a0Theta\u00adta')?.mustNot).toEqual(['Eta Thetata']);
    expect(byText.get('Zeta')?.may).toBe(true);
    expect(byText.get('Alpha')?.mustNot).toEqual([]);
    expect(byText.get('Alpha')?.may).toBe(false);
    expect(stale.map((s) => [s.entity, s.reason])).toEqual([['test-b', 'collapsed']]);
  });

  it('hovers the middle of an annotation, inside a frame too', async () => {
    const track = `(() => { window.__moves = []; const log = (e) => window.__moves.push(e.target.id || e.target.nodeName);
      document.addEventListener('mousemove', log, true);
      document.getElementById('frame').contentDocument.addEventListener('mousemove', log, true); return true; })()`;
    expect(await page.evaluate(track)).toBe(true);
    await page.hover('Gamma');
    expect(await page.evaluate<string>('window.__moves.at(-1)')).toBe('slotted');
    await page.hover('Epsilon');
    expect(await page.evaluate<string>('window.__moves.at(-1)')).toBe('inside');
  });
});
