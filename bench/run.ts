/**
 * `npm run bench`: how much the content script costs on heavy pages, in real Chromium and
 * Firefox, against the issue's targets ("Fast on any page"). Not a test: it prints a table and
 * writes `bench/results/latest.json` (fields: bench/results/README.md).
 *
 *   npm run bench [-- --runs=5 --other-runs=3 --feed-runs=3 --browsers=chromium,firefox
 *                     --pages=long-article,... --corpus=2 --profile-runs=1 --profile-pages=...
 *                     --no-build --no-profile --no-match --budget-s=570
 *                     --ext-chrome=DIR --ext-firefox=DIR]   (measure other builds, e.g. a baseline)
 *
 * 1. Builds the extension (`npx wxt build`, `-b firefox`, and an unminified copy for profiles)
 *    and snapshots the builds, so a rebuild by someone else mid-run changes nothing.
 * 2. Serves generated pages (bench/pages.ts) and real ones (../shared/bench-pages, the largest
 *    ../shared/corpus/pages) from 127.0.0.1; every other host is unreachable.
 * 3. Node: matching time with 10 vs 10,000 aliases on the long article's text.
 * 4. Chromium: per page, one calibration load, then `runs` rounds; each round loads the page
 *    with our extension, with the floor extension (a bare TreeWalker walk, bench/floor-extension)
 *    and with none, each in its own profile, in a rotating order. The endless feed alternates
 *    ours and none. Then profiles (trace + CPU samples) of our unminified build per page.
 * 5. Firefox: the same rounds with ours and the floor (no metrics there), and the feed.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import rulesJson from '../data/pack/recognition.json' with { type: 'json' };
import { compileRecognizer } from '../core/compile';
import { parseRecognitionRules } from '../core/recognition';
import { chromiumPath, firefoxPath } from '../scripts/e2e-lib/browsers';
import { startServer } from '../scripts/e2e-lib/server';
import { timeRuns, withAliases } from '../scripts/bench-match';
import { decodeHtml, scanHtml } from '../scripts/scan';
import { feedOnce, HEAP_WAIT_MS, launchProfile, loadOnce, type ChromiumProfile, type FeedRun, type TracedLoad } from './chromium';
import { feedOnceFirefox, floorForFirefox, launchFirefoxProfile, loadOnceFirefox, removeDir, type FirefoxProfile } from './firefox';
import { QUIET_MS, withSentinel, type Config, type LoadResult } from './measure';
import type { TaskSummary, TraceAnalysis } from './trace';
import { generatePages } from './pages';
import { fmt, max, median, percentile, ratio, round } from './stats';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BENCH = join(ROOT, 'bench');
const SCRIPT_PATH = 'content-scripts/mentions.js';

// ---- arguments --------------------------------------------------------------------------------

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string, fallback: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const RUNS = Math.max(1, Number(option('runs', '5')));
const BROWSERS = option('browsers', 'chromium,firefox').split(',');
const ONLY_PAGES = option('pages', '') ? option('pages', '').split(',') : null;
const CORPUS_PAGES = Number(option('corpus', '2'));
// Defaults fit the 10-minute budget on a busy 2-core machine; `--other-runs=5 --feed-runs=5`
// gives every page the full protocol (and takes longer).
const OTHER_RUNS = Math.max(1, Number(option('other-runs', '3')));
const FEED_RUNS = Math.max(1, Number(option('feed-runs', '3')));
const PROFILE_RUNS = Number(option('profile-runs', '1'));
/** Pages the issue sets targets on: measured first, with `--runs` rounds. */
const TARGET_PAGES = new Set(['long-article', 'single-text-node', 'endless-feed']);
/** Pages profiled in part 2 (trace + dense CPU samples): the targets unless `--profile-pages=…`. */
const PROFILE_PAGES = new Set(option('profile-pages', [...TARGET_PAGES].join(',')).split(','));
const BUDGET_S = Number(option('budget-s', '570'));
const started = Date.now();
const elapsedS = () => (Date.now() - started) / 1000;
const log = (msg: string) => console.log(`[${elapsedS().toFixed(0).padStart(3)} s] ${msg}`);

/** Phase deadlines (s since start) keep the whole bench under the budget on a slow machine. */
const DEADLINE = {
  chromium: BUDGET_S * 0.58,
  profile: BUDGET_S * 0.68,
  firefox: BUDGET_S * 0.97,
};

// ---- builds -----------------------------------------------------------------------------------

function build(args: string[]): void {
  execFileSync('npx', ['wxt', 'build', ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Copies a build to a temp dir (another engineer's rebuild must not change it mid-run). */
function snapshot(dir: string): string {
  JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const copy = mkdtempSync(join(tmpdir(), 'fc-bench-ext-'));
  cpSync(dir, copy, { recursive: true });
  return copy;
}

function sizeOf(file: string): { bytes: number; gzipBytes: number } {
  const data = readFileSync(file);
  return { bytes: data.length, gzipBytes: gzipSync(data, { level: 9 }).length };
}

function gitInfo(): { commit: string; dirty: boolean } {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
    return { commit, dirty };
  } catch {
    return { commit: 'unknown', dirty: true };
  }
}

function versionOf(binary: () => string): string {
  try {
    return execFileSync(binary(), ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

// ---- pages ------------------------------------------------------------------------------------

interface BenchPage {
  id: string;
  kind: 'static' | 'feed';
  source: 'generated' | 'bench-pages' | 'corpus';
  description: string;
  bytes: number;
  /** Ranges the bench added (a sentinel full name on pages where the extension paints nothing). */
  sentinel: number;
  path: string;
}

function largestCorpusPages(n: number): string[] {
  const dir = resolve(ROOT, '../shared/corpus/pages');
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.html'))
      .map((f) => ({ f: join(dir, f), size: statSync(join(dir, f)).size }))
      .sort((a, b) => b.size - a.size)
      .slice(0, n)
      .map((x) => x.f);
  } catch {
    return [];
  }
}

/**
 * Writes every page into `dir`. A real page on which the extension would paint nothing (checked
 * offline with the same scanner and matcher, `scripts/scan.ts`) gets a sentinel full name
 * appended, so the end of the scan is visible from the page; the sentinel's range is not counted.
 */
function preparePages(dir: string): BenchPage[] {
  const pages: BenchPage[] = [];
  for (const p of generatePages()) {
    writeFileSync(join(dir, p.file), p.html);
    pages.push({ id: p.id, kind: p.id === 'endless-feed' ? 'feed' : 'static', source: 'generated', description: p.description, bytes: Buffer.byteLength(p.html), sentinel: 0, path: `/pages/${p.file}` });
  }
  const benchDir = resolve(ROOT, '../shared/bench-pages');
  const real: Array<{ file: string; source: BenchPage['source'] }> = [];
  try {
    for (const f of readdirSync(benchDir).filter((f) => f.endsWith('.html')).sort()) real.push({ file: join(benchDir, f), source: 'bench-pages' });
  } catch {
    // no shared bench pages
  }
  for (const f of largestCorpusPages(CORPUS_PAGES)) real.push({ file: f, source: 'corpus' });
  for (const { file, source } of real) {
    const raw = readFileSync(file);
    const id = (source === 'corpus' ? 'corpus-' : '') + basename(file, '.html');
    const mentions = scanHtml(id, decodeHtml(raw)).mentions.length;
    // Byte-preserving edit (latin1 round trip), whatever the page's encoding.
    const bytes = mentions ? raw : Buffer.from(withSentinel(raw.toString('latin1')), 'latin1');
    writeFileSync(join(dir, `${id}.html`), bytes);
    pages.push({
      id,
      kind: 'static',
      source,
      description: `${source === 'corpus' ? '../shared/corpus/pages' : '../shared/bench-pages'}/${basename(file)}${mentions ? '' : ' (+ sentinel: no mention offline)'}`,
      bytes: raw.length,
      sentinel: mentions ? 0 : 1,
      path: `/pages/${id}.html`,
    });
  }
  return ONLY_PAGES ? pages.filter((p) => ONLY_PAGES.includes(p.id)) : pages;
}

// ---- matching: 10 vs 10,000 aliases --------------------------------------------------------------

function matchBench(longArticleHtml: string, runs = 7): Record<string, unknown> {
  const texts = scanHtml('long-article', longArticleHtml).blocks.map((b) => b.text);
  const base = parseRecognitionRules(rulesJson);
  const sizes = [10, 10_000];
  const compiled = sizes.map((n) => {
    const t0 = performance.now();
    const rec = compileRecognizer(withAliases(base, n));
    return { n, rec, compileMs: performance.now() - t0 };
  });
  for (const c of compiled) timeRuns(texts, c.rec, 1); // warm-up
  // Interleaved, so a GC or a neighbour's burst hits both sizes alike.
  const times: number[][] = sizes.map(() => []);
  const mentions: number[] = sizes.map(() => 0);
  for (let r = 0; r < runs; r++) {
    compiled.forEach((c, i) => {
      const t = timeRuns(texts, c.rec, 1);
      times[i]!.push(t.ms);
      mentions[i] = t.mentions;
    });
  }
  const rows = compiled.map((c, i) => ({ aliases: c.n, compileMs: round(c.compileMs)!, matchMs: round(median(times[i]!))!, mentions: mentions[i]! }));
  return { blocks: texts.length, chars: texts.reduce((n, t) => n + t.length, 0), runs, rows, ratio: round(ratio(rows[1]!.matchMs, rows[0]!.matchMs), 2) };
}

// ---- Chromium ---------------------------------------------------------------------------------

const rotate = <T>(xs: T[], k: number): T[] => xs.map((_, i) => xs[(i + k) % xs.length]!);
const runsFor = (p: BenchPage) => (TARGET_PAGES.has(p.id) ? RUNS : OTHER_RUNS);
/** Target pages first, so a time budget cuts the others. */
const inOrder = (pages: BenchPage[]) => [...pages.filter((p) => TARGET_PAGES.has(p.id)), ...pages.filter((p) => !TARGET_PAGES.has(p.id))];

interface PageSummary {
  page: string;
  browser: 'chromium' | 'firefox';
  runs: number;
  extSettledMs: number | null;
  floorSettledMs: number | null;
  /** Median over rounds of ext/floor settled (paired by round). */
  settledRatio: number | null;
  ranges: number | null;
  settledSource: string | null;
  loadMs: number | null;
  /** Median of settled − load event, ms (how long after the page loaded it settled). */
  extAfterLoadMs: number | null;
  floorAfterLoadMs: number | null;
  windowMs?: number | null;
  /** TaskDuration, ours − none in the same round and window (CDP Performance.getMetrics). */
  taskAddedMs?: number | null;
  /** Sampled JS time with our script on the stack (CPU profile, 1 ms), ms. */
  scriptAddedMs?: number | null;
  /** The same for the floor's walk. */
  floorScriptAddedMs?: number | null;
  scriptRatio?: number | null;
  /** CDP ScriptDuration, ours − none: misses promise continuations, so it undercounts ours. */
  cdpScriptAddedMs?: number | null;
  heapAddedBytes?: number | null;
  /** Median over rounds of the longest long task (≥ 50 ms) that ran our code; 0 = none did. */
  longestTaskMs?: number | null;
  floorLongestTaskMs?: number | null;
  timeouts: number;
  errors: string[];
}

function summarise(page: string, browser: 'chromium' | 'firefox', loads: LoadResult[]): PageSummary {
  const of = (c: Config) => loads.filter((l) => l.config === c && !l.error);
  const ext = of('ext');
  const floor = of('floor');
  const none = of('none');
  const byRun = (c: Config) => new Map(of(c).map((l) => [l.run, l]));
  const e = byRun('ext');
  const f = byRun('floor');
  const n = byRun('none');
  const runs = [...e.keys()];
  const paired = (fn: (a: LoadResult, b: LoadResult, c?: LoadResult) => number | null, withNone: boolean) =>
    median(runs.map((r) => (e.get(r) && f.get(r) && (!withNone || n.get(r)) ? fn(e.get(r)!, f.get(r)!, n.get(r)) : null)));
  const pairedNone = (c: Map<number, LoadResult>, pick: (l: LoadResult) => number | undefined) =>
    median(runs.map((r) => (c.get(r) && n.get(r) ? (pick(c.get(r)!) ?? NaN) - (pick(n.get(r)!) ?? NaN) : null)));
  const summary: PageSummary = {
    page,
    browser,
    runs: ext.length,
    extSettledMs: round(median(ext.map((l) => l.settledMs))),
    floorSettledMs: round(median(floor.map((l) => l.settledMs))),
    settledRatio: round(paired((a, b) => ratio(a.settledMs, b.settledMs), false), 3),
    ranges: median(ext.map((l) => l.ranges)),
    settledSource: ext[0]?.settledSource ?? null,
    loadMs: round(median(ext.map((l) => l.loadMs))),
    extAfterLoadMs: round(median(ext.map((l) => (l.settledMs !== null && l.loadMs !== null ? l.settledMs - l.loadMs : null)))),
    floorAfterLoadMs: round(median(floor.map((l) => (l.settledMs !== null && l.loadMs !== null ? l.settledMs - l.loadMs : null)))),
    timeouts: loads.filter((l) => l.timedOut).length,
    errors: loads.filter((l) => l.error).map((l) => `${l.config}#${l.run}: ${l.error}`),
  };
  if (browser === 'chromium') {
    summary.windowMs = round(median(loads.map((l) => l.windowEndMs)));
    summary.taskAddedMs = round(pairedNone(e, (l) => l.metrics?.taskMs));
    summary.scriptAddedMs = round(median(ext.map((l) => l.metrics?.extensionScriptMs)));
    summary.floorScriptAddedMs = round(median(floor.map((l) => l.metrics?.extensionScriptMs)));
    summary.scriptRatio = round(paired((a, b) => ratio(a.metrics?.extensionScriptMs, b.metrics?.extensionScriptMs), false), 2);
    summary.cdpScriptAddedMs = round(pairedNone(e, (l) => l.metrics?.scriptMs));
    summary.heapAddedBytes = pairedNone(e, (l) => l.metrics?.heapBytes);
    summary.longestTaskMs = round(median(ext.map((l) => l.longestOurTaskMs)));
    summary.floorLongestTaskMs = round(median(floor.map((l) => l.longestOurTaskMs)));
    void none;
    void f;
  }
  return summary;
}

interface ProfileSummary {
  page: string;
  runs: number;
  longestTaskMs: number | null;
  longestTaskOurMs: number | null;
  tasksOver50Ms: number | null;
  ourMs: number | null;
  selfMs: Array<{ fn: string; ms: number }>;
  totalMs: Array<{ fn: string; ms: number }>;
  medianSampleStepUs: number | null;
  /** The longest tasks of the first run, with what ran inside them. */
  longestTasks: TaskSummary[];
  /** First run: our tasks, median gap between them and the sum of short gaps (ms). */
  slices: TraceAnalysis['slices'] | null;
}

function summariseProfiles(page: string, list: Array<TraceAnalysis | undefined>): ProfileSummary {
  const analyses = list.filter((a) => !!a);
  const mergeFns = (pick: (a: TraceAnalysis) => Array<{ fn: string; ms: number }>) => {
    const sum = new Map<string, number>();
    for (const a of analyses) for (const { fn, ms } of pick(a)) sum.set(fn, (sum.get(fn) ?? 0) + ms);
    return [...sum].map(([fn, ms]) => ({ fn, ms: round(ms / analyses.length)! })).sort((a, b) => b.ms - a.ms).slice(0, 20);
  };
  return {
    page,
    runs: analyses.length,
    longestTaskMs: round(median(analyses.map((a) => a.ourTasks[0]?.durationMs ?? null))),
    longestTaskOurMs: round(median(analyses.map((a) => a.ourTasks[0]?.ourMs ?? null))),
    tasksOver50Ms: median(analyses.map((a) => a.ourTasks.filter((t) => t.durationMs > 50).length)),
    ourMs: round(median(analyses.map((a) => a.ourMs))),
    selfMs: mergeFns((a) => a.selfMs),
    totalMs: mergeFns((a) => a.totalMs),
    medianSampleStepUs: round(median(analyses.map((a) => a.medianStepUs))),
    longestTasks: analyses[0]?.ourTasks.slice(0, 5) ?? [],
    slices: analyses[0]?.slices ?? null,
  };
}

interface FeedSummary {
  browser: 'chromium' | 'firefox';
  runs: number;
  /** Median over runs of each run's worst batch delay, and the median/p95 over all batches. */
  maxDelayMs: number | null;
  medianDelayMs: number | null;
  p95DelayMs: number | null;
  missedBatches: number;
  taskAddedMs?: number | null;
  scriptAddedMs?: number | null;
  heapAtStopBytes?: number | null;
  heapAfterBytes?: number | null;
  heapGrowthBytes?: number | null;
  heapAddedBytes?: number | null;
  /** Median over runs of the longest long task during the feed that ran our code; 0 = none. */
  longestTaskMs?: number | null;
  errors: string[];
}

/** Stands for "some batch was never highlighted" in a run's worst delay. */
const MISSED = 1e9;

function summariseFeed(browser: 'chromium' | 'firefox', runs: FeedRun[]): FeedSummary {
  const ext = runs.filter((r) => r.config === 'ext' && !r.error);
  const none = runs.filter((r) => r.config === 'none' && !r.error);
  const all = ext.flatMap((r) => r.delays);
  // A batch never highlighted makes its run's worst delay MISSED (reported as such, a FAIL).
  const worst = median(ext.map((r) => (r.delays.some((d) => d === null) ? MISSED : max(r.delays))));
  const out: FeedSummary = {
    browser,
    runs: ext.length,
    maxDelayMs: worst === null ? null : worst >= MISSED ? MISSED : round(worst),
    medianDelayMs: round(median(all)),
    p95DelayMs: round(percentile(all, 95)),
    missedBatches: all.filter((d) => d === null).length,
    errors: runs.filter((r) => r.error).map((r) => `${r.config}#${r.run}: ${r.error}`),
  };
  if (browser === 'chromium') {
    const byRun = (rs: FeedRun[]) => new Map(rs.map((r) => [r.run, r]));
    const e = byRun(ext);
    const n = byRun(none);
    const diff = (pick: (r: FeedRun) => number | null | undefined) =>
      median([...e.keys()].map((k) => (n.get(k) ? (pick(e.get(k)!) ?? NaN) - (pick(n.get(k)!) ?? NaN) : null)));
    out.taskAddedMs = round(diff((r) => r.metrics?.taskMs));
    out.scriptAddedMs = round(diff((r) => r.metrics?.scriptMs));
    out.heapAtStopBytes = median(ext.map((r) => r.heapAtStopBytes));
    out.heapAfterBytes = median(ext.map((r) => r.heapAfterBytes));
    out.heapGrowthBytes = median(ext.map((r) => (r.heapAfterBytes !== null && r.heapAtStopBytes !== null ? r.heapAfterBytes - r.heapAtStopBytes : null)));
    out.heapAddedBytes = diff((r) => r.heapAtStopBytes);
    out.longestTaskMs = round(median(ext.map((r) => r.longestOurTaskMs)));
  }
  return out;
}

async function chromiumPass(pages: BenchPage[], origin: string, dirs: { ext: string; floor: string; profile: string }, probe: string) {
  const loads: TracedLoad[] = [];
  const feedRuns: FeedRun[] = [];
  const profiles: ProfileSummary[] = [];
  const skipped: string[] = [];
  const launched: ChromiumProfile[] = [];
  try {
    // Side by side, launched one after the other (never two starting at once).
    const ext = await launchProfile('ext', dirs.ext, probe, SCRIPT_PATH);
    launched.push(ext);
    const floor = await launchProfile('floor', dirs.floor, probe, 'walk.js');
    launched.push(floor);
    const none = await launchProfile('none', null, probe, SCRIPT_PATH);
    launched.push(none);
    const byConfig: Record<Config, ChromiumProfile> = { ext, floor, none };
    const warm = pages.find((p) => p.id === 'feed-2000') ?? pages[0]!;
    for (const c of [ext, floor, none]) await loadOnce(c, { page: warm.id, url: origin + warm.path, run: -1, windowMs: 2000, capMs: 30_000, sentinel: warm.sentinel });
    log('chromium: profiles up and warm');

    const feed = pages.find((p) => p.kind === 'feed');
    for (const p of inOrder(pages)) {
      if (p.kind === 'feed') {
        for (let r = 0; r < FEED_RUNS; r++) {
          if (elapsedS() > DEADLINE.chromium) {
            skipped.push(`chromium endless-feed runs ${r + 1}..${FEED_RUNS}: time budget`);
            break;
          }
          for (const c of rotate<Config>(['ext', 'none'], r)) {
            // The heap after the feed: ours, in the first two runs (5 s each).
            feedRuns.push(await feedOnce(byConfig[c], origin + p.path, r, 1500, c === 'ext' && r < 2 ? HEAP_WAIT_MS : 0));
          }
        }
        const fs = summariseFeed('chromium', feedRuns);
        log(`chromium endless-feed: worst batch ${fmt(fs.maxDelayMs)} ms, main thread +${fmt(fs.taskAddedMs)} ms, heap growth ${fmt((fs.heapGrowthBytes ?? NaN) / 1024)} KB`);
        continue;
      }
      if (elapsedS() > DEADLINE.chromium) {
        skipped.push(`chromium ${p.id}: time budget`);
        continue;
      }
      const url = origin + p.path;
      for (let r = 0; r < runsFor(p); r++) {
        // Ours and the floor alternate first place; the load without extension comes last and
        // lasts as long as ours did in this round (same window for the with/without metrics).
        const order: Config[] = r % 2 ? ['floor', 'ext'] : ['ext', 'floor'];
        let extEnd = 0;
        for (const c of order) {
          const l = await loadOnce(byConfig[c], { page: p.id, url, run: r, windowMs: 0, capMs: 60_000, sentinel: p.sentinel, sample: true });
          if (c === 'ext') extEnd = l.windowEndMs;
          loads.push(l);
        }
        loads.push(await loadOnce(none, { page: p.id, url, run: r, windowMs: extEnd, capMs: extEnd + 1000, sentinel: p.sentinel, sample: true }));
      }
      const s = summarise(p.id, 'chromium', loads.filter((l) => l.page === p.id));
      log(`chromium ${p.id}: ours ${fmt(s.extSettledMs)} ms (load + ${fmt(s.extAfterLoadMs)}), floor ${fmt(s.floorSettledMs)} ms, ratio ${fmt(s.settledRatio, 2)}, script ${fmt(s.scriptAddedMs)} ms vs floor ${fmt(s.floorScriptAddedMs)} ms, task +${fmt(s.taskAddedMs)} ms, ranges ${fmt(s.ranges)}`);
    }

    for (const c of launched.splice(0)) await c.close();

    // Profiles: our unminified build, trace + CPU samples (readable function names).
    if (PROFILE_RUNS > 0 && !flag('no-profile')) {
      const prof = await launchProfile('profile', dirs.profile, probe, SCRIPT_PATH);
      launched.push(prof);
      await loadOnce(prof, { page: warm.id, url: origin + warm.path, run: -1, windowMs: 0, capMs: 30_000, sentinel: warm.sentinel });
      if (feed && PROFILE_PAGES.has(feed.id) && elapsedS() <= DEADLINE.profile) {
        const run = await feedOnce(prof, origin + feed.path, 0, 1500, 0, true);
        const s = summariseProfiles(feed.id, [run.analysis]);
        profiles.push(s);
        log(`chromium profile ${feed.id} (the 5 s feed): longest task ${fmt(s.longestTaskMs)} ms (our code ${fmt(s.longestTaskOurMs)} ms), our code ${fmt(s.ourMs)} ms; top: ${s.selfMs.slice(0, 3).map((x) => `${x.fn} ${x.ms.toFixed(0)} ms`).join(', ')}`);
      } else if (feed && PROFILE_PAGES.has(feed.id)) skipped.push('chromium profile endless-feed: time budget');
      for (const p of inOrder(pages).filter((x) => x.kind === 'static' && PROFILE_PAGES.has(x.id))) {
        if (elapsedS() > DEADLINE.profile) {
          skipped.push(`chromium profile ${p.id}: time budget`);
          continue;
        }
        const traced: TracedLoad[] = [];
        for (let r = 0; r < PROFILE_RUNS; r++) {
          traced.push(await loadOnce(prof, { page: p.id, url: origin + p.path, run: r, windowMs: 0, capMs: 60_000, sentinel: p.sentinel, trace: true }));
        }
        const s = summariseProfiles(p.id, traced.map((t) => t.analysis));
        profiles.push(s);
        log(`chromium profile ${p.id}: longest task ${fmt(s.longestTaskMs)} ms (our code ${fmt(s.longestTaskOurMs)} ms), our code ${fmt(s.ourMs)} ms; top: ${s.selfMs.slice(0, 3).map((x) => `${x.fn} ${x.ms.toFixed(0)} ms`).join(', ')}`);
      }
    }
  } finally {
    for (const c of launched) await c.close();
  }
  return { loads, feedRuns, profiles, skipped };
}

async function firefoxPass(pages: BenchPage[], origin: string, dirs: { ext: string; floor: string }, probe: string) {
  const loads: LoadResult[] = [];
  const feedRuns: FeedRun[] = [];
  const skipped: string[] = [];
  const launched: FirefoxProfile[] = [];
  try {
    const ext = await launchFirefoxProfile('ext', dirs.ext);
    launched.push(ext);
    const floor = await launchFirefoxProfile('floor', dirs.floor);
    launched.push(floor);
    const byConfig: Partial<Record<Config, FirefoxProfile>> = { ext, floor };
    const warm = pages.find((p) => p.id === 'feed-2000') ?? pages[0]!;
    for (const c of [ext, floor]) await loadOnceFirefox(c, probe, { page: warm.id, url: origin + warm.path, run: -1, windowMs: 0, capMs: 30_000, sentinel: warm.sentinel });
    log('firefox: profiles up and warm');
    for (const p of inOrder(pages).filter((x) => x.kind === 'static')) {
      if (elapsedS() > DEADLINE.firefox - 40) {
        skipped.push(`firefox ${p.id}: time budget`);
        continue;
      }
      for (let r = 0; r < runsFor(p); r++) {
        for (const c of rotate<Config>(['ext', 'floor'], r)) {
          loads.push(await loadOnceFirefox(byConfig[c]!, probe, { page: p.id, url: origin + p.path, run: r, windowMs: 0, capMs: 60_000, sentinel: p.sentinel }));
        }
      }
      const s = summarise(p.id, 'firefox', loads.filter((l) => l.page === p.id));
      log(`firefox ${p.id}: ours ${fmt(s.extSettledMs)} ms, floor ${fmt(s.floorSettledMs)} ms, ratio ${fmt(s.settledRatio, 2)}, ranges ${fmt(s.ranges)}`);
    }
    const feed = pages.find((p) => p.kind === 'feed');
    if (feed) {
      for (let r = 0; r < FEED_RUNS; r++) {
        if (elapsedS() > DEADLINE.firefox) {
          skipped.push(`firefox endless-feed runs ${r + 1}..${FEED_RUNS}: time budget`);
          break;
        }
        feedRuns.push(await feedOnceFirefox(ext, probe, origin + feed.path, r));
      }
      const fs = summariseFeed('firefox', feedRuns);
      log(`firefox endless-feed: worst batch ${fmt(fs.maxDelayMs)} ms (median ${fmt(fs.medianDelayMs)} ms)`);
    }
  } finally {
    for (const c of launched) await c.close();
  }
  return { loads, feedRuns, skipped };
}

// ---- table --------------------------------------------------------------------------------------

interface Target {
  target: string;
  browser: string;
  figure: string;
  goal: string;
  value: number | null;
  pass: boolean | null;
}

function verdict(t: Target): string {
  return t.pass === null ? 'n/a' : t.pass ? 'PASS' : 'FAIL';
}

function printTable(rows: string[][], header: string[]): void {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

// ---- main ---------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const machine = { cpus: cpus().length, loadavgStart: loadavg().map((x) => round(x, 2)), node: process.version, chromium: '', firefox: '' };
  if (machine.loadavgStart[0]! > machine.cpus) log(`warning: load average ${machine.loadavgStart[0]} on ${machine.cpus} cores; figures will be noisy`);
  const tmp = mkdtempSync(join(tmpdir(), 'fc-bench-'));
  const cleanup: string[] = [tmp];
  try {
    if (!flag('no-build')) {
      log('building: npx wxt build (chrome-mv3, firefox-mv2, unminified profile copy)');
      if (!argv.some((a) => a.startsWith('--ext-chrome='))) build([]);
      if (BROWSERS.includes('firefox') && !argv.some((a) => a.startsWith('--ext-firefox='))) build(['-b', 'firefox']);
      if (!flag('no-profile')) build(['-c', 'bench/wxt.profile.config.ts']);
    }
    const dirs = {
      ext: snapshot(resolve(option('ext-chrome', join(ROOT, '.output/chrome-mv3')))),
      extFirefox: BROWSERS.includes('firefox') ? snapshot(resolve(option('ext-firefox', join(ROOT, '.output/firefox-mv2')))) : '',
      profile: flag('no-profile') ? '' : snapshot(join(ROOT, '.output/bench-profile/chrome-mv3')),
      floor: join(BENCH, 'floor-extension'),
      floorFirefox: BROWSERS.includes('firefox') ? floorForFirefox(join(BENCH, 'floor-extension')) : '',
    };
    cleanup.push(...[dirs.ext, dirs.extFirefox, dirs.profile, dirs.floorFirefox].filter(Boolean));
    const contentScript = {
      chrome: sizeOf(join(dirs.ext, SCRIPT_PATH)),
      firefox: dirs.extFirefox ? sizeOf(join(dirs.extFirefox, SCRIPT_PATH)) : null,
    };
    log(`content script: ${contentScript.chrome.bytes} B, ${contentScript.chrome.gzipBytes} B gzipped (chrome-mv3)`);

    const pagesDir = join(tmp, 'pages');
    mkdirSync(pagesDir);
    const pages = preparePages(pagesDir);
    const server = await startServer({ '/pages/': pagesDir });
    const probe = readFileSync(join(BENCH, 'probe.js'), 'utf8');
    log(`pages: ${pages.map((p) => p.id).join(', ')} on ${server.origin}`);

    let match: Record<string, unknown> | null = null;
    if (!flag('no-match')) {
      match = matchBench(readFileSync(join(pagesDir, 'long-article.html'), 'utf8'));
      log(`matching 10 vs 10,000 aliases on the long article: ratio ${String(match.ratio)}`);
    }

    let chromiumResult: Awaited<ReturnType<typeof chromiumPass>> | null = null;
    let firefoxResult: Awaited<ReturnType<typeof firefoxPass>> | null = null;
    try {
      if (BROWSERS.includes('chromium')) {
        machine.chromium = versionOf(chromiumPath);
        chromiumResult = await chromiumPass(pages, server.origin, dirs, probe);
      }
      if (BROWSERS.includes('firefox')) {
        machine.firefox = versionOf(firefoxPath);
        firefoxResult = await firefoxPass(pages, server.origin, { ext: dirs.extFirefox, floor: dirs.floorFirefox }, probe);
      }
    } finally {
      await server.close();
    }

    // ---- summaries and targets
    const staticIds = pages.filter((p) => p.kind === 'static').map((p) => p.id);
    const chromiumPages = chromiumResult ? staticIds.map((id) => summarise(id, 'chromium', chromiumResult!.loads.filter((l) => l.page === id))).filter((s) => s.runs) : [];
    const firefoxPages = firefoxResult ? staticIds.map((id) => summarise(id, 'firefox', firefoxResult!.loads.filter((l) => l.page === id))).filter((s) => s.runs) : [];
    const chromiumFeed = chromiumResult?.feedRuns.length ? summariseFeed('chromium', chromiumResult.feedRuns) : null;
    const firefoxFeed = firefoxResult?.feedRuns.length ? summariseFeed('firefox', firefoxResult.feedRuns) : null;
    const profiles = chromiumResult?.profiles ?? [];

    const targets: Target[] = [];
    const add = (target: string, browser: string, value: number | null, goal: string, ok: (v: number) => boolean, show: (v: number) => string) =>
      targets.push({ target, browser, value, goal, figure: value === null ? '—' : show(value), pass: value === null ? null : ok(value) });
    const page = (list: PageSummary[], id: string) => list.find((s) => s.page === id);
    for (const [name, list] of [['chromium', chromiumPages], ['firefox', firefoxPages]] as const) {
      if (!list.length) continue;
      const la = page(list, 'long-article');
      add('long article: settled / bare walk', name, la?.settledRatio ?? null, '≤ 1.10×', (v) => v <= 1.1, (v) => `${v.toFixed(2)}× (${fmt(la?.extSettledMs)} vs ${fmt(la?.floorSettledMs)} ms)`);
      const st = page(list, 'single-text-node');
      add('single 2 MB text node: settled / bare walk', name, st?.settledRatio ?? null, '≤ 1.10×', (v) => v <= 1.1, (v) => `${v.toFixed(2)}× (${fmt(st?.extSettledMs)} vs ${fmt(st?.floorSettledMs)} ms)`);
    }
    if (chromiumPages.length) {
      const la = page(chromiumPages, 'long-article');
      add('long article: script added / walk’s', 'chromium', la?.scriptRatio ?? null, '≤ 1.5×', (v) => v <= 1.5, (v) => `${v.toFixed(1)}× (+${fmt(la?.scriptAddedMs)} vs +${fmt(la?.floorScriptAddedMs)} ms)`);
    }
    if (chromiumPages.length) {
      const show = (v: number) => (v > 0 ? `${v.toFixed(0)} ms` : 'none ≥ 50 ms');
      const la = page(chromiumPages, 'long-article');
      add('long article: longest task running our code', 'chromium', la?.longestTaskMs ?? null, '≤ 50 ms', (v) => v <= 50, show);
      const worst = chromiumPages.reduce<PageSummary | null>((m, p) => ((p.longestTaskMs ?? -1) > (m?.longestTaskMs ?? -1) ? p : m), null);
      if (worst) add(`any page: longest task running our code (${worst.page})`, 'chromium', worst.longestTaskMs ?? null, '≤ 50 ms', (v) => v <= 50, show);
      if (chromiumFeed) add('endless feed: longest task running our code', 'chromium', chromiumFeed.longestTaskMs ?? null, '≤ 50 ms', (v) => v <= 50, show);
    }
    for (const f of [chromiumFeed, firefoxFeed]) {
      if (!f) continue;
      add('endless feed: each batch highlighted within', f.browser, f.maxDelayMs, '≤ 100 ms', (v) => v <= 100, (v) => (v < MISSED ? `worst ${v.toFixed(0)} ms (median ${fmt(f.medianDelayMs)}, p95 ${fmt(f.p95DelayMs)})` : `${f.missedBatches} batches never highlighted`));
    }
    if (chromiumFeed) {
      add('endless feed: main-thread time added over 5 s', 'chromium', chromiumFeed.taskAddedMs ?? null, '≤ 350 ms', (v) => v <= 350, (v) => `+${v.toFixed(0)} ms (script +${fmt(chromiumFeed.scriptAddedMs)} ms)`);
      add('endless feed: heap 5 s after it stops − at stop', 'chromium', chromiumFeed.heapGrowthBytes ?? null, 'flat (≤ +1 MB)', (v) => v <= 1 << 20, (v) => `${(v / 1024).toFixed(0)} KB (at stop ${fmt((chromiumFeed.heapAtStopBytes ?? NaN) / 1048576, 1)} MB)`);
    }
    if (match) {
      const rows = match.rows as Array<{ matchMs: number }>;
      add('matching 10,000 aliases / 10 aliases', 'node', match.ratio as number, '≤ 1.3×', (v) => v <= 1.3, (v) => `${v.toFixed(2)}× (${rows[1]!.matchMs} vs ${rows[0]!.matchMs} ms)`);
    }

    // ---- print
    console.log(`\nContent script (chrome-mv3/${SCRIPT_PATH}): ${(contentScript.chrome.bytes / 1024).toFixed(1)} KB, ${(contentScript.chrome.gzipBytes / 1024).toFixed(1)} KB gzipped`);
    console.log(`\nTargets (medians of ${RUNS} alternating runs; times from navigation start)\n`);
    printTable(targets.map((t) => [t.target, t.browser, t.figure, t.goal, verdict(t)]), ['target', 'browser', 'measured', 'target', '']);
    for (const [name, list] of [['Chromium', chromiumPages], ['Firefox', firefoxPages]] as const) {
      if (!list.length) continue;
      console.log(`\n${name}: per page (ms; medians; ratio = median of per-round ours/floor)\n`);
      printTable(
        list.map((s) => {
          const long = s.longestTaskMs === 0 ? '< 50' : fmt(s.longestTaskMs);
          const chromiumOnly = name === 'Chromium' ? [fmt(s.taskAddedMs), fmt(s.scriptAddedMs), fmt(s.floorScriptAddedMs), fmt(s.scriptRatio, 1), long] : [];
          const problems = s.timeouts || s.errors.length ? `${s.timeouts} timeouts, ${s.errors.length} errors` : '';
          return [s.page, String(s.runs), fmt(s.loadMs), fmt(s.extSettledMs), fmt(s.floorSettledMs), fmt(s.settledRatio, 2), fmt(s.extAfterLoadMs), fmt(s.ranges), ...chromiumOnly, problems];
        }),
        ['page', 'runs', 'load', 'ours', 'floor', 'ratio', 'ours−load', 'ranges', ...(name === 'Chromium' ? ['task+', 'script ours', 'script floor', 'script ×', 'longest task'] : []), ''],
      );
    }
    if (profiles.length) {
      console.log('\nChromium profiles: self time in our content script per load (ms, unminified build)\n');
      for (const p of profiles) {
        console.log(`${p.page}: our code ${fmt(p.ourMs)} ms, longest task ${fmt(p.longestTaskMs)} ms, tasks > 50 ms: ${fmt(p.tasksOver50Ms)}`);
        const top = p.longestTasks[0];
        if (top) {
          const inside = (top.inside ?? []).slice(0, 4).map((x) => `${x.name} ${x.ms.toFixed(0)}`).join(', ');
          console.log(`  longest (run 1): ${top.durationMs.toFixed(0)} ms at +${top.startMs.toFixed(0)} ms, our code ${top.ourMs.toFixed(0)} ms, GC ${fmt(top.gcMs)} ms; inside: ${inside}`);
        }
        if (p.slices) console.log(`  ${p.slices.tasks} tasks ran our code; median gap between them ${fmt(p.slices.medianGapMs, 1)} ms, short gaps total ${p.slices.shortGapsMs.toFixed(0)} ms`);
        console.log(`  self: ${p.selfMs.slice(0, 8).map((x) => `${x.fn} ${x.ms.toFixed(0)}`).join(' · ')}`);
      }
    }
    const skipped = [...(chromiumResult?.skipped ?? []), ...(firefoxResult?.skipped ?? [])];
    if (skipped.length) console.log(`\nSkipped: ${skipped.join('; ')}`);

    const out = {
      generatedAt: new Date().toISOString(),
      durationS: round(elapsedS()),
      git: gitInfo(),
      machine: { ...machine, loadavgEnd: loadavg().map((x) => round(x, 2)) },
      settings: { runs: RUNS, profileRuns: PROFILE_RUNS, browsers: BROWSERS, corpusPages: CORPUS_PAGES, budgetS: BUDGET_S, pollIntervalMs: 5, quietMs: QUIET_MS },
      contentScript,
      pages: pages.map(({ id, kind, source, description, bytes, sentinel }) => ({ id, kind, source, description, bytes, sentinel: sentinel > 0 })),
      targets,
      match,
      chromium: chromiumResult
        ? { pages: chromiumPages, feed: chromiumFeed, profiles, loads: chromiumResult.loads.map(({ analysis: _a, ...l }) => l), feedRuns: chromiumResult.feedRuns, skipped: chromiumResult.skipped }
        : null,
      firefox: firefoxResult ? { pages: firefoxPages, feed: firefoxFeed, loads: firefoxResult.loads, feedRuns: firefoxResult.feedRuns, skipped: firefoxResult.skipped } : null,
    };
    const file = join(BENCH, 'results/latest.json');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(out, null, 1) + '\n');
    console.log(`\nWrote bench/results/latest.json in ${elapsedS().toFixed(0)} s.`);
  } finally {
    for (const d of cleanup) {
      if (d.startsWith(tmpdir())) removeDir(d);
    }
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
