/**
 * `npm run pages:check`: the extension on real pages. Over every page of
 * `../shared/corpus/pages` and every case page of `../shared/cases` (`*.html` but
 * `*.frame.html`), in real Chromium and real Firefox with the built extension:
 *
 *  1. no console error and no uncaught exception / unhandled rejection from the extension:
 *     source or stack on a chrome-extension:// or moz-extension:// URL, a message starting
 *     `[fact-check]` at any level (the content script's only log), or an uncaught error the page
 *     does not throw without the extension (page JavaScript is off, see below, so the page has
 *     no code to throw; Firefox reports a content script's rejection with no stack at all).
 *     The extension's background (Chromium's service worker, Firefox's background page) counts
 *     too: its errors while the page was open, and those since the previous page was read
 *     (`backgroundErrors()`, which `clearRecords()` keeps), fail the page they precede.
 *     The page's own errors (its failing external resources, its scripts blocked by CSP) are
 *     counted apart;
 *  2. no network request made by the extension: the harness's `fromExtension`; a request to the
 *     test server with an extension Origin/Referer; a fetch/XHR/WebSocket/EventSource/beacon
 *     that the page does not make without the extension (Chromium's resource type, the wire's
 *     `Sec-Fetch-Dest`; with page JavaScript off only the extension can make those); a request
 *     to a host that the page does not contact without the extension. Other extra loads
 *     (images, styles, fonts of the page, which depend on how long it stays open) are notes;
 *  3. the page's text and element tree identical with and without the extension, an open card's
 *     `<fc-tooltip>` host aside, and nothing in the card or in an adopted stylesheet that loads
 *     a resource;
 *  4. (corpus pages) highlights per entity in the browser vs. `npm run scan` on the same file.
 *
 * Method, per browser (one browser process at a time):
 *  - Pass A, with the extension (`launch()`, its own profile), every page: open it, wait until
 *    the extension has settled (the top frame reported its mentions to the background and the
 *    reports and highlights stayed the same for 500 ms; a frame that paints nothing never
 *    reports, so a page with neither a report nor a highlight is settled after a quiet period
 *    scaled to its size), hover the first mention and wait for its card (it names the entity),
 *    then serialise every frame's DOM. The `<fc-tooltip>` child of `<html>` is left out and
 *    counted: exactly one must exist when a card is open, none otherwise.
 *  - Pass B, without the extension, every page: a second browser launch with a fresh profile
 *    and nothing installed (Chromium: a second persistent context; Firefox: a second launch
 *    without installExtension), same flags and prefs, so the page's external resources fail the
 *    same way; open the same URL, scroll to where pass A's hover left the page, serialise.
 *    Launched after pass A's browser is closed: the machine runs one browser at a time.
 *  - Page JavaScript is off in both passes, so both loads build the same DOM from the same bytes
 *    (no timers, random ids or clocks) and every difference is the extension's:
 *      Chromium: the server sends `Content-Security-Policy: script-src 'none'` with every HTML
 *        file; content scripts are exempt from page CSP. Not the context's `javaScriptEnabled`
 *        nor the JavaScript content setting: with either, Chromium injects the content script
 *        but never fires its `setTimeout` callbacks (probed in the content script's world: rAF,
 *        MessageChannel and requestIdleCallback fire, setTimeout does not), so the extension
 *        never finishes a scan.
 *      Firefox: pref `javascript.enabled=false`; content scripts and their timers still run.
 *    Checked on every case page: its inline script sets `window.caseReady`, which must stay unset.
 *  - Network: Chromium's `request` events cover content-script requests (their type tells a
 *    fetch from an image); Firefox reports none of a content script's requests to the
 *    automation, so in both of its passes every external request goes through a logging proxy
 *    (`startWireLog`) and the test server logs the rest: the wire shows them all.
 *  - Serialisation (`SERIALISE`): in tree order, `<tag attr="v" ...>` with attributes sorted by
 *    name, text and comment data, doctype, open shadow roots and template contents, each line
 *    with its path (`/html[1]/body[2]/p[4]/#text[0]`: node name and child index). Each frame is
 *    serialised and matched by the path of its frame element; frames on the browser's own error
 *    page (external src) are not compared. A difference is reported with its first path.
 *  - Counts: `scanHtml` of scripts/scan.ts (what `npm run scan -- --json` runs) on the file,
 *    whole mentions as the browser paints them, vs. the top frame's highlights (the `--json`
 *    output splits a compound such as "Sessions’ recusal" into its parts; that figure is shown
 *    when it differs). A difference is flagged (COUNTS DIFFER), not failed.
 *
 * Options:
 *   --browser=chromium|firefox|both   (default both)
 *   --only=id,id                      corpus page ids and/or case names (`corpus/` or `cases/` prefix optional)
 *   --report-only                     exit 0 even when a page fails
 *   --chromium-ext=DIR --firefox-ext=DIR   other builds than .output/chrome-mv3 / firefox-mv2
 *   PAGES_CHECK_TIMING=1 (environment)      per-page timings on stderr
 *
 * Prints `PASS|FAIL <browser> <page> [...]` per page and browser, then `N passed, N failed`.
 * Build first: `npx wxt build && npx wxt build -b firefox`.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Frame as PwFrame, type Page as PwPage } from 'playwright-core';
import puppeteer, { type Browser as PpBrowser, type Frame as PpFrame, type Page as PpPage } from 'puppeteer-core';
import {
  chromiumArgs,
  chromiumPath,
  firefoxPath,
  HERMETIC_FIREFOX_PREFS,
  launch,
  normaliseText,
  setFirefoxViewport,
  sleep,
  waitUntil,
  type BrowserName,
  type ExtensionBrowser,
  type LogEntry,
  type NetworkRecord,
  type TestPage,
} from './e2e-lib/browsers';
import { parseRunnerOptions } from './e2e-lib/cli';
import { DEFAULT_ROOTS, REPO_ROOT, startServer, type StaticServer } from './e2e-lib/server';
import { decodeHtml, scanHtml } from './scan';

// ---- pages ----------------------------------------------------------------------------------

const CORPUS_DIR = join(REPO_ROOT, '../shared/corpus/pages');
const CASES_DIR = join(REPO_ROOT, '../shared/cases');

interface PageSpec {
  /** `corpus/<id>` or `cases/<name>`. */
  label: string;
  id: string;
  kind: 'corpus' | 'case';
  file: string;
  /** Path on the test server. */
  path: string;
  bytes: number;
}

function listPages(): PageSpec[] {
  const pages: PageSpec[] = [];
  for (const name of readdirSync(CORPUS_DIR).filter((f) => /\.html?$/i.test(f)).sort()) {
    const id = name.replace(/\.html?$/i, '');
    const file = join(CORPUS_DIR, name);
    pages.push({ label: `corpus/${id}`, id, kind: 'corpus', file, path: `/corpus/${name}`, bytes: statSync(file).size });
  }
  for (const name of readdirSync(CASES_DIR).filter((f) => f.endsWith('.html') && !f.endsWith('.frame.html')).sort()) {
    const id = name.slice(0, -'.html'.length);
    const file = join(CASES_DIR, name);
    pages.push({ label: `cases/${id}`, id, kind: 'case', file, path: `/cases/${name}`, bytes: statSync(file).size });
  }
  return pages;
}

// ---- options --------------------------------------------------------------------------------

interface Options {
  browsers: BrowserName[];
  only: string[] | null;
  reportOnly: boolean;
  ext: Partial<Record<BrowserName, string>>;
}

function parseArgs(argv: string[]): Options {
  const { browsers, only, reportOnly, ext } = parseRunnerOptions(argv);
  return {
    browsers,
    only,
    reportOnly,
    ext,
  };
}

// ---- timing ---------------------------------------------------------------------------------

/** Whole run (both browsers, both passes); pages not reached in time fail as "not run". */
const RUN_BUDGET_MS = 14 * 60_000;
/** Per page and pass: 45 s, plus 40 s per MB of HTML (wtfjht-yearbook-2017 is 1.6 MB). */
const pageTimeoutMs = (bytes: number): number => 45_000 + Math.round((bytes / 1e6) * 40_000);
/** Highlights and reports unchanged for this long: settled. */
const STABLE_MS = 500;
const CARD_TIMEOUT_MS = 5000;
/** No report and no highlight for this long (plus per MB of HTML): a page without mentions, settled. */
const QUIET_MS = 1500;
const QUIET_MS_PER_MB = 3000;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${Math.round(ms / 1000)} s`)), ms);
    }),
  ]);
}

// ---- in-page code (plain JS source: no transpiler helper may reach a browser) ---------------

/**
 * Canonical serialisation of the frame's document: one line per node in tree order, with its
 * path. `<fc-tooltip>` children of `<html>` (where the card is mounted) are left out and counted.
 */
const SERIALISE_SOURCE = `
  var lines = [];
  var excluded = 0;
  var HTML = 'http://www.w3.org/1999/xhtml';
  function nameOf(n) {
    return n.namespaceURI && n.namespaceURI !== HTML ? (n.prefix ? n.prefix + ':' : '') + n.localName + '{' + n.namespaceURI + '}' : n.localName;
  }
  function attrs(el) {
    var list = [];
    for (var i = 0; i < el.attributes.length; i++) {
      var a = el.attributes[i];
      list.push([a.namespaceURI ? '{' + a.namespaceURI + '}' + a.localName : a.name, a.value]);
    }
    list.sort(function (x, y) { return x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0; });
    var out = '';
    for (var j = 0; j < list.length; j++) out += ' ' + list[j][0] + '=' + JSON.stringify(list[j][1]);
    return out;
  }
  function walk(node, path) {
    var kids = node.childNodes;
    for (var i = 0; i < kids.length; i++) {
      var n = kids[i];
      if (n.nodeType === 1) {
        if (n.localName === 'fc-tooltip' && n.parentNode === document.documentElement) {
          excluded++;
          continue;
        }
        var name = nameOf(n);
        var p = path + '/' + name + '[' + i + ']';
        lines.push(p + ' <' + name + attrs(n) + '>');
        if (n.shadowRoot) {
          lines.push(p + '/#shadow-root ' + n.shadowRoot.mode);
          walk(n.shadowRoot, p + '/#shadow-root');
        }
        if (n.localName === 'template' && n.content) walk(n.content, p + '/#content');
        walk(n, p);
      } else if (n.nodeType === 3) {
        lines.push(path + '/#text[' + i + '] ' + JSON.stringify(n.data));
      } else if (n.nodeType === 8) {
        lines.push(path + '/#comment[' + i + '] ' + JSON.stringify(n.data));
      } else if (n.nodeType === 10) {
        lines.push(path + '/#doctype[' + i + '] ' + n.name + ' ' + JSON.stringify(n.publicId) + ' ' + JSON.stringify(n.systemId));
      } else if (n.nodeType === 7) {
        lines.push(path + '/#pi[' + i + '] ' + n.target + ' ' + JSON.stringify(n.data));
      }
    }
  }
  walk(document, '');
  // Firefox's error page keeps the failed URL in location.href; its documentURI says about:neterror.
  var errorPage = /^(chrome-error:|about:(neterror|certerror|blocked))/.test(document.documentURI);
  return { url: errorPage ? document.documentURI : location.href, text: lines.join('\\n'), excluded: excluded, caseReady: window.caseReady === true };
`;
const SERIALISE = new Function(SERIALISE_SOURCE) as () => FrameDump;

/** Sizes of the top frame's `factcheck-*` highlights, as one string (cheap, for settling). */
const HIGHLIGHT_SIZES = new Function(`
  if (!window.CSS || !CSS.highlights) return 'no CSS.highlights';
  var out = [];
  CSS.highlights.forEach(function (h, name) { if (name.indexOf('factcheck-') === 0) out.push(name + '=' + h.size); });
  return out.sort().join(' ');
`) as () => string;

/**
 * Anything in the extension's own UI that would make the browser load a resource: elements with
 * a URL in the card's shadow root, `url(` in the card's or the document's adopted stylesheets
 * (the page's own markup cannot adopt sheets: its JavaScript is off).
 */
const UI_RESOURCES = new Function(`
  var found = [];
  function sheetsOf(root) {
    var list = root.adoptedStyleSheets || [];
    for (var i = 0; i < list.length; i++) {
      var text = '';
      try {
        for (var j = 0; j < list[i].cssRules.length; j++) text += list[i].cssRules[j].cssText;
      } catch (e) {}
      var m = /url\\(\\s*['"]?(?!data:)[^'")\\s]+/i.exec(text);
      if (m) found.push('adopted stylesheet: ' + m[0]);
    }
  }
  sheetsOf(document);
  var hosts = document.querySelectorAll('fc-tooltip');
  for (var h = 0; h < hosts.length; h++) {
    var root = hosts[h].shadowRoot;
    if (!root) continue;
    sheetsOf(root);
    var els = root.querySelectorAll('img, image, picture, source, video, audio, track, iframe, frame, embed, object, link, script, input[type=image], use');
    for (var k = 0; k < els.length; k++) {
      var el = els[k];
      var url = el.getAttribute('src') || el.getAttribute('srcset') || el.getAttribute('data') || el.getAttribute('poster') ||
        (el.localName === 'link' ? el.getAttribute('href') : null) || el.getAttribute('href') || el.getAttribute('xlink:href');
      if (url && !/^(data|blob):/i.test(url)) found.push('card <' + el.localName + '> ' + url);
    }
  }
  return found;
`) as () => string[];

const SCROLL = new Function('return [window.scrollX, window.scrollY];') as () => [number, number];
const SCROLL_TO = new Function('xy', 'window.scrollTo(xy[0], xy[1]); return [window.scrollX, window.scrollY];') as (xy: [number, number]) => [number, number];

interface FrameDump {
  url: string;
  text: string;
  excluded: number;
  caseReady: boolean;
}

/** A frame of either automation library. */
type RawFrame = PwFrame | PpFrame;
type RawPage = PwPage | PpPage;

async function evalIn<T, A = undefined>(frame: RawFrame, fn: (arg: A) => T, arg?: A): Promise<T> {
  return (await (frame as PwFrame).evaluate(fn as never, arg as never)) as T;
}

/** Path of a frame's <iframe>/<frame> element in its document, through shadow roots. */
const ELEMENT_PATH = new Function('el', `
  var parts = [];
  var n = el;
  while (n && n.parentNode) {
    var p = n.parentNode;
    var i = Array.prototype.indexOf.call(p.childNodes, n);
    if (p.nodeType === 11 && p.host) {
      parts.push('#shadow-root/' + n.nodeName.toLowerCase() + '[' + i + ']');
      n = p.host;
    } else {
      parts.push(n.nodeName.toLowerCase() + '[' + i + ']');
      n = p;
    }
  }
  return '/' + parts.reverse().join('/');
`) as (el: unknown) => string;

/** One frame's serialisation, with the URL it showed. */
interface FrameEntry {
  url: string;
  dump: FrameDump | string;
}
/** Frames by key: `top`, then `top > /html[1]/body[2]/iframe[3]` (the frame element's path) and so on. */
type Dumps = Map<string, FrameEntry>;

/** Serialises every frame of `page`, each keyed by where its frame element is. */
async function dumpFrames(page: RawPage): Promise<Dumps> {
  const out: Dumps = new Map();
  const visit = async (frame: RawFrame, key: string): Promise<void> => {
    let dump: FrameDump | string;
    try {
      dump = await evalIn(frame, SERIALISE);
    } catch (error) {
      dump = `(unreadable: ${String((error as Error).message ?? error).split('\n')[0]})`;
    }
    out.set(key, { url: typeof dump === 'string' ? frame.url() : dump.url, dump });
    let unplaced = 0;
    for (const child of frame.childFrames() as RawFrame[]) {
      let path: string | null = null;
      try {
        const handle = await (child as PwFrame).frameElement();
        if (handle) {
          path = (await handle.evaluate(ELEMENT_PATH as never)) as string;
          await handle.dispose().catch(() => undefined);
        }
      } catch {
        path = null;
      }
      await visit(child, `${key} > ${path ?? `(frame #${++unplaced} with no reachable element)`}`);
    }
  };
  await visit((page as PwPage).mainFrame(), 'top');
  return out;
}

/**
 * A frame that shows the browser's own error page (an <iframe> whose external URL does not
 * resolve in the hermetic setup), or the initial about:blank of such a navigation not yet
 * failed: not page content, and Chromium's error page carries random template markers
 * (`<!--?lit$123$-->`) that differ on every load. Not compared; counted in the notes.
 */
const BROWSER_PAGE = /^(chrome-error:|about:(neterror|certerror|blocked))/;

/**
 * Describes how two serialisations differ, with the first differing path per frame.
 * @returns reasons ([] when equal) and how many frames were not compared (see BROWSER_PAGE).
 */
function compareDumps(withExt: Dumps, without: Dumps): { reasons: string[]; skipped: number } {
  const reasons: string[] = [];
  let skipped = 0;
  const short = (s: string): string => (s.length > 160 ? `${s.slice(0, 160)}…` : s);
  for (const key of new Set([...without.keys(), ...withExt.keys()])) {
    const fa = without.get(key);
    const fb = withExt.get(key);
    const where = key === 'top' ? 'top document' : `frame ${key}`;
    if (key !== 'top') {
      const urls = [fa?.url, fb?.url].filter((u): u is string => u !== undefined);
      const unsettled = urls.some((u) => BROWSER_PAGE.test(u)) || (new Set(urls).size > 1 && urls.includes('about:blank'));
      if (unsettled || ((!fa || !fb) && urls.every((u) => u === 'about:blank'))) {
        skipped++;
        continue;
      }
    }
    if (!fa || !fb) {
      reasons.push(`DOM: ${where} (${(fa ?? fb)!.url}) exists only ${fa ? 'without' : 'with'} the extension`);
      continue;
    }
    if (fa.url !== fb.url) {
      reasons.push(`DOM: ${where} shows ${fa.url} without the extension, ${fb.url} with it`);
      continue;
    }
    const a = fa.dump;
    const b = fb.dump;
    if (typeof a === 'string' || typeof b === 'string') {
      if (a !== b && !(typeof a === 'string' && typeof b === 'string')) reasons.push(`DOM: ${where} ${typeof a === 'string' ? `without: ${a}` : `with: ${b as string}`}`);
      continue;
    }
    if (a.text === b.text) continue;
    const la = a.text.split('\n');
    const lb = b.text.split('\n');
    let i = 0;
    while (i < la.length && i < lb.length && la[i] === lb[i]) i++;
    let ea = la.length - 1;
    let eb = lb.length - 1;
    while (ea >= i && eb >= i && la[ea] === lb[eb]) {
      ea--;
      eb--;
    }
    const removed = ea - i + 1;
    const added = eb - i + 1;
    const first = (line: string | undefined): string => (line === undefined ? '(end of document)' : short(line));
    reasons.push(
      `DOM differs in ${where} at ${first(la[i] ?? lb[i]).split(' ')[0]}: without the extension ${first(la[i])} | with it ${first(lb[i])}` +
        ` (${removed} line(s) without vs ${added} with, of ${la.length}/${lb.length})`,
    );
  }
  return { reasons, skipped };
}

// ---- classification of logs and requests ----------------------------------------------------

const EXT_URL = /(chrome-extension|moz-extension):\/\//;
const PREFIX = '[fact-check]';

/** True when a console message or page error comes from the extension. */
function fromExtension(l: LogEntry): boolean {
  return l.fromExtension || EXT_URL.test(l.source) || EXT_URL.test(l.text) || l.text.trimStart().startsWith(PREFIX);
}

/**
 * The browser's diagnostics about the page's resources (Firefox reports them as errors of the
 * page): a failed font, a blocked cross-origin read, a blocked script. Not uncaught exceptions:
 * they depend on what has loaded so far, so they are the page's own, not compared with pass B.
 */
const RESOURCE_DIAGNOSTIC = /^(Cross-Origin Request Blocked|downloadable font:|Loading failed for|The resource at|Content[- ]Security[- ]Policy|Refused to|Failed to load resource)/i;

/** Resource types only script can request (Chromium's names; Firefox reports none over BiDi). */
const SCRIPTED = /^(fetch|xhr|websocket|eventsource|ping|beacon)$/;

const firstLine = (s: string): string => {
  const line = s.split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
};

/** Request URLs that leave the browser, as a multiset. */
function networkUrls(requests: { url: string }[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of requests) if (/^(https?|wss?|ftp):/i.test(r.url)) m.set(r.url, (m.get(r.url) ?? 0) + 1);
  return m;
}

/** Waits until `count()` (requests so far) stays the same for 300 ms, at most 3 s. */
async function networkQuiet(count: () => number): Promise<void> {
  const end = Date.now() + 3000;
  let last = count();
  let since = Date.now();
  while (Date.now() < end && Date.now() - since < 300) {
    await sleep(100);
    const now = count();
    if (now !== last) {
      last = now;
      since = Date.now();
    }
  }
}

// ---- pass A: with the extension -------------------------------------------------------------

interface PassA {
  wire: WireRecord[];
  dumps: Dumps;
  reasons: string[];
  notes: string[];
  /** Top frame highlights per entity. */
  counts: Record<string, number>;
  scroll: [number, number];
  requests: NetworkRecord[];
  extErrors: string[];
  unattributedPageErrors: string[];
  ownConsoleErrors: string[];
  ms: number;
}

/** The raw Playwright or Puppeteer page behind a page object (both keep it as `page`). */
const rawPageOf = (page: TestPage): RawPage => (page as unknown as { page: RawPage }).page;

/** Card texts that mean the facts did not come from the store (public/_locales/en/messages.json). */
const MESSAGES = Object.fromEntries(
  Object.entries(JSON.parse(readFileSync(join(REPO_ROOT, 'public/_locales/en/messages.json'), 'utf8')) as Record<string, { message: string }>)
    .filter(([key]) => key === 'cardUnavailable' || key === 'cardBundledPack')
    .map(([key, value]) => [key, value.message]),
) as Record<'cardUnavailable' | 'cardBundledPack', string>;

const NAMES = new Map(
  (JSON.parse(readFileSync(join(REPO_ROOT, 'data/pack/entities.json'), 'utf8')) as { id: string; name: string }[]).map((e) => [e.id, e.name]),
);

/** Per browser, how many of its `backgroundErrors()` the previous page already counted. */
const backgroundCounted = new WeakMap<ExtensionBrowser, number>();

/** `type: first line (source)`, `background` before the type for the background's entries. */
const describeLog = (l: LogEntry): string => `${l.background ? 'background ' : ''}${l.type}: ${firstLine(l.text)}${l.source ? ` (${l.source})` : ''}`;

async function passWithExtension(browser: ExtensionBrowser, server: StaticServer, spec: PageSpec, wireLog: WireRecord[]): Promise<PassA> {
  const started = Date.now();
  const reasons: string[] = [];
  const notes: string[] = [];
  // Background errors between the previous page's reading and now (closing its tab, say):
  // clearRecords() forgets them in the console lists, so they are taken from backgroundErrors().
  const between = browser.backgroundErrors().slice(backgroundCounted.get(browser) ?? 0);
  browser.clearRecords();
  const serverFrom = server.requests.length;
  const wireFrom = wireLog.length;
  const url = `${server.origin}${spec.path}`;
  const page = await browser.openPage(url);
  const marks: string[] = [];
  const mark = (what: string): void => {
    if (process.env.PAGES_CHECK_TIMING) marks.push(`${what} ${Date.now() - started}`);
  };
  mark('open');
  try {
    const raw = rawPageOf(page);
    const tabId = await browser.tabIdOf(page);
    // Settled: the top frame has reported its mentions to the background and nothing changed
    // for STABLE_MS. A frame in which nothing is painted never reports (its first repaint changes
    // nothing), so a page with neither a report nor a highlight is settled after a quiet period
    // long enough for the scan of its size (QUIET_MS + QUIET_MS_PER_MB).
    const loaded = Date.now();
    const quietMs = QUIET_MS + Math.round((spec.bytes / 1e6) * QUIET_MS_PER_MB);
    const reportExpr = `(async () => {
      const api = globalThis.browser ?? globalThis.chrome;
      const key = 'tab:${tabId}';
      const got = await api.storage.session.get(key);
      return JSON.stringify(Object.entries(got[key] ?? {}).map(([f, l]) => [f, l.length]).sort());
    })()`;
    let last = '';
    let since = Date.now();
    const settleLimit = pageTimeoutMs(spec.bytes) - 15_000;
    await waitUntil(
      async () => {
        const reports = await browser.evaluateInExtension<string>(reportExpr);
        const sizes = await evalIn((raw as PwPage).mainFrame(), HIGHLIGHT_SIZES);
        const now = `${reports} ${sizes}`;
        if (now !== last) {
          last = now;
          since = Date.now();
          return false;
        }
        if ((JSON.parse(reports) as [string, number][]).some(([f]) => f === '0')) return Date.now() - since >= STABLE_MS;
        return reports === '[]' && !/=[1-9]/.test(sizes) && Date.now() - loaded >= quietMs;
      },
      settleLimit,
      'the extension did not settle',
    ).catch((error: Error) => reasons.push(`${error.message.split(':')[0]} (last reports by frame and highlight sizes: ${last || 'none'})`));

    mark('settled');
    const { annotations, stale } = await page.readAnnotationsDetailed();
    const counts: Record<string, number> = {};
    for (const a of annotations) if (a.frameUrl === url) counts[a.entity] = (counts[a.entity] ?? 0) + 1;
    const inFrames = annotations.filter((a) => a.frameUrl !== url).length;
    if (inFrames) notes.push(`${inFrames} highlight(s) in frames`);
    if (stale.length) notes.push(`${stale.length} highlight range(s) paint nothing (${[...new Set(stale.map((s) => s.reason))].join(', ')})`);

    mark('read');
    // Hover the first mention; its card must open and name its entity.
    let cardOpen = false;
    if (annotations[0]) {
      const first = annotations[0];
      const name = NAMES.get(first.entity) ?? first.entity;
      try {
        await page.hoverAnnotation(0);
        const card = await page.waitForTooltip((t) => normaliseText(t).includes(normaliseText(name)), CARD_TIMEOUT_MS);
        cardOpen = true;
        for (const key of ['cardUnavailable', 'cardBundledPack'] as const) {
          if (normaliseText(card).includes(normaliseText(MESSAGES[key]))) reasons.push(`the card of ${first.entity} says "${MESSAGES[key]}"`);
        }
        await sleep(100); // the card shows the name once its facts arrived; let it lay out
        if ((await page.readTooltip()) === null) {
          cardOpen = false;
          reasons.push(`the card of the first mention (${first.entity} ${JSON.stringify(first.text)}) closed by itself`);
        }
      } catch (error) {
        reasons.push(`hovering the first mention (${first.entity} ${JSON.stringify(first.text)}): ${firstLine((error as Error).message)}`);
      }
    }
    mark('card');
    for (const r of await evalIn((raw as PwPage).mainFrame(), UI_RESOURCES).catch(() => [] as string[])) reasons.push(`the extension's UI would load a resource: ${r}`);
    const scroll = await evalIn((raw as PwPage).mainFrame(), SCROLL);
    const dumps = await dumpFrames(raw);
    mark('dumped');
    const hosts = [...dumps.values()].reduce((n, { dump }) => n + (typeof dump === 'string' ? 0 : dump.excluded), 0);
    if (hosts !== (cardOpen ? 1 : 0)) reasons.push(`${hosts} <fc-tooltip> host(s) in the page with ${cardOpen ? 'one card' : 'no card'} open`);
    if (!annotations.length) notes.push('no mention to hover');
    // Let late requests and logs arrive before reading them.
    await networkQuiet(() => browser.networkRequests().length);

    mark('quiet');
    const logs = [...browser.consoleMessages(), ...browser.pageErrors()];
    backgroundCounted.set(browser, browser.backgroundErrors().length);
    const extErrors = [
      ...between.map((l) => `${describeLog(l)} [before this page, after the previous one was read]`),
      ...logs
        .filter((l) => fromExtension(l) && (l.type === 'error' || l.type === 'assert' || l.type === 'pageerror' || l.text.trimStart().startsWith(PREFIX)))
        .map(describeLog),
    ];
    const unattributedPageErrors = browser
      .pageErrors()
      .filter((l) => !fromExtension(l) && !RESOURCE_DIAGNOSTIC.test(l.text))
      .map((l) => firstLine(l.text));
    const ownConsoleErrors = [...browser.consoleErrors(), ...browser.pageErrors().filter((l) => RESOURCE_DIAGNOSTIC.test(l.text))]
      .filter((l) => !fromExtension(l))
      .map((l) => firstLine(l.text));
    // The helper tab on the extension's manifest.json (tab ids) is the harness's, not the product's.
    const helper = `${browser.extensionOrigin}/manifest.json`;
    const requests = browser.networkRequests().filter((r) => r.url !== helper);
    for (const r of requests.filter((r) => r.fromExtension)) {
      if (r.network) reasons.push(`network request by the extension: ${r.method} ${r.url} (from ${r.initiator || '?'})`);
      else notes.push(`extension resource loaded: ${r.url}`);
    }
    for (const r of server.requests.slice(serverFrom)) {
      if (EXT_URL.test(r.origin) || EXT_URL.test(r.referer)) reasons.push(`request to the test server from the extension: ${r.url} (origin ${r.origin || '-'}, referer ${r.referer || '-'})`);
    }
    if (marks.length) process.stderr.write(`A ${spec.label}: ${marks.join(', ')}\n`);
    const wire = [...served(server, serverFrom), ...wireLog.slice(wireFrom)];
    return { wire, dumps, reasons, notes, counts, scroll, requests, extErrors, unattributedPageErrors, ownConsoleErrors, ms: Date.now() - started };
  } finally {
    await browser.closePages();
  }
}

// ---- pass B: without the extension ----------------------------------------------------------

/** A browser without the extension, launched with the harness's flags and prefs. */
interface PlainBrowser {
  open(url: string, scroll: [number, number] | null): Promise<PassB>;
  close(): Promise<void>;
}

interface PassB {
  wire: WireRecord[];
  ms: number;
  dumps: Dumps;
  requests: { url: string; resourceType: string }[];
  pageErrors: string[];
  consoleErrors: string[];
}

/** A fresh tab of a plain browser, whichever driver opened it (see {@link openPlain}). */
interface PlainTab {
  page: RawPage;
  /** Subscribes to the tab's requests (URL, resource type), uncaught errors and console messages. */
  listen(on: { request(url: string, type: string): void; pageError(message: string): void; console(type: string, text: string): void }): void;
}

/**
 * Pass B of one page in a plain tab, the same for both browsers: load, scroll where pass A did,
 * serialise every frame, wait for the network to go quiet; the tab is closed afterwards.
 */
async function openPlain(tab: PlainTab, url: string, scroll: [number, number] | null): Promise<PassB> {
  const { page } = tab;
  const requests: { url: string; resourceType: string }[] = [];
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  tab.listen({
    request: (u, type) => requests.push({ url: u, resourceType: type }),
    pageError: (message) => pageErrors.push(firstLine(message)),
    console: (type, text) => {
      if (type === 'error' || type === 'assert') consoleErrors.push(firstLine(text));
    },
  });
  // Both drivers take these calls alike (goto with waitUntil 'load'; evaluate(function, arg)):
  // typed through Playwright's page here.
  const pw = page as PwPage;
  const started = Date.now();
  try {
    await pw.goto(url, { waitUntil: 'load', timeout: 60_000 });
    const t1 = Date.now();
    if (scroll && (scroll[0] || scroll[1])) {
      await pw.mainFrame().evaluate(SCROLL_TO as never, scroll as never);
      await sleep(200); // lazy images near the new viewport start loading
    }
    const t2 = Date.now();
    const dumps = await dumpFrames(page);
    const t3 = Date.now();
    await networkQuiet(() => requests.length);
    if (process.env.PAGES_CHECK_TIMING) process.stderr.write(`B ${url}: goto ${t1 - started} dump ${t3 - t2}\n`);
    return { wire: [], ms: Date.now() - started, dumps, requests, pageErrors, consoleErrors };
  } finally {
    await page.close().catch(() => undefined);
  }
}

/** Chromium without the extension: a second persistent context (own profile), the flags of `launchChromium`. */
async function launchPlainChromium(): Promise<PlainBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'fc-plain-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1280, height: 720 },
    args: chromiumArgs(undefined), // the harness's flags, no extension
  });
  for (const p of context.pages()) await p.close().catch(() => undefined);
  return {
    async open(url, scroll) {
      const page = await context.newPage();
      const listen: PlainTab['listen'] = (on) => {
        page.on('request', (r) => on.request(r.url(), r.resourceType()));
        page.on('pageerror', (e) => on.pageError(`${e.message}`));
        page.on('console', (m) => on.console(m.type(), m.text()));
      };
      return openPlain({ page, listen }, url, scroll);
    },
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Firefox without the extension: a second launch, no installExtension, the prefs of `launchFirefox`. */
async function launchPlainFirefox(proxyPort: number): Promise<PlainBrowser> {
  const browser: PpBrowser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: { ...HERMETIC_FIREFOX_PREFS, ...firefoxPrefs(proxyPort) },
  });
  return {
    async open(url, scroll) {
      const page: PpPage = await browser.newPage();
      await setFirefoxViewport(page, 1280, 720);
      const listen: PlainTab['listen'] = (on) => {
        page.on('request', (r) => on.request(r.url(), 'unknown')); // resource type: not reported over BiDi
        page.on('pageerror', (e) => on.pageError(String((e as Error).message ?? e)));
        page.on('console', (m) => on.console(m.type(), m.text()));
      };
      return openPlain({ page, listen }, url, scroll);
    },
    async close() {
      await browser.close().catch(() => undefined);
    },
  };
}

/**
 * Firefox prefs of both passes: page JavaScript off, and every external request sent to the
 * wire log (`startWireLog`) instead of the harness's refusing port 9.
 */
const firefoxPrefs = (proxyPort: number): Record<string, unknown> => ({
  'javascript.enabled': false,
  'network.proxy.http_port': proxyPort,
  'network.proxy.ssl_port': proxyPort,
});

/** A request seen on the wire: by the test server, or by the Firefox proxy sink. */
interface WireRecord {
  /** Absolute URL, or `CONNECT host:port` for an https request through the proxy. */
  url: string;
  /** `Sec-Fetch-Dest`: `empty` for fetch/XHR/beacon, `websocket`; `''` when unknown (CONNECT). */
  dest: string;
}

/**
 * The proxy Firefox sends every external request to: it logs the request and answers 502 (an
 * https CONNECT too: only its host is seen). Needed because Firefox does not report a content script's
 * requests to the automation (a probe content script's fetch() showed in no `request` event);
 * on the wire every request shows, with its `Sec-Fetch-Dest` when it is http.
 */
async function startWireLog(): Promise<{ port: number; records: WireRecord[]; close(): Promise<void> }> {
  const records: WireRecord[] = [];
  const server = createServer((req, res) => {
    records.push({ url: req.url ?? '', dest: String(req.headers['sec-fetch-dest'] ?? '') });
    res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end();
  });
  server.on('connect', (req: IncomingMessage, socket: Duplex) => {
    records.push({ url: `CONNECT ${req.url ?? ''}`, dest: '' });
    // An answer, not a dropped connection: Firefox retries those dozens of times.
    socket.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  return {
    port: (server.address() as AddressInfo).port,
    records,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** Wire records of the test server, as absolute URLs. */
const served = (server: StaticServer, from: number, to = server.requests.length): WireRecord[] =>
  server.requests.slice(from, to).map((r) => ({ url: `http://${r.host}${r.url}`, dest: r.fetchDest }));

/** Hosts the browser's own services talk to (Firefox through the proxy): never the page's or the extension's. */
const BROWSER_SERVICES = /(^|\.)(mozilla\.(com|org|net)|firefox\.com|mozgcp\.net)(:\d+)?$/;

/** `host[:port]` of a URL or of a `CONNECT host:port` record (no :443). */
function hostOf(u: string): string {
  if (u.startsWith('CONNECT ')) return u.slice('CONNECT '.length).replace(/:443$/, '');
  try {
    return new URL(u).host;
  } catch {
    return u;
  }
}

/**
 * Requests on the wire with the extension and not without it that only the extension can have
 * made: fetch/XHR/beacon/WebSocket (page JavaScript is off), or a connection to a host the page
 * does not contact at all.
 */
function wireExtras(withExt: WireRecord[], without: WireRecord[]): string[] {
  const left = new Map<string, number>();
  for (const r of without) left.set(r.url, (left.get(r.url) ?? 0) + 1);
  const hosts = new Set(without.map((r) => hostOf(r.url)));
  const out: string[] = [];
  for (const r of withExt) {
    const n = left.get(r.url) ?? 0;
    if (n > 0) {
      left.set(r.url, n - 1);
      continue;
    }
    const host = hostOf(r.url);
    if (BROWSER_SERVICES.test(host)) continue;
    if (r.dest === 'empty' || r.dest === 'websocket') out.push(`${r.url} (Sec-Fetch-Dest: ${r.dest})`);
    else if (!hosts.has(host)) out.push(`${r.url} (a host the page does not contact)`);
  }
  const counted = new Map<string, number>();
  for (const o of out) counted.set(o, (counted.get(o) ?? 0) + 1);
  return [...counted].map(([o, n]) => (n > 1 ? `${o} ×${n}` : o));
}
/** Chromium: page scripts off through CSP (see the header comment); content scripts are exempt. */
const CHROMIUM_CSP = "script-src 'none'";

// ---- scan counts ----------------------------------------------------------------------------

interface ScanCounts {
  whole: Record<string, number>;
  parts: Record<string, number>;
}

function scanCounts(spec: PageSpec): ScanCounts {
  const html = decodeHtml(readFileSync(spec.file));
  const count = (parts: boolean): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const m of scanHtml(spec.id, html, { parts }).mentions) out[m.entity] = (out[m.entity] ?? 0) + 1;
    return out;
  };
  return { whole: count(false), parts: count(true) };
}

const ENTITIES = ['jeff-sessions', 'robert-mueller', 'sessions-recusal'];
const ABBREV: Record<string, string> = { 'jeff-sessions': 'JS', 'robert-mueller': 'RM', 'sessions-recusal': 'SR' };
function showCounts(c: Record<string, number>): string {
  const keys = [...ENTITIES, ...Object.keys(c).filter((k) => !ENTITIES.includes(k)).sort()];
  return keys.map((k) => `${ABBREV[k] ?? k}=${c[k] ?? 0}`).join(' ');
}
const sameCounts = (a: Record<string, number>, b: Record<string, number>): boolean =>
  [...new Set([...Object.keys(a), ...Object.keys(b)])].every((k) => (a[k] ?? 0) === (b[k] ?? 0));

// ---- main -----------------------------------------------------------------------------------

interface Verdict {
  ok: boolean;
  line: string;
  countDiff: string | null;
}

function judge(browserName: BrowserName, spec: PageSpec, a: PassA, b: PassB, scan: ScanCounts | null): Verdict {
  const reasons = [...a.reasons];
  const notes = [...a.notes];
  for (const e of a.extErrors) reasons.push(`extension error: ${e}`);
  // Page JavaScript is off in both loads: an uncaught error that the page does not throw
  // without the extension is the extension's, whatever its stack says.
  const baseErrors = new Map<string, number>();
  for (const e of b.pageErrors) baseErrors.set(e, (baseErrors.get(e) ?? 0) + 1);
  let ownUncaught = 0;
  for (const e of a.unattributedPageErrors) {
    const left = baseErrors.get(e) ?? 0;
    if (left > 0) {
      baseErrors.set(e, left - 1);
      ownUncaught++;
    } else reasons.push(`uncaught error only with the extension: ${e}`);
  }
  // Requests the page does not make without the extension. With page JavaScript off only the
  // extension can issue fetch/XHR/WebSocket/EventSource/beacon requests: any of those fails the
  // page. Other kinds (images, styles, fonts: what the parser and the renderer load) depend on
  // how long the page stays open and where it is scrolled; the DOM comparison and the UI check
  // above rule out markup of the extension's that loads them, so they are listed as notes.
  const base = networkUrls(b.requests);
  const withExt = networkUrls(a.requests);
  const typeOf = new Map(a.requests.map((r) => [r.url, r.resourceType]));
  const baseHosts = new Set([...b.requests.map((r) => hostOf(r.url)), ...b.wire.map((r) => hostOf(r.url))]);
  const scripted: string[] = [];
  const newHost: string[] = [];
  const passive: string[] = [];
  for (const [u, n] of withExt) {
    const more = n - (base.get(u) ?? 0);
    if (more <= 0) continue;
    const type = typeOf.get(u) ?? 'unknown';
    const text = `${u}${more > 1 ? ` ×${more}` : ''} (${type})`;
    if (SCRIPTED.test(type)) scripted.push(text);
    else if (!baseHosts.has(hostOf(u))) newHost.push(text);
    else passive.push(text);
  }
  const some = (list: string[]): string => `${list.slice(0, 4).join(', ')}${list.length > 4 ? ` and ${list.length - 4} more` : ''}`;
  if (scripted.length) reasons.push(`script request(s) only with the extension: ${some(scripted)}`);
  if (newHost.length) reasons.push(`request(s) only with the extension to a host the page does not contact: ${some(newHost)}`);
  const onWire = wireExtras(a.wire, b.wire);
  if (onWire.length) reasons.push(`request(s) on the wire only with the extension: ${some(onWire)}`);
  if (passive.length) notes.push(`${passive.length} page resource(s) loaded only in the visit with the extension: ${some(passive)}`);
  // Did page scripts really stay off? A case page's inline script sets caseReady.
  const ran = (d: Dumps): boolean => {
    const top = d.get('top')?.dump;
    return !!top && typeof top !== 'string' && top.caseReady;
  };
  if (spec.kind === 'case' && (ran(a.dumps) || ran(b.dumps))) {
    reasons.push('page JavaScript ran (window.caseReady is set): the comparison is not deterministic');
  }
  const dom = compareDumps(a.dumps, b.dumps);
  reasons.push(...dom.reasons);
  if (dom.skipped) notes.push(`${dom.skipped} frame(s) on the browser's error page (external src) not compared`);

  const own = ownUncaught + a.ownConsoleErrors.length;
  notes.push(`page's own errors: ${own}`);
  notes.push(`highlights ${showCounts(a.counts)}`);
  let countDiff: string | null = null;
  if (scan) {
    const partsNote = sameCounts(scan.whole, scan.parts) ? '' : ` (scan --json, compounds split: ${showCounts(scan.parts)})`;
    notes.push(`scan ${showCounts(scan.whole)}${partsNote}`);
    if (!sameCounts(scan.whole, a.counts)) {
      countDiff = `${browserName} ${spec.label}: browser ${showCounts(a.counts)} vs scan ${showCounts(scan.whole)}`;
      notes.push('COUNTS DIFFER');
    }
  }
  notes.push(`${(a.ms / 1000).toFixed(1)} s + ${(b.ms / 1000).toFixed(1)} s without`);
  const ok = reasons.length === 0;
  const counted = new Map<string, number>();
  for (const r of reasons) counted.set(r, (counted.get(r) ?? 0) + 1);
  reasons.splice(0, reasons.length, ...[...counted].map(([r, n]) => (n > 1 ? `${r} (×${n})` : r)));
  return {
    ok,
    line: `${ok ? 'PASS' : 'FAIL'} ${browserName} ${spec.label}${ok ? '' : `: ${reasons.join('; ')}`} [${notes.join('; ')}]`,
    countDiff,
  };
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const all = listPages();
  let pages = all;
  if (options.only) {
    const wanted = options.only.map((s) => s.replace(/^(corpus|cases)\//, '').replace(/\.html$/, ''));
    const unknown = wanted.filter((w) => !all.some((p) => p.id === w));
    if (unknown.length) {
      console.error(`unknown page(s): ${unknown.join(', ')}`);
      return 2;
    }
    pages = all.filter((p) => wanted.includes(p.id));
  }
  const scans = new Map<string, ScanCounts>();
  for (const p of pages) if (p.kind === 'corpus') scans.set(p.label, scanCounts(p));

  let csp = false;
  const server = await startServer(DEFAULT_ROOTS, 0, {
    headers: (file) => (csp && /\.html?$/i.test(file) ? { 'content-security-policy': CHROMIUM_CSP } : undefined),
  });
  const wireLog = await startWireLog();
  const deadline = Date.now() + RUN_BUDGET_MS;
  let passed = 0;
  let failed = 0;
  const countDiffs: string[] = [];
  const perBrowser: string[] = [];
  try {
    for (const browserName of options.browsers) {
      csp = browserName === 'chromium';
      let bPassed = 0;
      let bFailed = 0;
      const report = (ok: boolean, line: string): void => {
        if (ok) {
          passed++;
          bPassed++;
        } else {
          failed++;
          bFailed++;
        }
        console.log(line);
      };
      // Pass A for every page, with the extension.
      const results = new Map<string, PassA | string>();
      let browser: ExtensionBrowser | null = null;
      const start = (): Promise<ExtensionBrowser> =>
        launch(browserName, {
          extensionDir: options.ext[browserName],
          ...(browserName === 'firefox' ? { firefoxPrefs: firefoxPrefs(wireLog.port) } : {}),
        });
      for (const spec of pages) {
        if (Date.now() > deadline) {
          results.set(spec.label, 'not run: the run exceeded its time budget');
          continue;
        }
        try {
          browser ??= await start();
          results.set(spec.label, await withTimeout(passWithExtension(browser, server, spec, wireLog.records), pageTimeoutMs(spec.bytes), 'with the extension'));
        } catch (error) {
          results.set(spec.label, firstLine((error as Error).message ?? String(error)));
          // A timed-out or crashed page may leave the browser unusable: start afresh.
          await browser?.close().catch(() => undefined);
          browser = null;
        }
        process.stderr.write('.');
      }
      await browser?.close().catch(() => undefined);
      process.stderr.write('\n');

      // Pass B for every page, without the extension; judge each page as soon as it is done.
      let plain: PlainBrowser | null = null;
      const startPlain = (): Promise<PlainBrowser> => (browserName === 'chromium' ? launchPlainChromium() : launchPlainFirefox(wireLog.port));
      for (const spec of pages) {
        const a = results.get(spec.label);
        if (typeof a === 'string' || !a) {
          report(false, `FAIL ${browserName} ${spec.label}: ${a ?? 'not run'}`);
          continue;
        }
        if (Date.now() > deadline + 60_000) {
          report(false, `FAIL ${browserName} ${spec.label}: not compared: the run exceeded its time budget`);
          continue;
        }
        let b: PassB;
        try {
          plain ??= await startPlain();
          const serverFrom = server.requests.length;
          const wireFrom = wireLog.records.length;
          b = await withTimeout(plain.open(`${server.origin}${spec.path}`, a.scroll), pageTimeoutMs(spec.bytes), 'without the extension');
          b.wire = [...served(server, serverFrom), ...wireLog.records.slice(wireFrom)];
        } catch (error) {
          report(false, `FAIL ${browserName} ${spec.label}: load without the extension failed: ${firstLine((error as Error).message)}`);
          await plain?.close().catch(() => undefined);
          plain = null;
          continue;
        }
        const verdict = judge(browserName, spec, a, b, scans.get(spec.label) ?? null);
        if (verdict.countDiff) countDiffs.push(verdict.countDiff);
        report(verdict.ok, verdict.line);
      }
      await plain?.close().catch(() => undefined);
      perBrowser.push(`${browserName}: ${bPassed} passed, ${bFailed} failed`);
    }
  } finally {
    await server.close();
    await wireLog.close();
  }
  if (countDiffs.length) {
    console.log(`highlight counts differing from the scan (${countDiffs.length}):`);
    for (const d of countDiffs) console.log(`  ${d}`);
  }
  for (const line of perBrowser) console.log(line);
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 && !options.reportOnly ? 1 : 0;
}

process.exit(await main());
