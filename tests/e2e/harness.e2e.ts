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
import { join } from 'node:path';
import { DEFAULT_ROOTS, REPO_ROOT, startServer, type StaticServer } from '../../scripts/e2e-lib/server';

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

describe.each<BrowserName>(['chromium', 'firefox'])("%s: errors of the extension's background and of the page", (name) => {
  let server: StaticServer;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    server = await startServer(DEFAULT_ROOTS);
    browser = await launch(name);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('records a console.error, an uncaught error and an unhandled rejection of the background as extension errors', async () => {
    await browser.evaluateInBackground(
      "(() => { console.error('fc-test-console'); setTimeout(() => { throw new Error('fc-test-throw'); }, 0); Promise.reject(new Error('fc-test-reject')); return true; })()",
    );
    const seen = (await waitUntil(
      async () => {
        const texts = browser.backgroundErrors().map((l) => l.text);
        return ['fc-test-console', 'fc-test-throw', 'fc-test-reject'].every((t) => texts.some((x) => x.includes(t))) ? browser.backgroundErrors() : null;
      },
      10_000,
      `background errors not recorded (have ${JSON.stringify(browser.backgroundErrors())})`,
    ))!;
    const byText = (t: string) => seen.find((l) => l.text.includes(t));
    expect(byText('fc-test-console')).toMatchObject({ type: 'error', fromExtension: true, background: true });
    expect(byText('fc-test-throw')).toMatchObject({ type: 'pageerror', fromExtension: true, background: true });
    expect(byText('fc-test-reject')).toMatchObject({ type: 'pageerror', fromExtension: true, background: true });
    for (const l of seen) expect(l.source.startsWith(browser.extensionOrigin)).toBe(true);
    // The same entries reach the lists that the runners and the other tests read.
    expect(browser.consoleErrors().some((l) => l.text === 'fc-test-console' && l.fromExtension)).toBe(true);
    expect(browser.pageErrors().filter((l) => /fc-test-(throw|reject)/.test(l.text) && l.fromExtension)).toHaveLength(2);
  });

  it('records an error of an extension page opened in a tab (the popup) as an extension error', async () => {
    const page = await browser.openPage(`${server.origin}/fixtures/harness.html`);
    const popup = await browser.openPopup(page);
    await popup.evaluate("(setTimeout(() => { throw new Error('fc-popup-throw'); }, 0), console.error('fc-popup-console'), true)");
    await waitUntil(async () => browser.pageErrors().some((l) => l.text.includes('fc-popup-throw')), 10_000, 'popup error not recorded');
    await waitUntil(async () => browser.consoleErrors().some((l) => l.text.includes('fc-popup-console')), 10_000, 'popup console error not recorded');
    expect(browser.pageErrors().find((l) => l.text.includes('fc-popup-throw'))).toMatchObject({ fromExtension: true });
    expect(browser.consoleErrors().find((l) => l.text.includes('fc-popup-console'))).toMatchObject({ fromExtension: true });
    expect(browser.backgroundErrors().some((l) => /fc-popup/.test(l.text))).toBe(false);
    await browser.closePages();
  });

  it("does not flag the page's own uncaught error as the extension's", async () => {
    const page = await browser.openPage(`${server.origin}/fixtures/harness.html`);
    await page.evaluate("(setTimeout(function fcPageThrows() { throw new Error('fc-page-own'); }, 0), true)");
    const own = (await waitUntil(async () => browser.pageErrors().find((l) => l.text.includes('fc-page-own')), 10_000, 'page error not recorded'))!;
    expect(own).toMatchObject({ type: 'pageerror', fromExtension: false });
    expect(own.source).toBe(`${server.origin}/fixtures/harness.html`);
    await browser.closePages();
  });
});

describe('firefox: a content script error', () => {
  let server: StaticServer;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    server = await startServer(DEFAULT_ROOTS);
    // A test add-on whose content script throws (tests/e2e/fixtures/throwing-extension): ours does not.
    browser = await launch('firefox', { extensionDir: join(REPO_ROOT, 'tests/e2e/fixtures/throwing-extension') });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("is flagged fromExtension (its stack is on moz-extension://), and the page's own error on the same page is not", async () => {
    const page = await browser.openPage(`${server.origin}/fixtures/harness.html?fc-throw`);
    await page.evaluate("(setTimeout(function fcPageThrows() { throw new Error('fc-page-own'); }, 0), true)");
    const find = async (t: string) => (await waitUntil(async () => browser.pageErrors().find((l) => l.text.includes(t)), 10_000, `"${t}" not recorded (have ${JSON.stringify(browser.pageErrors())})`))!;
    const fromContentScript = await find('fc-content-script-throw');
    const own = await find('fc-page-own');
    expect(fromContentScript.text).toContain('moz-extension://');
    expect(fromContentScript.fromExtension).toBe(true);
    expect(own.fromExtension).toBe(false);
  });
});
