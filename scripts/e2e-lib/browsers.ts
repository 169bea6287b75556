/**
 * Launches Chromium (playwright-core) or Firefox (puppeteer-core) with the built extension and
 * wraps both in one page-object API, so a test or the cases runner reads the same in each.
 *
 * Nothing here downloads a browser: the system's /usr/bin/chromium and /usr/bin/firefox-esr
 * (Debian packages) are used, or CHROMIUM_PATH / FIREFOX_PATH when set.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { chromium, type BrowserContext, type CDPSession, type Frame as PwFrame, type Page as PwPage, type Worker } from 'playwright-core';
import puppeteer, { type Browser as PpBrowser, type ElementHandle as PpElementHandle, type Frame as PpFrame, type Page as PpPage } from 'puppeteer-core';
import { REPO_ROOT } from './server';
import { stackHasExtensionFrame } from './attribution';
import { AddonWatcher, freePort, RDP_PREFS, type AddonLogRecord } from './firefox-rdp';

/** The two engines the extension ships for. */
export type BrowserName = 'chromium' | 'firefox';

/** One annotation as the page shows it: entity id (from `factcheck-<id>`) and the range's text. */
export interface Annotation {
  entity: string;
  text: string;
}

/** An annotation with what the cases runner needs to judge it. */
export interface DetailedAnnotation extends Annotation {
  /** URL of the frame whose `CSS.highlights` holds it. */
  frameUrl: string;
  /** `mustNotFind` strings whose occurrence it overlaps. */
  mustNot: string[];
  /** True when it lies inside an occurrence of a `mayFind` string. */
  may: boolean;
}

/** A highlight range that paints nothing: collapsed, detached from the document or invalid. */
export interface StaleRange {
  entity: string;
  text: string;
  reason: string;
  frameUrl: string;
}

/** A console message or uncaught error seen in a page, a worker or an extension context. */
export interface LogEntry {
  type: string;
  text: string;
  /** URL of the page, frame or worker it came from (`chrome-extension://...` for the extension). */
  source: string;
  /** True when it came from an extension context (service worker, popup, content script). */
  fromExtension: boolean;
  /**
   * True when it came from the extension's background context: the Chromium MV3 service worker
   * or the Firefox MV2 background page (such entries are also in `backgroundErrors()`).
   */
  background?: boolean;
}

/** One network request the browser made. */
export interface NetworkRecord {
  url: string;
  method: string;
  resourceType: string;
  /** Page or worker URL that made it. */
  initiator: string;
  /** True when the extension made it (its worker/pages, or an extension URL). */
  fromExtension: boolean;
  /** True when it leaves the browser (http, https, ws, wss, ftp), not a local scheme. */
  network: boolean;
}

/** Options for `launch()`. */
export interface LaunchOptions {
  /** Built extension folder; default `.output/chrome-mv3` or `.output/firefox-mv2`. */
  extensionDir?: string;
  /** Firefox prefs to add (e.g. a short `extensions.background.idle.timeout`). */
  firefoxPrefs?: Record<string, unknown>;
}

const EXT_ORIGIN = /^(chrome-extension|moz-extension):\/\//;
const NETWORK_SCHEME = /^(https?|wss?|ftp):/i;

/** Finds a browser binary: an env override, then the usual Debian paths, then `which`. */
function findBinary(envVar: string, candidates: string[], apt: string, label: string): string {
  const fromEnv = process.env[envVar];
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  for (const c of candidates) if (existsSync(c)) return c;
  for (const c of candidates) {
    try {
      const found = execFileSync('which', [c.split('/').pop() ?? c], { encoding: 'utf8' }).trim();
      if (found) return found;
    } catch {
      // not on PATH
    }
  }
  throw new Error(`${label} not found: install it with \`apt-get install ${apt}\` (or set ${envVar})`);
}

/**
 * Chromium's command-line flags for running an unpacked extension on this machine: no sandbox
 * (root), none of Chromium's own background traffic, and (unless `hermetic` is false) every host
 * but 127.0.0.1 and localhost failing to resolve.
 * @param extDir The unpacked extension to load, or undefined for none.
 */
export function chromiumArgs(extDir: string | undefined, hermetic = true): string[] {
  return [
    ...(extDir ? [`--disable-extensions-except=${extDir}`, `--load-extension=${extDir}`] : []),
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
    ...(hermetic ? ['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost'] : []),
  ];
}

/** Path of the Chromium binary; throws "Chromium not found: install it with `apt-get install chromium`". */
export function chromiumPath(): string {
  return findBinary('CHROMIUM_PATH', ['/usr/bin/chromium', '/usr/bin/chromium-browser'], 'chromium', 'Chromium');
}

/** Path of the Firefox binary; throws "Firefox not found: install it with `apt-get install firefox-esr`". */
export function firefoxPath(): string {
  return findBinary('FIREFOX_PATH', ['/usr/bin/firefox-esr', '/usr/bin/firefox'], 'firefox-esr', 'Firefox');
}

// ---- in-page code -------------------------------------------------------------------------

const IN_PAGE_SOURCE = readFileSync(new URL('./in-page.js', import.meta.url), 'utf8');
// Built with `new Function` from the raw source: its toString() is exactly that source.
const CALL = new Function('a', `${IN_PAGE_SOURCE}\nreturn fcInPage(a.op, a.args);`) as (a: unknown) => unknown;
const CALL_WITH_ELEMENT = new Function('el', 'a', `${IN_PAGE_SOURCE}\na.args.element = el;\nreturn fcInPage(a.op, a.args);`) as (
  el: unknown,
  a: unknown,
) => unknown;
const NODE_CALL = new Function('op', 'args', `${IN_PAGE_SOURCE}\nreturn fcInPage(op, args);`) as (op: string, args: unknown) => unknown;

/**
 * Normalises text the way `../shared/cases/README.md` compares it: NFC, U+00A0 to a space,
 * U+00AD/U+200B/U+200C/U+200D/U+2060/U+FEFF dropped, whitespace runs collapsed, ends trimmed.
 * The very code the browsers run (in-page.js), so both sides agree.
 */
export function normaliseText(text: string): string {
  return NODE_CALL('normalise', { text }) as string;
}

/** The subset of a Playwright or Puppeteer frame the page objects use. */
interface AnyFrame {
  evaluate(fn: (...a: never[]) => unknown, ...args: unknown[]): Promise<unknown>;
  parentFrame(): AnyFrame | null;
  childFrames(): AnyFrame[];
  frameElement(): Promise<AnyHandle | null>;
  url(): string;
}
interface AnyHandle {
  evaluate(fn: (...a: never[]) => unknown, ...args: unknown[]): Promise<unknown>;
  dispose(): Promise<void>;
}

async function inFrame<T>(frame: AnyFrame, op: string, args: Record<string, unknown> = {}): Promise<T> {
  return (await frame.evaluate(CALL as never, { op, args })) as T;
}
async function onElement<T>(handle: AnyHandle, op: string, args: Record<string, unknown> = {}): Promise<T> {
  return (await handle.evaluate(CALL_WITH_ELEMENT as never, { op, args })) as T;
}

interface RawItem {
  kind: 'range' | 'frame';
  index: number;
  frame: number;
  entity: string;
  text: string;
  mustNot: string[];
  may: boolean;
}
interface RawAnnotations {
  items: RawItem[];
  stale: { entity: string; text: string; reason: string }[];
  supported: boolean;
  url: string;
}
/** An annotation plus where it lives, so that it can be hovered. */
interface Located extends DetailedAnnotation {
  frame: AnyFrame;
  index: number;
}

/** Reads a frame's annotations and splices each child frame's in at its <iframe>'s position. */
async function collectFrame(
  frame: AnyFrame,
  filters: { mustNotFind: string[]; mayFind: string[] },
  stale: StaleRange[],
): Promise<Located[]> {
  let raw: RawAnnotations;
  try {
    raw = await inFrame<RawAnnotations>(frame, 'annotations', filters);
  } catch {
    return []; // a frame that went away between listing and reading
  }
  for (const s of raw.stale) stale.push({ ...s, frameUrl: raw.url });
  const children = new Map<number, AnyFrame>();
  const unplaced: AnyFrame[] = [];
  for (const child of frame.childFrames()) {
    let index = -1;
    try {
      const handle = await child.frameElement();
      if (handle) {
        index = await onElement<number>(handle, 'frameIndex');
        await handle.dispose().catch(() => undefined);
      }
    } catch {
      index = -1;
    }
    if (index >= 0 && !children.has(index)) children.set(index, child);
    else unplaced.push(child);
  }
  const out: Located[] = [];
  for (const item of raw.items) {
    if (item.kind === 'range') {
      out.push({ entity: item.entity, text: item.text, mustNot: item.mustNot, may: item.may, frameUrl: raw.url, frame, index: item.index });
    } else {
      const child = children.get(item.frame);
      if (child) out.push(...(await collectFrame(child, filters, stale)));
    }
  }
  // Frames in closed shadow roots cannot be placed: their annotations go last.
  for (const child of unplaced) out.push(...(await collectFrame(child, filters, stale)));
  return out;
}

/**
 * Copies a build to a temporary folder, so that a rebuild of `.output` during a run (others
 * build in the same tree) cannot change or remove the files the browser is using.
 * Waits up to 60 s for a build in progress to leave a readable manifest.json.
 */
async function snapshotBuild(dir: string, buildCommand: string): Promise<string> {
  const end = Date.now() + 60_000;
  for (;;) {
    try {
      JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      const copy = mkdtempSync(join(tmpdir(), 'fc-ext-'));
      cpSync(dir, copy, { recursive: true });
      JSON.parse(readFileSync(join(copy, 'manifest.json'), 'utf8'));
      return copy;
    } catch (error) {
      if (Date.now() > end) throw new Error(`no readable extension build at ${dir}: run \`${buildCommand}\` (${String(error)})`);
      await sleep(2000);
    }
  }
}

/** Pauses for `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/** Polls `check` every 100 ms until it returns a truthy value; throws `message` after `timeoutMs`. */
export async function waitUntil<T>(check: () => Promise<T>, timeoutMs: number, message: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > end) throw new Error(`${message} (after ${timeoutMs} ms)${last ? `: ${String(last)}` : ''}`);
    await sleep(100);
  }
}

/**
 * Sets a Firefox tab's viewport to `width` × `height` CSS pixels. Puppeteer's `setViewport` sends
 * `browsingContext.setViewport` and `emulation.setScreenOrientationOverride` together; Firefox
 * ESR 140 (Debian bookworm) knows only the first and answers the second with "unknown command",
 * though the viewport does change. That error is tolerated once the tab shows the size (checked
 * for up to 5 s); any other error, or a size that never comes, throws.
 */
export async function setFirefoxViewport(page: PpPage, width: number, height: number): Promise<void> {
  try {
    await page.setViewport({ width, height });
  } catch (error) {
    if (!(error instanceof Error && /setScreenOrientationOverride/.test(error.message) && /unknown command/.test(error.message))) throw error;
    await waitUntil(
      async () => JSON.stringify(await page.evaluate('[innerWidth, innerHeight]')) === JSON.stringify([width, height]),
      5000,
      `the Firefox viewport never became ${width}×${height}`,
    );
  }
}

// ---- page object --------------------------------------------------------------------------

/** One tab with a web page (or an extension page) in either browser. */
export abstract class TestPage {
  protected constructor(readonly browserName: BrowserName) {}

  /** The top frame, as the engine's automation library sees it. */
  protected abstract mainFrame(): AnyFrame;
  /** Moves the real mouse to viewport coordinates (CSS px) of the top frame. */
  protected abstract moveMouse(x: number, y: number): Promise<void>;
  /** Clicks the real mouse at viewport coordinates (CSS px) of the top frame. */
  protected abstract clickAt(x: number, y: number): Promise<void>;
  /** Current URL of the top document. */
  abstract url(): Promise<string>;
  /** Navigates this tab to `url` and waits for its load event. */
  abstract goto(url: string): Promise<void>;
  /** Presses a key (Playwright/Puppeteer key name, e.g. `Escape`, `Tab`). */
  abstract press(key: string): Promise<void>;
  /** Saves a PNG of the viewport to `path`. */
  abstract screenshot(path: string): Promise<void>;
  /** Brings this tab to the front (the active tab of its window). */
  abstract bringToFront(): Promise<void>;
  /** Closes the tab. */
  abstract close(): Promise<void>;

  /** Evaluates a JavaScript expression in the top document's main world; returns its JSON value. */
  async evaluate<T = unknown>(expression: string): Promise<T> {
    const fn = new Function(`return (async () => (${expression}))();`) as () => unknown;
    return (await this.mainFrame().evaluate(fn as never)) as T;
  }

  /** Waits until `window.caseReady === true` in the top document. */
  async waitForCaseReady(timeoutMs = 60_000): Promise<void> {
    await waitUntil(() => this.evaluate<boolean>('window.caseReady === true'), timeoutMs, 'window.caseReady never became true');
  }

  /**
   * Every annotation in document (flat-tree) order, read in the main world of each frame from
   * `CSS.highlights` (names starting `factcheck-`); a frame's annotations count at its <iframe>.
   * Collapsed or detached ranges paint nothing and are left out (see `readAnnotationsDetailed`).
   */
  async readAnnotations(): Promise<Annotation[]> {
    const { annotations } = await this.readAnnotationsDetailed();
    return annotations.map(({ entity, text }) => ({ entity, text }));
  }

  /** `readAnnotations` plus the mustNotFind / mayFind verdicts of the cases README and stale ranges. */
  async readAnnotationsDetailed(filters: { mustNotFind?: string[]; mayFind?: string[] } = {}): Promise<{
    annotations: DetailedAnnotation[];
    stale: StaleRange[];
  }> {
    const stale: StaleRange[] = [];
    const located = await collectFrame(this.mainFrame(), { mustNotFind: filters.mustNotFind ?? [], mayFind: filters.mayFind ?? [] }, stale);
    return { annotations: located.map(({ frame: _f, index: _i, ...rest }) => rest), stale };
  }

  /** Whether the top document has `CSS.highlights` at all. */
  async supportsHighlights(): Promise<boolean> {
    return this.evaluate<boolean>('!!(window.CSS && CSS.highlights)');
  }

  /**
   * Moves the real mouse to the middle of the first client rect of annotation number `n` (in
   * `readAnnotations` order), scrolling it (and its frames) into view first.
   * @returns The annotation hovered. Throws when there is no such annotation.
   */
  async hoverAnnotation(n: number): Promise<Annotation> {
    const located = await collectFrame(this.mainFrame(), { mustNotFind: [], mayFind: [] }, []);
    const target = located[n];
    if (!target) throw new Error(`no annotation #${n} (the page has ${located.length})`);
    await this.hoverLocated(target);
    return { entity: target.entity, text: target.text };
  }

  /**
   * Moves the real mouse onto the `nth` (0-based) annotation whose normalised text equals
   * `text` (a possessive ending on the annotation is allowed). Throws when none matches.
   */
  async hover(text: string, nth = 0): Promise<Annotation> {
    const located = await collectFrame(this.mainFrame(), { mustNotFind: [], mayFind: [] }, []);
    const matches = located.filter((a) => sameMention(a.text, text));
    const target = matches[nth];
    if (!target) {
      throw new Error(`no annotation "${text}" #${nth}; annotations: ${JSON.stringify(located.map((a) => a.text))}`);
    }
    await this.hoverLocated(target);
    return { entity: target.entity, text: target.text };
  }

  /**
   * Clicks, with the real mouse, the middle of the first element of the top document matching
   * `selector` whose text starts with `text` (when given), scrolled into view first.
   * @throws When no such element is visible.
   */
  async click(selector: string, text?: string): Promise<void> {
    const point = await this.evaluate<{ x: number; y: number } | null>(`(() => {
      const el = [...document.querySelectorAll(${JSON.stringify(selector)})]
        .find((e) => ${JSON.stringify(text ?? null)} === null || e.textContent.trim().startsWith(${JSON.stringify(text ?? '')}));
      if (!el) return null;
      el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      const r = el.getBoundingClientRect();
      return r.width && r.height ? { x: r.left + r.width / 2, y: r.top + r.height / 2 } : null;
    })()`);
    if (!point) throw new Error(`no visible ${selector}${text ? ` starting with "${text}"` : ''} to click`);
    await this.clickAt(point.x, point.y);
  }

  /** Moves the mouse to a spot of the page with no text (the top-left corner), closing hover cards. */
  async mouseAway(): Promise<void> {
    await this.moveMouse(2, 2);
  }

  private async hoverLocated(target: Located): Promise<void> {
    // Scroll first (the mention, then each <iframe> up the chain), let the page see its scroll
    // events (a card may close on scroll), then measure again and move the mouse.
    let scrolled = false;
    for (let attempt = 0; attempt < 3; attempt++) {
      const { x, y, anyScroll } = await this.measure(target);
      if (!anyScroll || attempt === 2) {
        if (scrolled) await sleep(300);
        const again = scrolled ? await this.measure(target) : { x, y };
        await this.moveMouse(again.x, again.y);
        return;
      }
      scrolled = true;
      await sleep(150);
    }
  }

  /** Top-frame viewport coordinates of the middle of the first box of `target`. */
  private async measure(target: Located): Promise<{ x: number; y: number; anyScroll: boolean }> {
    const point = await inFrame<{ x: number; y: number; scrolled: boolean } | null>(target.frame, 'rangePoint', { index: target.index });
    if (!point) throw new Error(`annotation "${target.text}" has no visible box to hover`);
    let { x, y } = point;
    let anyScroll = point.scrolled;
    let frame: AnyFrame | null = target.frame;
    while (frame && frame.parentFrame()) {
      const handle = await frame.frameElement();
      if (!handle) throw new Error(`cannot find the <iframe> of ${frame.url()}`);
      const offset = await onElement<{ x: number; y: number; scrolled: boolean } | null>(handle, 'frameOffset');
      await handle.dispose().catch(() => undefined);
      if (!offset) throw new Error(`cannot place the <iframe> of ${frame.url()}`);
      x += offset.x;
      y += offset.y;
      anyScroll ||= offset.scrolled;
      frame = frame.parentFrame();
    }
    return { x, y, anyScroll };
  }

  /**
   * Visible text of the hover card: the `fc-tooltip` host's open shadow root (its rendered text,
   * styles excluded), in the top document or any frame; null when no card shows text.
   */
  async readTooltip(): Promise<string | null> {
    const frames: AnyFrame[] = [];
    const walk = (f: AnyFrame): void => {
      frames.push(f);
      for (const c of f.childFrames()) walk(c);
    };
    walk(this.mainFrame());
    for (const f of frames) {
      const text = await inFrame<string | null>(f, 'tooltip').catch(() => null);
      if (text) return text;
    }
    return null;
  }

  /**
   * Border box of the open card in the top document (CSS px, viewport coordinates): the first
   * visible popover, open dialog or fixed/absolute element in an `fc-tooltip` shadow root; null
   * when none. Carries the viewport's size for comparison.
   */
  async readTooltipBox(): Promise<{ left: number; top: number; right: number; bottom: number; viewportWidth: number; viewportHeight: number } | null> {
    return inFrame(this.mainFrame(), 'tooltipBox');
  }

  /** Waits until a card shows text for which `accept` holds (default: any text); returns it. */
  async waitForTooltip(accept: (text: string) => boolean = () => true, timeoutMs = 5000): Promise<string> {
    let last: string | null = null;
    try {
      return await waitUntil<string | null>(
        async () => {
          last = await this.readTooltip();
          return last !== null && accept(last) ? last : null;
        },
        timeoutMs,
        'no hover card',
      ) as string;
    } catch {
      throw new Error(`no matching hover card after ${timeoutMs} ms; last card text: ${JSON.stringify(last)}`);
    }
  }
}

/**
 * True when annotation text `got` is the mention `expected` after normalising both sides; a
 * possessive ending (’s, 's, ’, ') may be inside the annotation or not (cases README).
 */
export function sameMention(got: string, expected: string): boolean {
  const g = normaliseText(got);
  const e = normaliseText(expected);
  if (g === e) return true;
  const strip = (s: string): string => s.replace(/(?:[’'‘]s|[’'‘])$/u, '');
  return strip(g) === strip(e);
}

class ChromiumPage extends TestPage {
  constructor(readonly page: PwPage) {
    super('chromium');
  }
  protected mainFrame(): AnyFrame {
    return wrapPw(this.page.mainFrame());
  }
  protected async moveMouse(x: number, y: number): Promise<void> {
    await this.page.mouse.move(x, y, { steps: 4 });
  }
  protected async clickAt(x: number, y: number): Promise<void> {
    await this.page.mouse.click(x, y);
  }
  async url(): Promise<string> {
    return this.page.url();
  }
  async goto(url: string): Promise<void> {
    await this.page.goto(url, { waitUntil: 'load', timeout: 30_000 });
  }
  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key);
  }
  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path });
  }
  async bringToFront(): Promise<void> {
    await this.page.bringToFront();
  }
  async close(): Promise<void> {
    await this.page.close();
  }
}

function wrapPw(frame: PwFrame): AnyFrame {
  return {
    evaluate: (fn, ...args) => frame.evaluate(fn as never, args[0] as never),
    parentFrame: () => {
      const p = frame.parentFrame();
      return p ? wrapPw(p) : null;
    },
    childFrames: () => frame.childFrames().map(wrapPw),
    frameElement: async () => {
      const h = await frame.frameElement();
      return { evaluate: (fn, ...args) => h.evaluate(fn as never, args[0] as never), dispose: () => h.dispose() };
    },
    url: () => frame.url(),
  };
}

class FirefoxPage extends TestPage {
  constructor(readonly page: PpPage) {
    super('firefox');
  }
  protected mainFrame(): AnyFrame {
    return wrapPp(this.page.mainFrame());
  }
  protected async moveMouse(x: number, y: number): Promise<void> {
    await this.page.mouse.move(x, y, { steps: 4 });
  }
  protected async clickAt(x: number, y: number): Promise<void> {
    await this.page.mouse.click(x, y);
  }
  async url(): Promise<string> {
    // Puppeteer's BiDi layer does not follow a tab into an extension page: ask the page.
    return this.evaluate<string>('location.href');
  }
  async goto(url: string): Promise<void> {
    if (EXT_ORIGIN.test(url)) {
      // Firefox moves the tab into the extension process and the BiDi navigation never
      // settles ("Frame detached"): start it, then poll the document itself.
      this.page.goto(url).catch(() => undefined);
      await waitUntil(
        async () => (await this.evaluate<string>('location.href + " " + document.readyState')) === `${url} complete`,
        15_000,
        `${url} did not load`,
      );
      return;
    }
    await this.page.goto(url, { waitUntil: 'load', timeout: 30_000 });
  }
  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key as never);
  }
  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path: path as `${string}.png` });
  }
  async bringToFront(): Promise<void> {
    await this.page.bringToFront();
  }
  async close(): Promise<void> {
    await this.page.close();
  }
}

function wrapPp(frame: PpFrame): AnyFrame {
  return {
    evaluate: (fn, ...args) => frame.evaluate(fn as never, ...(args as never[])),
    parentFrame: () => {
      const p = frame.parentFrame();
      return p ? wrapPp(p) : null;
    },
    childFrames: () => frame.childFrames().map(wrapPp),
    frameElement: async () => {
      let h: PpElementHandle | null;
      try {
        h = await frame.frameElement();
      } catch (error) {
        if (!(error instanceof Error && /locateNodes/.test(error.message))) throw error;
        h = await frameElementByWindow(frame);
      }
      return h ? { evaluate: (fn, ...args) => h.evaluate(fn as never, ...(args as never[])), dispose: () => h.dispose() } : null;
    },
    url: () => frame.url(),
  };
}

/**
 * The `<iframe>` (or `<frame>`) element of a child frame, found without BiDi's `context`
 * locator, which Firefox ESR 140 rejects ("Expected locator.type to be one of …"). The child
 * finds its own index in `parent.frames` (WindowProxy identity holds across origins); the
 * parent finds the element whose `contentWindow` is that window, open shadow roots included.
 * Resolves to null when the frame is the top one or its element is not in an open tree.
 */
async function frameElementByWindow(frame: PpFrame): Promise<PpElementHandle | null> {
  const parent = frame.parentFrame();
  if (!parent) return null;
  // Source text, not functions: tsx (the cases runner) would wrap nested functions in a
  // `__name` helper that the page does not have.
  const index = (await frame.evaluate(`(() => {
    for (let i = 0; i < window.parent.frames.length; i++) if (window.parent.frames[i] === window) return i;
    return -1;
  })()`)) as number;
  if (index < 0) return null;
  const handle = await parent.evaluateHandle(`(() => {
    const target = window.frames[${index}];
    const search = (root) => {
      for (const el of root.querySelectorAll('iframe, frame')) if (el.contentWindow === target) return el;
      for (const el of root.querySelectorAll('*')) {
        const found = el.shadowRoot ? search(el.shadowRoot) : null;
        if (found) return found;
      }
      return null;
    };
    return search(document);
  })()`);
  const element = handle.asElement() as PpElementHandle | null;
  if (!element) await handle.dispose();
  return element;
}

// ---- browser with the extension -----------------------------------------------------------

/**
 * Extension-side expression giving the tab id of the tab showing `url`: by URL when the
 * extension may read tab URLs, else the active tab other than the caller's (callers bring the
 * page to the front first), most recently used first.
 */
function tabIdExpression(url: string): string {
  return `(async () => {
    const api = globalThis.browser ?? globalThis.chrome;
    const own = (await api.tabs.getCurrent())?.id;
    const tabs = (await api.tabs.query({})).filter((t) => t.id !== own);
    const byUrl = tabs.filter((t) => t.url === ${JSON.stringify(url)});
    if (byUrl.length === 1) return byUrl[0].id;
    const active = tabs.filter((t) => t.active).sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0));
    return active[0]?.id ?? null;
  })()`;
}

/** A browser with the extension loaded, its logs, its requests and its extension pages. */
export abstract class ExtensionBrowser {
  /** Chromium extension id, or the Firefox moz-extension UUID. */
  abstract readonly extensionId: string;
  /** `chrome-extension://ID` or `moz-extension://UUID`. */
  abstract readonly extensionOrigin: string;
  protected readonly logs: LogEntry[] = [];
  protected readonly errors: LogEntry[] = [];
  protected readonly requests: NetworkRecord[] = [];
  /** Error-level entries of the background context since launch (see `backgroundErrors()`). */
  protected readonly background: LogEntry[] = [];
  /** Pages opened through `openPage`/`openPopup`, closed by `closePages()`. */
  protected readonly open: TestPage[] = [];

  protected constructor(readonly name: BrowserName) {}

  /** Opens a new tab (1280×720 viewport) and loads `url`. */
  abstract openPage(url: string): Promise<TestPage>;
  /** The browser's tab id (`tabs.Tab.id`) of `page`, found from the extension side. */
  abstract tabIdOf(page: TestPage): Promise<number>;
  /** Evaluates an expression in an extension context (where `chrome`/`browser` APIs exist). */
  abstract evaluateInExtension<T = unknown>(expression: string): Promise<T>;
  /**
   * Runs a JavaScript expression in the background context itself (Chromium: the running
   * service worker; Firefox: the background page, as the DevTools console would), so that a
   * test can make it log or throw. Resolves once it has run.
   * @returns Chromium: the expression's JSON value; Firefox: its value rendered as text.
   * @throws When no background is running, or the expression throws synchronously.
   */
  abstract evaluateInBackground(expression: string): Promise<unknown>;
  /**
   * Stops the background (Chromium: the service worker, through the DevTools protocol).
   * @returns false when the browser cannot do it (Firefox: a persistent MV2 background page).
   */
  abstract stopBackground(): Promise<boolean>;
  /** Closes the browser and removes its temporary profile. */
  abstract close(): Promise<void>;

  /** Every console message of type `error` (and `assert`) seen so far, in any context. */
  consoleErrors(): LogEntry[] {
    return this.logs.filter((l) => l.type === 'error' || l.type === 'assert');
  }
  /** Every console message seen so far, any type. */
  consoleMessages(): LogEntry[] {
    return [...this.logs];
  }
  /** Uncaught exceptions and unhandled rejections seen so far. */
  pageErrors(): LogEntry[] {
    return [...this.errors];
  }
  /**
   * Errors of the extension's background context (Chromium: the MV3 service worker, every
   * version of it; Firefox: the MV2 background page): console `error`/`assert` messages, uncaught
   * exceptions and unhandled rejections (`type` `pageerror`), oldest first, each with
   * `fromExtension` and `background` true. Messages logged before the harness attached (while the
   * background started) should be included (DevTools replays them on attach; not covered by a
   * test, as the extension logs nothing while starting). They are in `consoleErrors()`/`pageErrors()` too, but this
   * list is kept since launch: `clearRecords()` does not empty it, so a runner can count the
   * errors that came between two pages with `backgroundErrors().slice(countBefore)`.
   */
  backgroundErrors(): LogEntry[] {
    return [...this.background];
  }
  /** Every request the browser reported so far, oldest first. */
  networkRequests(): NetworkRecord[] {
    return [...this.requests];
  }
  /**
   * Records a console message (`type` its level) or an uncaught error (`type` `pageerror`) of
   * the background context: in the console or error list and, when it is an error, in
   * `backgroundErrors()`.
   */
  protected recordBackground(entry: Omit<LogEntry, 'fromExtension' | 'background'>): void {
    const full: LogEntry = { ...entry, fromExtension: true, background: true };
    if (entry.type === 'pageerror') this.errors.push(full);
    else this.logs.push(full);
    if (entry.type === 'pageerror' || entry.type === 'error' || entry.type === 'assert') this.background.push(full);
  }

  /** Forgets the logs, errors and requests recorded so far (not `backgroundErrors()`). */
  clearRecords(): void {
    this.logs.length = 0;
    this.errors.length = 0;
    this.requests.length = 0;
  }

  /**
   * Opens the extension's popup.html in a new tab, describing the tab of `forPage` (a page
   * object, or the URL of a page opened with `openPage`) through `popup.html?tab=<tabId>`:
   * a popup opened as a tab would otherwise describe itself.
   * @throws When no open page has that URL.
   */
  async openPopup(forPage: TestPage | string): Promise<TestPage> {
    let page: TestPage | undefined;
    if (typeof forPage === 'string') {
      for (const p of this.open) if ((await p.url().catch(() => '')) === forPage) page = p;
      if (!page) throw new Error(`no open page at ${forPage}`);
    } else {
      page = forPage;
    }
    const tabId = await this.tabIdOf(page);
    return this.openPage(`${this.extensionOrigin}/popup.html?tab=${tabId}`);
  }

  /** The toolbar badge text of tab `tabId` (`action` in MV3, `browserAction` in MV2). */
  async badgeText(tabId: number): Promise<string> {
    return this.evaluateInExtension<string>(
      `(async () => { const b = globalThis.browser ?? globalThis.chrome; const a = b.action ?? b.browserAction; return a.getBadgeText({ tabId: ${Number(tabId)} }); })()`,
    );
  }

  /** Closes every page opened so far. */
  async closePages(): Promise<void> {
    for (const p of this.open.splice(0)) await p.close().catch(() => undefined);
  }
}

class ChromiumExtensionBrowser extends ExtensionBrowser {
  readonly extensionOrigin: string;
  constructor(
    private readonly context: BrowserContext,
    worker: Worker,
    readonly extensionId: string,
    private readonly tempDirs: string[],
  ) {
    super('chromium');
    this.extensionOrigin = `chrome-extension://${extensionId}`;
    this.worker = worker;
    context.on('serviceworker', (w) => {
      if (w.url().startsWith(this.extensionOrigin)) this.worker = w;
    });
    context.on('console', (m) => {
      // The extension's service worker: recorded through watchBackground() (which also sees what
      // it logged before Playwright's listener existed), not twice.
      if (m.worker()?.url().startsWith(this.extensionOrigin) && !m.page()) return;
      const source = m.location().url || m.page()?.url() || '';
      const pageUrl = m.page()?.url() ?? '';
      this.logs.push({ type: m.type(), text: m.text(), source, fromExtension: EXT_ORIGIN.test(source) || EXT_ORIGIN.test(pageUrl) });
    });
    context.on('weberror', (e) => {
      const pageUrl = e.page()?.url() ?? '';
      const err = e.error();
      const stack = err.stack ?? '';
      this.errors.push({ type: 'pageerror', text: `${err.message}\n${stack}`, source: pageUrl, fromExtension: EXT_ORIGIN.test(pageUrl) || stackHasExtensionFrame(stack) });
    });
    context.on('request', (r) => {
      const sw = r.serviceWorker();
      let initiator = '';
      try {
        initiator = sw ? sw.url() : r.frame().url();
      } catch {
        initiator = '';
      }
      this.requests.push({
        url: r.url(),
        method: r.method(),
        resourceType: r.resourceType(),
        initiator,
        fromExtension: EXT_ORIGIN.test(initiator) || EXT_ORIGIN.test(r.url()),
        network: NETWORK_SCHEME.test(r.url()),
      });
    });
  }

  /** The extension's service worker as last started (a stopped one is replaced on restart). */
  private worker: Worker;
  private backgroundCdp: CDPSession | null = null;

  /**
   * Records the console messages and uncaught errors of every version of the extension's
   * service worker. Playwright reports a service worker's console but not its exceptions, and
   * `newCDPSession` takes pages only: a browser-level DevTools session discovers the worker
   * targets and attaches to each (non-flat sessions, `Target.sendMessageToTarget`), then
   * `Runtime.enable` there replays what the worker logged before and reports what follows
   * (`Runtime.consoleAPICalled`, `Runtime.exceptionThrown`: uncaught errors and unhandled
   * rejections). Called once by `launchChromium`.
   * @throws When the browser gives no DevTools session (then nothing would be recorded).
   */
  async watchBackground(): Promise<void> {
    const browser = this.context.browser();
    if (!browser) throw new Error('no browser-level DevTools session for the persistent context');
    const cdp = await browser.newBrowserCDPSession();
    this.backgroundCdp = cdp;
    const sessions = new Map<string, string>(); // sessionId -> worker URL
    const attached = new Set<string>(); // targetIds
    cdp.on('Target.receivedMessageFromTarget', ({ sessionId, message }) => {
      const url = sessions.get(sessionId);
      if (url !== undefined) this.onWorkerMessage(url, message);
    });
    cdp.on('Target.detachedFromTarget', ({ sessionId }) => {
      if (sessionId) sessions.delete(sessionId);
    });
    cdp.on('Target.targetDestroyed', ({ targetId }) => attached.delete(targetId));
    const consider = async (info: { targetId: string; type: string; url: string }): Promise<void> => {
      if (info.type !== 'service_worker' || !info.url.startsWith(this.extensionOrigin) || attached.has(info.targetId)) return;
      attached.add(info.targetId);
      const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: info.targetId, flatten: false });
      sessions.set(sessionId, info.url);
      await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: 1, method: 'Runtime.enable' }) });
    };
    // A worker that is gone before the attach completes has nothing left to report.
    cdp.on('Target.targetCreated', ({ targetInfo }) => void consider(targetInfo).catch(() => undefined));
    cdp.on('Target.targetInfoChanged', ({ targetInfo }) => void consider(targetInfo).catch(() => undefined));
    await cdp.send('Target.setDiscoverTargets', { discover: true }); // also announces the existing targets
    const { targetInfos } = await cdp.send('Target.getTargets');
    for (const info of targetInfos) await consider(info);
  }

  /** Turns one DevTools protocol message of the worker `url` into a log record. */
  private onWorkerMessage(url: string, message: string): void {
    const m = JSON.parse(message) as { method?: string; params?: Record<string, unknown> };
    if (m.method === 'Runtime.consoleAPICalled') {
      const p = m.params as { type: string; args: { type: string; value?: unknown; description?: string; unserializableValue?: string }[] };
      const text = p.args
        .map((a) => (a.type === 'string' ? String(a.value) : (a.description ?? a.unserializableValue ?? (a.value === undefined ? a.type : JSON.stringify(a.value)))))
        .join(' ');
      // Playwright's names: `warning` for `console.warn`, `assert` for a failed `console.assert`.
      this.recordBackground({ type: p.type, text, source: url });
    } else if (m.method === 'Runtime.exceptionThrown') {
      const d = (m.params as { exceptionDetails: { text: string; exception?: { description?: string; value?: unknown } } }).exceptionDetails;
      const what = d.exception?.description ?? (d.exception && 'value' in d.exception ? JSON.stringify(d.exception.value) : '');
      // d.text is "Uncaught" or "Uncaught (in promise)"; the description carries the stack.
      this.recordBackground({ type: 'pageerror', text: what ? `${d.text} ${what}` : d.text, source: url });
    }
  }

  async evaluateInBackground(expression: string): Promise<unknown> {
    const fn = new Function(`return (async () => (${expression}))();`) as () => Promise<unknown>;
    return this.worker.evaluate(fn);
  }

  async openPage(url: string): Promise<TestPage> {
    const page = new ChromiumPage(await this.context.newPage());
    this.open.push(page);
    await page.goto(url);
    return page;
  }

  private helper: PwPage | null = null;

  /** A tab on the extension's manifest.json: an extension page (chrome.* APIs) running no product code. */
  private async helperPage(): Promise<PwPage> {
    if (this.helper && !this.helper.isClosed()) return this.helper;
    const page = await this.context.newPage();
    await page.goto(`${this.extensionOrigin}/manifest.json`);
    this.helper = page;
    return page;
  }

  async evaluateInExtension<T = unknown>(expression: string): Promise<T> {
    const helper = await this.helperPage();
    const fn = new Function(`return (async () => (${expression}))();`) as () => Promise<T>;
    return helper.evaluate(fn);
  }

  async tabIdOf(page: TestPage): Promise<number> {
    const url = await page.url();
    await this.helperPage();
    await page.bringToFront();
    const id = await this.evaluateInExtension<number | null>(tabIdExpression(url));
    if (typeof id !== 'number') throw new Error(`no tab id found for ${url}`);
    return id;
  }

  async stopBackground(): Promise<boolean> {
    // The ServiceWorker domain of a session on an extension page covers the extension's worker.
    const helper = await this.helperPage();
    const cdp = await this.context.newCDPSession(helper);
    const origin = this.extensionOrigin;
    let stopped = false;
    cdp.on('ServiceWorker.workerVersionUpdated', (event) => {
      for (const v of event.versions) if (v.scriptURL.startsWith(origin) && v.runningStatus === 'stopped') stopped = true;
    });
    try {
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await waitUntil(async () => stopped, 10_000, 'the service worker did not stop');
    } finally {
      await cdp.detach().catch(() => undefined);
    }
    return true;
  }

  async close(): Promise<void> {
    await this.backgroundCdp?.detach().catch(() => undefined);
    await this.context.close().catch(() => undefined);
    for (const d of this.tempDirs) rmSync(d, { recursive: true, force: true });
  }
}

/**
 * Launches Chromium (headless, 1280×720) with the MV3 build loaded unpacked.
 * @param extDir The built extension; default `$FC_CHROME_EXT_DIR` (CI points it at the unzipped
 *   store zip), else `.output/chrome-mv3` (run `npm run build:chrome`).
 * @throws When Chromium is missing, the build is missing or the service worker never starts.
 */
export async function launchChromium(
  extDir = process.env.FC_CHROME_EXT_DIR || join(REPO_ROOT, '.output/chrome-mv3'),
): Promise<ExtensionBrowser> {
  const executablePath = chromiumPath();
  const dir = await snapshotBuild(resolve(extDir), 'npm run build:chrome');
  const profileDir = mkdtempSync(join(tmpdir(), 'fc-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless: true,
    viewport: { width: 1280, height: 720 },
    args: chromiumArgs(dir),
  });
  try {
    const worker =
      context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
      (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
    const id = new URL(worker.url()).host;
    const browser = new ChromiumExtensionBrowser(context, worker, id, [profileDir, dir]);
    await browser.watchBackground();
    // Playwright opens one blank tab with a persistent context: close it so tabs are ours.
    for (const p of context.pages()) if (p.url() === 'about:blank') await p.close();
    return browser;
  } catch (error) {
    await context.close();
    for (const d of [profileDir, dir]) rmSync(d, { recursive: true, force: true });
    throw new Error(`the extension's service worker did not start in Chromium: ${String(error)}`);
  }
}

class FirefoxExtensionBrowser extends ExtensionBrowser {
  readonly extensionOrigin: string;
  private helper: FirefoxPage | null = null;
  private addonWatcher: AddonWatcher | null = null;
  constructor(
    private readonly browser: PpBrowser,
    readonly extensionId: string,
    private readonly tempDirs: string[],
  ) {
    super('firefox');
    this.extensionOrigin = `moz-extension://${extensionId}`;
  }

  /**
   * Records the console messages and uncaught errors (unhandled rejections included) of the
   * add-on's own documents: the background page, and extension pages opened in tabs. WebDriver
   * BiDi does not show the background page at all, so this goes through Firefox's DevTools
   * server on `rdpPort` (see firefox-rdp.ts). Called once by `launchFirefox`.
   * @throws When the debugger server does not answer or does not list the add-on `addonId`.
   */
  async watchBackground(rdpPort: number, addonId: string): Promise<void> {
    this.addonWatcher = await AddonWatcher.attach(rdpPort, addonId, (r: AddonLogRecord) => {
      const entry = { type: r.type, text: r.text, source: r.source };
      if (r.source.endsWith('/_generated_background_page.html')) this.recordBackground(entry);
      else if (r.kind === 'error') this.errors.push({ ...entry, fromExtension: true });
      else this.logs.push({ ...entry, fromExtension: true });
    });
  }

  async evaluateInBackground(expression: string): Promise<unknown> {
    if (!this.addonWatcher) throw new Error('not watching the add-on');
    return this.addonWatcher.evaluateInBackground(expression);
  }

  /**
   * Evaluates `expression` in the parent process with chrome privileges (see
   * `AddonWatcher.evaluateInParentProcess`); resolves with its result as text.
   * @throws When the add-on is not watched or the expression threw.
   */
  async evaluateInParentProcess(expression: string): Promise<string> {
    if (!this.addonWatcher) throw new Error('not watching the add-on');
    return this.addonWatcher.evaluateInParentProcess(expression);
  }

  private watch(page: PpPage): void {
    page.on('console', (m) => {
      const source = m.location()?.url ?? '';
      this.logs.push({ type: m.type(), text: m.text(), source, fromExtension: EXT_ORIGIN.test(source) });
    });
    page.on('pageerror', (e) => {
      const err = e as Error;
      const stack = err.stack ?? '';
      // puppeteer-core renders the BiDi stack as "    at fn (url:line:col)" lines after the
      // message; a content script's frames are on moz-extension:// URLs, the page's are not.
      this.errors.push({ type: 'pageerror', text: `${err.message}\n${stack}`, source: page.url(), fromExtension: stackHasExtensionFrame(stack) });
    });
    page.on('request', (r) => {
      const initiator = r.frame()?.url() ?? '';
      let resourceType = '';
      try {
        resourceType = r.resourceType();
      } catch {
        resourceType = 'unknown'; // not reported over WebDriver BiDi
      }
      this.requests.push({
        url: r.url(),
        method: r.method(),
        resourceType,
        initiator,
        fromExtension: EXT_ORIGIN.test(initiator) || EXT_ORIGIN.test(r.url()),
        network: NETWORK_SCHEME.test(r.url()),
      });
    });
  }

  async openPage(url: string): Promise<TestPage> {
    const raw = await this.browser.newPage();
    await setFirefoxViewport(raw, 1280, 720);
    this.watch(raw);
    const page = new FirefoxPage(raw);
    this.open.push(page);
    await page.goto(url);
    return page;
  }

  /** A tab on the extension's manifest.json: an extension page (browser.* APIs) running no product code. */
  private async helperPage(): Promise<FirefoxPage> {
    if (this.helper) return this.helper;
    const raw = await this.browser.newPage();
    this.watch(raw);
    const page = new FirefoxPage(raw);
    await page.goto(`${this.extensionOrigin}/manifest.json`);
    this.helper = page;
    return page;
  }

  async evaluateInExtension<T = unknown>(expression: string): Promise<T> {
    const helper = await this.helperPage();
    return helper.evaluate<T>(expression);
  }

  async tabIdOf(page: TestPage): Promise<number> {
    const url = await page.url();
    await this.helperPage();
    await page.bringToFront();
    const id = await this.evaluateInExtension<number | null>(tabIdExpression(url));
    if (typeof id !== 'number') throw new Error(`no tab id found for ${url}`);
    return id;
  }

  async stopBackground(): Promise<boolean> {
    return false;
  }

  async closePages(): Promise<void> {
    await super.closePages();
  }

  async close(): Promise<void> {
    this.addonWatcher?.close();
    await this.browser.close().catch(() => undefined);
    for (const d of this.tempDirs) rmSync(d, { recursive: true, force: true });
  }
}

/** The add-on id of a Firefox build: `browser_specific_settings.gecko.id` (or legacy `applications`). */
export function geckoIdOf(extDir: string): string | null {
  const manifest = JSON.parse(readFileSync(join(extDir, 'manifest.json'), 'utf8')) as {
    browser_specific_settings?: { gecko?: { id?: string } };
    applications?: { gecko?: { id?: string } };
  };
  return manifest.browser_specific_settings?.gecko?.id ?? manifest.applications?.gecko?.id ?? null;
}

/**
 * Firefox prefs that keep a test browser hermetic: every host but localhost / 127.0.0.1 goes to
 * a proxy on port 9, where nothing listens, so a request to the outside fails at once. Shared by
 * the harness, `npm run bench` and `npm run pages:check` (which points the proxy at its wire log).
 */
export const HERMETIC_FIREFOX_PREFS: Readonly<Record<string, unknown>> = {
  'network.proxy.type': 1,
  'network.proxy.http': '127.0.0.1',
  'network.proxy.http_port': 9,
  'network.proxy.ssl': '127.0.0.1',
  'network.proxy.ssl_port': 9,
  'network.proxy.allow_hijacking_localhost': false,
};

/**
 * Launches Firefox (headless, WebDriver BiDi) and installs the MV2 build as a temporary add-on,
 * with a fixed moz-extension UUID (pref `extensions.webextensions.uuids`) so that extension
 * pages can be opened. A build without a gecko id is copied and given a test id first. Firefox
 * also runs its DevTools server on a free local port, through which the add-on's background page
 * and extension pages are watched (`backgroundErrors()`).
 * @throws When Firefox is missing, the add-on does not install or the DevTools server does not
 *   list it.
 * @param extDir The built extension; default `$FC_FIREFOX_EXT_DIR` (CI points it at the unzipped
 *   store zip), else `.output/firefox-mv2` (run `npm run build:firefox`).
 */
export async function launchFirefox(
  extDir = process.env.FC_FIREFOX_EXT_DIR || join(REPO_ROOT, '.output/firefox-mv2'),
  options: LaunchOptions = {},
): Promise<ExtensionBrowser> {
  const executablePath = firefoxPath();
  const dir = await snapshotBuild(resolve(extDir), 'npm run build:firefox');
  const tempDirs: string[] = [dir];
  let geckoId = geckoIdOf(dir);
  if (!geckoId) {
    // Without an id a temporary add-on gets a random one, and its UUID cannot be fixed in advance.
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    geckoId = 'factcheck-e2e@tests.invalid';
    manifest.browser_specific_settings = { gecko: { id: geckoId } };
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  }
  const uuid = randomUUID();
  const rdpPort = await freePort();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    // Lets BiDi navigate a tab to moz-extension:// pages (the popup as a tab); the DevTools
    // server shows the background page's console and errors (FirefoxExtensionBrowser.watchBackground).
    args: ['--remote-allow-system-access', '--start-debugger-server', String(rdpPort)],
    extraPrefsFirefox: {
      ...RDP_PREFS,
      'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: uuid }),
      ...HERMETIC_FIREFOX_PREFS,
      ...options.firefoxPrefs,
    },
  });
  try {
    const installed = await browser.installExtension(dir);
    if (installed !== geckoId) throw new Error(`installed add-on id ${installed}, expected ${geckoId}`);
    for (const p of await browser.pages()) if (p.url() === 'about:blank' && (await browser.pages()).length > 1) await p.close();
    const extensionBrowser = new FirefoxExtensionBrowser(browser, uuid, tempDirs);
    await extensionBrowser.watchBackground(rdpPort, geckoId);
    return extensionBrowser;
  } catch (error) {
    await browser.close();
    for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Launches `name` with its default build (chrome-mv3 / firefox-mv2), trying a second time when
 * the first start fails (a loaded machine sometimes misses the worker's start); a missing
 * browser binary fails at once.
 */
export async function launch(name: BrowserName, options: LaunchOptions = {}): Promise<ExtensionBrowser> {
  const once = (): Promise<ExtensionBrowser> =>
    name === 'chromium' ? launchChromium(options.extensionDir) : launchFirefox(options.extensionDir, options);
  try {
    return await once();
  } catch (error) {
    if (/not found: install it/.test(String(error))) throw error;
    return once();
  }
}
