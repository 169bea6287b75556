/**
 * What one page load measures, the same in both browsers: when the page settled, how many
 * ranges were painted, and (Chromium) main-thread metrics. The browser modules drive the page;
 * this module only decides from what `bench/probe.js` reports.
 *
 * "Settled" (ms since navigation start, the page's `performance.now()`):
 * - `ext`: the content script's `fc:settled` performance mark, when it sets one (asked of the
 *   content script; used as soon as it exists). Until then: the first probe poll (every 5 ms,
 *   page main world) at which the sizes of the `factcheck-*` highlights in `CSS.highlights`
 *   reached the values they then kept for {@link QUIET_MS}. The first scan paints at its end
 *   (and, on a long page, once early: the top of the page, 80–210 ms before the end on the
 *   long article), so this is the end of the first full scan and paint, late by at most one
 *   poll interval (plus whatever task was running when the poll came due).
 * - `floor`: the floor extension's `fc-floor:walked` mark (set when its TreeWalker finishes).
 * - `none`: no extension, nothing settles; the load only gives the page's own baseline.
 */

/** The three ways a page is loaded. */
export type Config = 'ext' | 'floor' | 'none';

/** What `window.fcBenchRead()` returns (see probe.js). */
export interface ProbeRead {
  now: number;
  size: number;
  sizes: Record<string, number>;
  last: { t: number; prev: number; size: number } | null;
  changes: number;
  error: string | null;
  marks: Array<{ name: string; t: number; detail: unknown }>;
  dcl: number | null;
  load: number | null;
  feed: { started: number | null; ended: number | null; batches: number } | null;
}

/** Main-thread metrics of one load (Chromium `Performance.getMetrics` deltas). */
export interface LoadMetrics {
  taskMs: number;
  scriptMs: number;
  layoutMs: number;
  styleMs: number;
  heapBytes: number;
  /** Sampled JS time with an extension script on the stack (CPU profile), ms. */
  extensionScriptMs?: number;
}

/** One page load. Times are ms since the page's navigation start. */
export interface LoadResult {
  page: string;
  browser: 'chromium' | 'firefox';
  config: Config;
  run: number;
  settledMs: number | null;
  settledSource: 'fc:settled' | 'highlights' | 'fc-floor:walked' | null;
  /** Time between the poll that saw the final highlights and the poll before it (resolution). */
  pollGapMs: number | null;
  dclMs: number | null;
  loadMs: number | null;
  /** Ranges painted at the end (the bench sentinel excluded). */
  ranges: number | null;
  sizes: Record<string, number>;
  /** Page time when the measurement window closed. */
  windowEndMs: number;
  timedOut: boolean;
  metrics?: LoadMetrics;
  /** Chromium: the longest long task (≥ 50 ms) that ran extension code; 0 when none did. */
  longestOurTaskMs?: number;
  ourLongTasks?: Array<{ startMs: number; durationMs: number; ourMs: number }>;
  floorNodes?: number;
  error?: string;
}

/** Mark names the bench reads. */
export const SETTLED_MARK = 'fc:settled';
export const FLOOR_MARK = 'fc-floor:walked';

/**
 * How long the highlights must stay unchanged to count as settled, ms: well above the gap
 * between the first scan's early paint and its last one, so the early paint is never taken
 * for the end.
 */
export const QUIET_MS = 1000;

/**
 * Has the page settled for `config`, and when?
 * @returns `{ done, settledMs, source, pollGapMs }`; `done` is true once the answer cannot change.
 */
export function settledFrom(config: Config, read: ProbeRead): {
  done: boolean;
  settledMs: number | null;
  source: LoadResult['settledSource'];
  pollGapMs: number | null;
} {
  if (config === 'none') return { done: true, settledMs: null, source: null, pollGapMs: null };
  if (config === 'floor') {
    // Waits as long after its mark as ours after its last change, so windows compare.
    const mark = read.marks.find((m) => m.name === FLOOR_MARK);
    return { done: !!mark && read.now - mark.t >= QUIET_MS, settledMs: mark?.t ?? null, source: mark ? FLOOR_MARK : null, pollGapMs: mark ? 0 : null };
  }
  const mark = read.marks.find((m) => m.name === SETTLED_MARK);
  if (mark) return { done: true, settledMs: mark.t, source: SETTLED_MARK, pollGapMs: 0 };
  if (read.last && read.size > 0 && read.now - read.last.t >= QUIET_MS) {
    return { done: true, settledMs: read.last.t, source: 'highlights', pollGapMs: read.last.t - read.last.prev };
  }
  return { done: false, settledMs: null, source: null, pollGapMs: null };
}

/** A visible full name appended to pages on which the extension would paint nothing (see run.ts). */
export const SENTINEL_HTML = '<p data-fc-bench-sentinel>Jeff Sessions</p>';

/** Appends {@link SENTINEL_HTML} before the last `</body>` (or at the end). */
export function withSentinel(html: string): string {
  const at = html.toLowerCase().lastIndexOf('</body>');
  return at < 0 ? html + SENTINEL_HTML : html.slice(0, at) + SENTINEL_HTML + html.slice(at);
}
