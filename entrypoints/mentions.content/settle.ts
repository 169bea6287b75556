/**
 * Batching of a value that changes often (the frame's list of mentions): the last value is
 * delivered once changes pause for `quietMs`, and at the latest `maxWaitMs` after the first
 * change not yet delivered, so a page that changes every frame still reports.
 */
export interface SettleTimers {
  setTimeout(fn: () => void, ms: number): number;
  clearTimeout(id: number): void;
  now(): number;
}

/**
 * @param deliver Called with the latest value (never twice for one schedule burst).
 * @param quietMs Pause after the last change before delivering, ms.
 * @param maxWaitMs Longest time from the first undelivered change to its delivery, ms (≥ quietMs).
 * @param timers The content script's timers (`ctx.setTimeout`, so an invalidated script stops) and clock.
 * @returns `schedule(value)`: records a change.
 */
export function settleLatest<T>(deliver: (value: T) => void, quietMs: number, maxWaitMs: number, timers: SettleTimers): (value: T) => void {
  let timer: number | undefined;
  let firstPending: number | undefined;
  let latest: T;
  const fire = () => {
    timer = undefined;
    firstPending = undefined;
    deliver(latest);
  };
  return (value: T) => {
    latest = value;
    const now = timers.now();
    firstPending ??= now;
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = timers.setTimeout(fire, Math.max(0, Math.min(quietMs, firstPending + maxWaitMs - now)));
  };
}
