/**
 * A long page that edits its highlighted text while the first scan runs, in real Chromium and
 * Firefox with the built extension. Every animation frame, a recorder in the page checks every
 * range of every `factcheck-*` Highlight: none may ever cover characters that are not a name
 * (an edit before a name moves it; a static range does not follow). The page's headline is a
 * bare "Sessions" that a namesake at the bottom overturns: the early paint of the top of the page
 * must never show it. Once the edits stop, the highlights equal those of a load without edits.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, sleep, waitUntil, type Annotation, type BrowserName, type ExtensionBrowser, type TestPage } from '../../scripts/e2e-lib/browsers';
import { startServer, type StaticServer } from '../../scripts/e2e-lib/server';

/** Paragraphs of the page (about 2 MB of text: the first scan takes several slices and paints early). */
const PARAGRAPHS = 6000;
/** How long the page edits, and how long the recorder watches, in ms from its first script. */
const EDIT_MS = 2000;
const RECORD_MS = 6000;

const PLAIN = [
  'The committee met behind closed doors on Tuesday and adjourned without announcing a schedule for the next round of testimony.',
  'Officials familiar with the matter said the documents had been requested weeks ago but were delivered only late on Friday evening.',
  'Lawmakers from both parties questioned whether the department had followed its own guidelines when it opened the inquiry.',
  'A spokeswoman for the agency declined to comment, citing the ongoing nature of the review and a longstanding policy.',
  'Court filings unsealed on Monday showed that investigators had interviewed dozens of witnesses over the summer.',
  'The judge gave both sides until the end of the month to submit written arguments on the scope of the subpoena.',
];
const NAMED = [
  'Attorney General Jeff Sessions told the committee he had no recollection of the meeting.',
  'The special counsel, Robert Mueller, has declined to speak publicly about the investigation.',
  'Aides to Jeff Sessions said he had followed the advice of career ethics officials.',
  'Robert Mueller was appointed after the firing of the FBI director set off a political storm.',
];

/** The page: a headline, paragraphs (names in the first 24 and in 1 of 40 after), a namesake last. */
function pageHtml(): string {
  let seed = 7;
  const r = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const out = ['<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sessions out</title></head><body>', '<h1>Sessions out</h1>'];
  for (let i = 0; i < PARAGRAPHS; i++) {
    const named = i < 24 || r() < 0.025;
    const parts = [PLAIN[Math.floor(r() * PLAIN.length)], PLAIN[Math.floor(r() * PLAIN.length)], PLAIN[Math.floor(r() * PLAIN.length)]];
    if (named) parts.splice(1, 0, NAMED[i % NAMED.length]!);
    out.push(`<p${named ? ' data-named' : ''}>${parts.join(' ')}</p>`);
  }
  out.push('<p>Rep. Pete Sessions of Texas also spoke.</p>');
  out.push(`<script>
(function () {
  var rec = window.__rec = { frames: 0, wrong: [], headline: 0, edits: 0, done: false };
  var h1 = document.querySelector('h1');
  var word = /[\\p{L}\\p{N}]/u;
  function frame() {
    var t = performance.now();
    rec.frames++;
    for (var [name, highlight] of CSS.highlights) {
      if (!name.startsWith('factcheck-')) continue;
      for (var r of highlight) {
        if (h1.contains(r.startContainer)) rec.headline++;
        if (r.startContainer !== r.endContainer || r.startContainer.nodeType !== 3) continue;
        var d = r.startContainer.data;
        var text = d.slice(r.startOffset, r.endOffset);
        var cut = (r.startOffset > 0 && word.test(d[r.startOffset - 1])) || (r.endOffset < d.length && word.test(d[r.endOffset]));
        if (r.endOffset > d.length || !/^(Jeff Sessions|Robert Mueller|Sessions|Mueller)$/.test(text) || cut) {
          if (rec.wrong.length < 20) rec.wrong.push(Math.round(t) + ' ms: ' + JSON.stringify(d.slice(Math.max(0, r.startOffset - 4), r.startOffset) + '[' + text + ']' + d.slice(r.endOffset, r.endOffset + 4)));
        }
      }
    }
    if (t < ${RECORD_MS}) requestAnimationFrame(frame); else rec.done = true;
  }
  requestAnimationFrame(frame);
  if (location.search === '?still') return;
  // from the first script on: text inserted before the names of the first 20 named paragraphs
  var nodes = [].slice.call(document.querySelectorAll('p[data-named]'), 0, 20).map(function (p) { return p.firstChild; });
  var i = 0;
  var timer = setInterval(function () {
    nodes[i++ % nodes.length].insertData(0, 'x');
    rec.edits++;
    if (performance.now() > ${EDIT_MS}) clearInterval(timer);
  }, 5);
})();
</script></body></html>`);
  return out.join('\n');
}

describe.each<BrowserName>(['chromium', 'firefox'])('%s: a long page editing its highlighted text during the first scan', (name) => {
  let dir: string;
  let server: StaticServer;
  let browser: ExtensionBrowser;
  let page: TestPage;
  let recorded: { frames: number; wrong: string[]; headline: number; edits: number };
  let edited: Annotation[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fc-live-edits-'));
    writeFileSync(join(dir, 'edits.html'), pageHtml());
    server = await startServer({ '/': dir });
    browser = await launch(name);
    page = await browser.openPage(`${server.origin}/edits.html`);
    await waitUntil(() => page.evaluate<boolean>('window.__rec.done'), 30_000, 'the recorder did not finish');
    recorded = await page.evaluate('window.__rec');
    edited = await page.readAnnotations();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('never shows a highlight over characters an edit moved, in any frame', () => {
    expect(recorded.edits).toBeGreaterThan(50);
    expect(recorded.frames).toBeGreaterThan(20);
    expect(recorded.wrong).toEqual([]);
  });

  it('never highlights the headline surname that a namesake further down overturns, early or late', () => {
    expect(recorded.headline).toBe(0);
  });

  it('ends with the highlights of a load of the same page without edits', async () => {
    await page.goto(`${server.origin}/edits.html?still`);
    let still: Annotation[] = [];
    await waitUntil(async () => (still = await page.readAnnotations()).length >= edited.length, 30_000, '').catch(() => undefined);
    await sleep(1000); // settled: one more second without change
    still = await page.readAnnotations();
    expect(edited.length).toBeGreaterThan(100);
    expect(edited).toEqual(still);
  });

  it('logs no error from the extension', () => {
    const errors = [...browser.consoleErrors(), ...browser.pageErrors()].filter((l) => l.fromExtension);
    expect(errors.map((l) => `${l.source}: ${l.text}`)).toEqual([]);
  });
});
