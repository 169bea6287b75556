/**
 * Chromium side of the bench (playwright-core + CDP): one persistent profile per configuration
 * (our extension, the floor extension, no extension), launched side by side and used in turn,
 * so that every configuration runs in the same browser build with the same flags.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../scripts/e2e-lib/browsers';
import { settledFrom, type Config, type LoadMetrics, type LoadResult, type ProbeRead } from './measure';
import { analyseTrace, extensionLongTasks, extensionScriptMs, type CpuProfile, type LongTask, type TraceAnalysis, type TraceEvent } from './trace';

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** A launched profile: its context and, with an extension, the content script's URL. */
export interface ChromiumProfile {
  config: Config | 'profile';
  context: BrowserContext;
  /** `chrome-extension://ID/content-scripts/mentions.js`, or the floor's `walk.js`. */
  scriptUrl: string | null;
  close(): Promise<void>;
}

/**
 * Launches headless Chromium with one extension (or none) in a fresh profile; every host but
 * 127.0.0.1 fails to resolve. `probe` (bench/probe.js) runs in every page's main world.
 */
export async function launchProfile(config: ChromiumProfile['config'], extensionDir: string | null, probe: string, scriptPath: string): Promise<ChromiumProfile> {
  const dir = mkdtempSync(join(tmpdir(), `fc-bench-${config}-`));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1280, height: 720 },
    args: chromiumArgs(extensionDir ?? undefined),
  });
  await context.addInitScript({ content: probe });
  let scriptUrl: string | null = null;
  if (extensionDir) {
    // Our extension has a service worker (its id names the script URL); the floor has none, so
    // its id comes from the first page it runs in (see `learnScriptUrl`).
    const worker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
    const id = worker ? new URL(worker.url()).host : null;
    if (!id && config !== 'floor') {
      const w = await context.waitForEvent('serviceworker', { timeout: 15_000 });
      scriptUrl = `chrome-extension://${new URL(w.url()).host}/${scriptPath}`;
    } else if (id) scriptUrl = `chrome-extension://${id}/${scriptPath}`;
  }
  for (const p of context.pages()) if (p.url() === 'about:blank') await p.close().catch(() => undefined);
  return {
    config,
    context,
    scriptUrl,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const METRIC_NAMES = ['TaskDuration', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration', 'JSHeapUsedSize', 'NavigationStart'] as const;
type Metrics = Record<(typeof METRIC_NAMES)[number], number>;

async function getMetrics(cdp: CDPSession): Promise<Metrics> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const out = Object.fromEntries(METRIC_NAMES.map((n) => [n, 0])) as Metrics;
  for (const m of metrics) if ((METRIC_NAMES as readonly string[]).includes(m.name)) out[m.name as keyof Metrics] = m.value;
  return out;
}

function metricDelta(a: Metrics, b: Metrics): LoadMetrics {
  return {
    taskMs: (b.TaskDuration - a.TaskDuration) * 1000,
    scriptMs: (b.ScriptDuration - a.ScriptDuration) * 1000,
    layoutMs: (b.LayoutDuration - a.LayoutDuration) * 1000,
    styleMs: (b.RecalcStyleDuration - a.RecalcStyleDuration) * 1000,
    heapBytes: b.JSHeapUsedSize,
  };
}

async function read(page: Page): Promise<ProbeRead | null> {
  try {
    return (await page.evaluate('window.fcBenchRead ? window.fcBenchRead() : null')) as ProbeRead | null;
  } catch {
    return null; // navigating
  }
}

/** Options of one static load. */
export interface LoadOptions {
  page: string;
  url: string;
  run: number;
  /**
   * The load ends at this page time (ms) at the earliest. Ours and the floor end once settled
   * (+300 ms quiet); a load without extension ends where ours ended in the same round, so the
   * with/without metrics cover the same stretch of page time.
   */
  windowMs: number;
  /** Give up waiting for the settle at this page time (ms). */
  capMs: number;
  /** Ranges the page has that are not the page's own (the sentinel). */
  sentinel: number;
  /** Record a trace and a dense CPU profile (profile pass only). */
  trace?: boolean;
  /** Sample the CPU (1 ms) to attribute script time to the extension (timed runs). */
  sample?: boolean;
}

/** One static load with trace analysis (profile pass). */
export interface TracedLoad extends LoadResult {
  analysis?: TraceAnalysis;
}

/**
 * Long tasks (≥ 50 ms, Long Tasks API in the page) during which a CPU sample ran extension
 * code: the longest three, and the longest duration (0 when no long task ran our code).
 */
async function attributeLongTasks(page: Page, cpu: CpuProfile, navigationStartS: number, since = 0): Promise<{ top: LongTask[]; longestMs: number } | null> {
  const tasks = (await page.evaluate('window.fcBenchLongTasks ? window.fcBenchLongTasks() : null')) as Array<{ start: number; duration: number }> | null;
  if (!tasks) return null;
  const ours = extensionLongTasks(cpu, tasks.filter((t) => t.start >= since), navigationStartS);
  return { top: ours.slice(0, 3), longestMs: ours[0]?.durationMs ?? 0 };
}

/**
 * Loads `url` in a new tab of `profile`, waits until the page settled and the window closed,
 * and returns what it measured. Never throws for a page problem: `error` says what happened.
 */
export async function loadOnce(profile: ChromiumProfile, opts: LoadOptions): Promise<TracedLoad> {
  const config = profile.config === 'profile' ? 'ext' : profile.config;
  const page = await profile.context.newPage();
  const cdp = await profile.context.newCDPSession(page);
  const result: TracedLoad = {
    page: opts.page,
    browser: 'chromium',
    config,
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
  const events: TraceEvent[] = [];
  try {
    await cdp.send('Performance.enable');
    let traceDone: Promise<unknown> | null = null;
    if (opts.trace) {
      cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
      traceDone = new Promise((done) => cdp.once('Tracing.tracingComplete', done));
      await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['toplevel', 'devtools.timeline'] }, transferMode: 'ReportEvents' });
    }
    if (opts.trace || opts.sample) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: opts.trace ? 200 : 1000 });
      await cdp.send('Profiler.start');
    }
    const m0 = await getMetrics(cdp);
    await page.goto(opts.url, { waitUntil: 'commit', timeout: 30_000 });
    let last: ProbeRead | null = null;
    const wallEnd = Date.now() + opts.capMs + 20_000;
    for (;;) {
      await sleep(25);
      const r = await read(page);
      if (!r) {
        if (Date.now() > wallEnd) throw new Error('the page never answered the probe');
        continue;
      }
      last = r;
      const s = settledFrom(config, r);
      if ((s.done && r.now >= opts.windowMs && r.load !== null) || r.now >= opts.capMs) {
        result.timedOut = !s.done;
        result.settledMs = s.settledMs;
        result.settledSource = s.source;
        result.pollGapMs = s.pollGapMs;
        break;
      }
    }
    const m1 = await getMetrics(cdp);
    result.metrics = metricDelta(m0, m1);
    if (!last) throw new Error('no probe reading');
    result.windowEndMs = last.now;
    result.dclMs = last.dcl;
    result.loadMs = last.load;
    result.ranges = Math.max(0, last.size - opts.sentinel);
    result.sizes = last.sizes;
    const floorMark = last.marks.find((m) => m.name === 'fc-floor:walked');
    if (floorMark && floorMark.detail && typeof floorMark.detail === 'object') result.floorNodes = (floorMark.detail as { nodes: number }).nodes;
    if (last.error) result.error = last.error;
    if (opts.trace || opts.sample) {
      const { profile: cpu } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
      result.metrics.extensionScriptMs = extensionScriptMs(cpu);
      const long = await attributeLongTasks(page, cpu, m1.NavigationStart);
      if (long) {
        result.longestOurTaskMs = long.longestMs;
        result.ourLongTasks = long.top;
      }
      if (traceDone) {
        await cdp.send('Tracing.end');
        await traceDone;
        if (profile.scriptUrl) result.analysis = analyseTrace(events, cpu, profile.scriptUrl);
      }
    }
  } catch (error) {
    result.error = String(error);
  } finally {
    await cdp.detach().catch(() => undefined);
    await page.close().catch(() => undefined);
  }
  return result;
}

/** One run of the endless feed. */
export interface FeedRun {
  config: Config;
  run: number;
  /** Per batch: insertion time and highlight delay (ms), null when never highlighted. */
  delays: Array<number | null>;
  /** Main-thread metrics from the feed's start to 500 ms after its end. */
  metrics: LoadMetrics | null;
  /** JS heap (bytes) after a forced GC when the feed stopped, and 5 s later (ext only). */
  heapAtStopBytes: number | null;
  heapAfterBytes: number | null;
  ranges: number | null;
  /** Long tasks ≥ 50 ms during the feed that ran our code (0: none). */
  longestOurTaskMs?: number;
  ourLongTasks?: LongTask[];
  /** Profile pass only: tasks and functions during the feed. */
  analysis?: TraceAnalysis;
  error?: string;
}

/** Feed timing, shared with the Firefox side. */
export const FEED_TAIL_MS = 500;
export const HEAP_WAIT_MS = 5000;

/**
 * Loads the endless feed, lets the first 50 cards settle, starts the feed (50 cards every
 * 100 ms for 5 s), and measures per-batch highlight delays, main-thread time over the feed,
 * and the heap when it stops and `heapWaitMs` later.
 */
export async function feedOnce(profile: ChromiumProfile, url: string, run: number, settleWindowMs: number, heapWaitMs: number, trace = false): Promise<FeedRun> {
  const config = profile.config === 'profile' ? 'ext' : profile.config;
  const out: FeedRun = { config, run, delays: [], metrics: null, heapAtStopBytes: null, heapAfterBytes: null, ranges: null };
  const page = await profile.context.newPage();
  const cdp = await profile.context.newCDPSession(page);
  try {
    await cdp.send('Performance.enable');
    await cdp.send('HeapProfiler.enable');
    await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
    // The first 50 cards: settled (ext) and a common window, so the feed starts on a quiet page.
    const wallEnd = Date.now() + settleWindowMs + 40_000;
    for (;;) {
      await sleep(25);
      if (Date.now() > wallEnd) throw new Error('the feed page never settled');
      const r = await read(page);
      if (!r) continue;
      if ((settledFrom(config, r).done && r.now >= settleWindowMs) || r.now >= settleWindowMs + 10_000) break;
    }
    const events: TraceEvent[] = [];
    let traceDone: Promise<unknown> | null = null;
    if (trace) {
      cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
      traceDone = new Promise((done) => cdp.once('Tracing.tracingComplete', done));
      await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['toplevel', 'devtools.timeline'] }, transferMode: 'ReportEvents' });
    }
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: trace ? 200 : 1000 });
    await cdp.send('Profiler.start');
    const feedStart = (await read(page))?.now ?? 0;
    const m0 = await getMetrics(cdp);
    await page.evaluate('window.fcBenchFeed.start()');
    for (;;) {
      await sleep(50);
      if (Date.now() > wallEnd + 30_000) throw new Error('the feed never ended');
      const r = await read(page);
      if (r?.feed?.ended != null && r.now >= r.feed.ended + FEED_TAIL_MS) break;
    }
    const m1 = await getMetrics(cdp);
    out.metrics = metricDelta(m0, m1);
    const { profile: cpu } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
    out.metrics.extensionScriptMs = extensionScriptMs(cpu);
    const long = await attributeLongTasks(page, cpu, m1.NavigationStart, feedStart);
    if (long) {
      out.longestOurTaskMs = long.longestMs;
      out.ourLongTasks = long.top;
    }
    if (traceDone) {
      await cdp.send('Tracing.end');
      await traceDone;
      if (profile.scriptUrl) out.analysis = analyseTrace(events, cpu, profile.scriptUrl);
    }
    const batches = (await page.evaluate('window.fcBenchFeedResult()')) as Array<{ insertedAt: number; seenAt: number | null }>;
    out.delays = batches.map((b) => (b.seenAt === null ? null : b.seenAt - b.insertedAt));
    await cdp.send('HeapProfiler.collectGarbage');
    out.heapAtStopBytes = (await getMetrics(cdp)).JSHeapUsedSize;
    if (heapWaitMs > 0) {
      await sleep(heapWaitMs);
      await cdp.send('HeapProfiler.collectGarbage');
      out.heapAfterBytes = (await getMetrics(cdp)).JSHeapUsedSize;
    }
    out.ranges = (await read(page))?.size ?? null;
  } catch (error) {
    out.error = String(error);
  } finally {
    await cdp.detach().catch(() => undefined);
    await page.close().catch(() => undefined);
  }
  return out;
}
