/**
 * Chromium trace + CPU profile analysis for the bench: which main-thread tasks ran the content
 * script's code, how long the longest one was, and where the time went (functions by self time).
 *
 * Inputs are what CDP gives: trace events from `Tracing` (categories `toplevel`,
 * `devtools.timeline`) and a `Profiler.Profile` sampled at the same time. Both use the same
 * monotonic clock (microseconds), so a sample falls inside the task that was running.
 */

/** A trace event as CDP reports it (only the fields used here). */
export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { data?: { url?: string }; name?: string };
}

/** `Profiler.Profile` (CDP). */
export interface CpuProfile {
  nodes: Array<{
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    children?: number[];
  }>;
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** One main-thread task (a scheduler task plus its microtask checkpoint), in ms from `origin`. */
export interface TaskSummary {
  startMs: number;
  durationMs: number;
  /** Sampled time in the content script's code (its frames anywhere on the stack), ms. */
  ourMs: number;
  /** Sampled time in garbage collection during the task, ms. */
  gcMs?: number;
  /** The longest tasks only: what the trace shows directly inside the task, ms by event name. */
  inside?: Array<{ name: string; ms: number }>;
}

/** Result of {@link analyseTrace}. */
export interface TraceAnalysis {
  /** Tasks in which at least one sample ran our code, longest first. */
  ourTasks: TaskSummary[];
  /** Sampled time with our code on the stack, ms (all tasks). */
  ourMs: number;
  /** Self time per function of our script (and natives called from it), ms, largest first. */
  selfMs: Array<{ fn: string; ms: number }>;
  /** Inclusive time per function of our script, ms, largest first. */
  totalMs: Array<{ fn: string; ms: number }>;
  /** End of the last task running our code, ms since `origin`. */
  lastOurTaskEndMs: number | null;
  /**
   * Scheduling of our tasks in time order: how many, the median gap between one and the next,
   * and the sum of gaps under 20 ms (time the scan waited between slices, e.g. timer clamping).
   */
  slices: { tasks: number; medianGapMs: number | null; shortGapsMs: number };
  /** Samples seen and the median sampling step (µs): a sparse profile means a busy machine. */
  samples: number;
  medianStepUs: number | null;
}

const TASK = 'ThreadControllerImpl::RunTask';
const MICROTASKS = 'BlinkScheduler_PerformMicrotaskCheckpoint';

/**
 * Finds the tasks that ran code from `scriptUrl` and the functions that took the time.
 * @param events Trace events of the load.
 * @param profile The CPU profile recorded during the same load.
 * @param scriptUrl The content script's URL (`chrome-extension://ID/content-scripts/mentions.js`).
 * @param maxStepUs A sample stands for the time to the next sample, at most this (µs).
 * Times are reported from the content script's injection when the trace holds it (a trace
 * started on a loaded page does not: then from the trace's first event).
 */
export function analyseTrace(events: TraceEvent[], profile: CpuProfile, scriptUrl: string, maxStepUs = 2000): TraceAnalysis {
  const evaluate = events.find((e) => e.name === 'EvaluateScript' && e.args?.data?.url === scriptUrl);
  const origin = evaluate?.ts ?? Math.min(...events.filter((e) => e.ts > 0).map((e) => e.ts));
  // The renderer main thread that ran our script: where it was injected, else the busiest
  // CrRendererMain (the page's, in a trace started after injection).
  let thread: { pid: number; tid: number } | undefined = evaluate;
  if (!thread) {
    const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
    const busy = new Map<string, number>();
    for (const e of events) if (e.ph === 'X' && e.name === TASK && mains.has(`${e.pid}:${e.tid}`)) busy.set(`${e.pid}:${e.tid}`, (busy.get(`${e.pid}:${e.tid}`) ?? 0) + (e.dur ?? 0));
    const best = [...busy].sort((a, b) => b[1] - a[1])[0]?.[0];
    if (best) thread = { pid: Number(best.split(':')[0]), tid: Number(best.split(':')[1]) };
  }
  const tasks: Array<{ ts: number; end: number; name: string; merged: boolean }> = [];
  if (thread) {
    const { pid, tid } = thread;
    const main = events
      .filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && (e.name === TASK || e.name === MICROTASKS))
      .sort((a, b) => a.ts - b.ts);
    let end = -Infinity;
    for (const e of main) {
      const eEnd = e.ts + (e.dur ?? 0);
      if (e.ts < end) continue; // nested in the previous top-level event
      const last = tasks[tasks.length - 1];
      // The microtask checkpoint after a task belongs to it (HTML: a task includes its microtasks).
      if (e.name === MICROTASKS && last && last.name === TASK && !last.merged) {
        last.end = eEnd;
        last.merged = true;
      } else tasks.push({ ts: e.ts, end: eEnd, name: e.name, merged: false });
      end = eEnd;
    }
  }

  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (id: number): string => {
    const f = byId.get(id)!.callFrame;
    const name = f.functionName || '(anonymous)';
    return f.url === scriptUrl ? `${name} (line ${f.lineNumber + 1})` : f.url ? `${name} (${f.url.replace(/^.*\//, '')})` : `${name} (native)`;
  };
  const oursMemo = new Map<number, boolean>();
  const hasOurs = (id: number): boolean => {
    const known = oursMemo.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id);
    const p = parent.get(id);
    const v = !!node && (node.callFrame.url === scriptUrl || (p !== undefined && hasOurs(p)));
    oursMemo.set(id, v);
    return v;
  };

  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const times: number[] = [];
  let t = profile.startTime;
  for (let i = 0; i < samples.length; i++) {
    t += deltas[i] ?? 0;
    times.push(t);
  }
  const steps = times.slice(1).map((x, i) => x - times[i]!).sort((a, b) => a - b);
  const medianStep = steps.length ? steps[steps.length >> 1]! : null;

  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const ourTasks: TaskSummary[] = [];
  let ourUs = 0;
  let ti = 0;
  let taskOurs = 0;
  let taskGc = 0;
  const taskIndex = new Map<TaskSummary, number>();
  const flush = (k: number) => {
    const task = tasks[k];
    if (task && taskOurs > 0) {
      const summary = { startMs: (task.ts - origin) / 1000, durationMs: (task.end - task.ts) / 1000, ourMs: taskOurs / 1000, gcMs: taskGc / 1000 };
      ourTasks.push(summary);
      taskIndex.set(summary, k);
    }
    taskOurs = 0;
    taskGc = 0;
  };
  for (let i = 0; i < samples.length; i++) {
    const id = samples[i]!;
    const at = times[i]!;
    while (ti < tasks.length && tasks[ti]!.end < at) {
      flush(ti);
      ti++;
    }
    if (!hasOurs(id)) {
      if (ti < tasks.length && tasks[ti]!.ts <= at && byId.get(id)?.callFrame.functionName === '(garbage collector)') {
        taskGc += Math.min(maxStepUs, (times[i + 1] ?? at) - at);
      }
      continue;
    }
    const step = Math.min(maxStepUs, (times[i + 1] ?? at) - at);
    ourUs += step;
    if (ti < tasks.length && tasks[ti]!.ts <= at) taskOurs += step;
    self.set(label(id), (self.get(label(id)) ?? 0) + step);
    const seen = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      if (byId.get(n)!.callFrame.url !== scriptUrl) continue;
      const l = label(n);
      if (seen.has(l)) continue;
      seen.add(l);
      total.set(l, (total.get(l) ?? 0) + step);
    }
  }
  flush(ti);
  ourTasks.sort((a, b) => b.durationMs - a.durationMs);
  // What the three longest tasks did, from the trace: direct children by name.
  if (thread) {
    const onThread = events.filter((e) => e.pid === thread.pid && e.tid === thread.tid && e.ph === 'X' && e.name !== TASK && e.name !== MICROTASKS).sort((a, b) => a.ts - b.ts);
    for (const summary of ourTasks.slice(0, 3)) {
      const task = tasks[taskIndex.get(summary)!]!;
      const byName = new Map<string, number>();
      let covered = -Infinity;
      for (const e of onThread) {
        if (e.ts < task.ts) continue;
        if (e.ts > task.end) break;
        if (e.ts < covered) continue;
        covered = e.ts + (e.dur ?? 0);
        byName.set(e.name, (byName.get(e.name) ?? 0) + (e.dur ?? 0));
      }
      summary.inside = [...byName].map(([name, us]) => ({ name, ms: us / 1000 })).sort((a, b) => b.ms - a.ms).slice(0, 6);
    }
  }
  const lastEnd = ourTasks.reduce<number | null>((m, x) => Math.max(m ?? -Infinity, x.startMs + x.durationMs), null);
  const sorted = (m: Map<string, number>) => [...m].map(([fn, us]) => ({ fn, ms: us / 1000 })).sort((a, b) => b.ms - a.ms);
  const inOrder = [...ourTasks].sort((a, b) => a.startMs - b.startMs);
  const gaps = inOrder.slice(1).map((x, i) => x.startMs - (inOrder[i]!.startMs + inOrder[i]!.durationMs));
  const short = gaps.filter((g) => g < 20).sort((a, b) => a - b);
  return {
    ourTasks,
    slices: { tasks: inOrder.length, medianGapMs: short.length ? short[short.length >> 1]! : null, shortGapsMs: short.reduce((a, b) => a + b, 0) },
    ourMs: ourUs / 1000,
    selfMs: sorted(self),
    totalMs: sorted(total),
    lastOurTaskEndMs: lastEnd,
    samples: samples.length,
    medianStepUs: medianStep,
  };
}

/** Timestamps (µs, the profile's clock) of every sample, and whether it ran extension code. */
function extensionSamples(profile: CpuProfile, urlPrefix: string): Array<{ at: number; step: number; ours: boolean }> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const memo = new Map<number, boolean>();
  const has = (id: number): boolean => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const p = parent.get(id);
    const v = !!byId.get(id)?.callFrame.url.startsWith(urlPrefix) || (p !== undefined && has(p));
    memo.set(id, v);
    return v;
  };
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let t = profile.startTime;
  const times = samples.map((_, i) => (t += deltas[i] ?? 0));
  return samples.map((id, i) => ({ at: times[i]!, step: (times[i + 1] ?? times[i]!) - times[i]!, ours: has(id) }));
}

/** A long task (Long Tasks API, page time) with the extension's sampled time inside it. */
export interface LongTask {
  startMs: number;
  durationMs: number;
  /** Sampled time with an extension script on the stack inside the task, ms. */
  ourMs: number;
}

/**
 * Attributes long tasks to the extension: CPU samples inside each task's span that have an
 * extension script on the stack. `navigationStartS` (CDP metric `NavigationStart`, seconds on
 * the profile's monotonic clock) converts page time to the profile's clock.
 * @returns Long tasks with at least one such sample, longest first.
 */
export function extensionLongTasks(
  profile: CpuProfile,
  tasks: ReadonlyArray<{ start: number; duration: number }>,
  navigationStartS: number,
  urlPrefix = 'chrome-extension://',
  maxStepUs = 4000,
): LongTask[] {
  const samples = extensionSamples(profile, urlPrefix);
  const out: LongTask[] = [];
  for (const task of tasks) {
    const from = navigationStartS * 1e6 + task.start * 1000;
    const to = from + task.duration * 1000;
    let us = 0;
    for (const s of samples) if (s.ours && s.at >= from && s.at <= to) us += Math.min(maxStepUs, s.step);
    if (us > 0) out.push({ startMs: task.start, durationMs: task.duration, ourMs: us / 1000 });
  }
  return out.sort((a, b) => b.durationMs - a.durationMs);
}

/**
 * Sampled time (ms) with a frame of an extension script (`chrome-extension://…`) on the stack:
 * for a load with our extension, our script's time; with the floor, the walk's. Works for async
 * continuations too, which `Performance.getMetrics` ScriptDuration does not count (promise
 * reactions run as microtasks outside its probes).
 */
export function extensionScriptMs(profile: CpuProfile, urlPrefix = 'chrome-extension://', maxStepUs = 4000): number {
  let us = 0;
  for (const s of extensionSamples(profile, urlPrefix)) if (s.ours) us += Math.min(maxStepUs, s.step);
  return us / 1000;
}
