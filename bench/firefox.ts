/**
 * Firefox side of the bench (puppeteer-core over WebDriver BiDi). Firefox has no CDP metrics,
 * traces or heap reads here, so it measures what the page itself can see: the settle time of our
 * extension and of the floor (one Firefox per configuration, side by side, used in turn), the
 * ranges painted, and the endless feed's per-batch highlight delays.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { firefoxPath, HERMETIC_FIREFOX_PREFS, setFirefoxViewport } from '../scripts/e2e-lib/browsers';
import { FEED_TAIL_MS, type FeedRun, type LoadOptions } from './chromium';
import { settledFrom, type Config, type LoadResult, type ProbeRead } from './measure';

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** A launched Firefox with one extension (or none). */
export interface FirefoxProfile {
  config: Config;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * The floor extension as Firefox MV2 (the real extension ships MV2 for Firefox too; MV3 host
 * permissions would need a grant): same content script, a fixed add-on id. Returns a temp dir.
 */
export function floorForFirefox(floorDir: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'fc-bench-floor-ff-'));
  cpSync(floorDir, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  manifest.manifest_version = 2;
  manifest.browser_specific_settings = { gecko: { id: 'bench-floor@factcheck.invalid' } };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

/** Launches headless Firefox (every host but 127.0.0.1 goes to a refusing proxy) with `extensionDir`. */
export async function launchFirefoxProfile(config: Config, extensionDir: string | null): Promise<FirefoxProfile> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    extraPrefsFirefox: { ...HERMETIC_FIREFOX_PREFS, 'network.proxy.no_proxies_on': '127.0.0.1' },
  });
  if (extensionDir) await browser.installExtension(extensionDir);
  return { config, browser, close: () => browser.close().catch(() => undefined) };
}

async function read(page: Page): Promise<ProbeRead | null> {
  try {
    return (await page.evaluate('window.fcBenchRead ? window.fcBenchRead() : null')) as ProbeRead | null;
  } catch {
    return null;
  }
}

async function openPage(profile: FirefoxProfile, probe: string): Promise<Page> {
  const page = await profile.browser.newPage();
  await setFirefoxViewport(page, 1280, 720);
  await page.evaluateOnNewDocument(probe);
  return page;
}

/** One static load (see the Chromium `loadOnce`; no metrics here, and no common window). */
export async function loadOnceFirefox(profile: FirefoxProfile, probe: string, opts: LoadOptions): Promise<LoadResult> {
  const result: LoadResult = {
    page: opts.page,
    browser: 'firefox',
    config: profile.config,
    run: opts.run,
    settledMs: null,
    settledSource: null,
    pollGapMs: null,
    dclMs: null,
    loadMs: null,
    ranges: null,
    sizes: {},
    windowEndMs: 0,
    timedOut: false,
  };
  const page = await openPage(profile, probe);
  try {
    await page.goto(opts.url, { waitUntil: 'load', timeout: 60_000 });
    const wallEnd = Date.now() + opts.capMs + 20_000;
    let last: ProbeRead | null = null;
    for (;;) {
      const r = await read(page);
      if (r) {
        last = r;
        const s = settledFrom(profile.config, r);
        if ((s.done && r.load !== null) || r.now >= opts.capMs) {
          result.timedOut = !s.done;
          result.settledMs = s.settledMs;
          result.settledSource = s.source;
          result.pollGapMs = s.pollGapMs;
          break;
        }
      } else if (Date.now() > wallEnd) throw new Error('the page never answered the probe');
      await sleep(25);
    }
    if (!last) throw new Error('no probe reading');
    result.windowEndMs = last.now;
    result.dclMs = last.dcl;
    result.loadMs = last.load;
    result.ranges = Math.max(0, last.size - opts.sentinel);
    result.sizes = last.sizes;
    if (last.error) result.error = last.error;
  } catch (error) {
    result.error = String(error);
  } finally {
    await page.close().catch(() => undefined);
  }
  return result;
}

/** One run of the endless feed in Firefox: per-batch highlight delays only. */
export async function feedOnceFirefox(profile: FirefoxProfile, probe: string, url: string, run: number): Promise<FeedRun> {
  const out: FeedRun = { config: profile.config, run, delays: [], metrics: null, heapAtStopBytes: null, heapAfterBytes: null, ranges: null };
  const page = await openPage(profile, probe);
  try {
    await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    const wallEnd = Date.now() + 60_000;
    for (;;) {
      await sleep(25);
      if (Date.now() > wallEnd) throw new Error('the feed page never settled');
      const r = await read(page);
      if (r && (settledFrom(profile.config, r).done || r.now > 15_000)) break;
    }
    await page.evaluate('window.fcBenchFeed.start()');
    for (;;) {
      await sleep(50);
      if (Date.now() > wallEnd + 30_000) throw new Error('the feed never ended');
      const r = await read(page);
      if (r?.feed?.ended != null && r.now >= r.feed.ended + FEED_TAIL_MS) break;
    }
    const batches = (await page.evaluate('window.fcBenchFeedResult()')) as Array<{ insertedAt: number; seenAt: number | null }>;
    out.delays = batches.map((b) => (b.seenAt === null ? null : b.seenAt - b.insertedAt));
    out.ranges = (await read(page))?.size ?? null;
  } catch (error) {
    out.error = String(error);
  } finally {
    await page.close().catch(() => undefined);
  }
  return out;
}

/** Removes a temp dir made by {@link floorForFirefox}. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
