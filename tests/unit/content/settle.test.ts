import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { settleLatest } from '@/entrypoints/mentions.content/settle';

describe('settleLatest', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const timers = { setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms) as unknown as number, clearTimeout: (id: number) => clearTimeout(id), now: () => Date.now() };

  it('delivers the last value once changes pause', () => {
    const got: number[] = [];
    const schedule = settleLatest<number>((v) => got.push(v), 250, 1000, timers);
    schedule(1);
    vi.advanceTimersByTime(100);
    schedule(2);
    vi.advanceTimersByTime(249);
    expect(got).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(got).toEqual([2]);
    vi.advanceTimersByTime(5000);
    expect(got).toEqual([2]);
  });

  it('delivers at the latest maxWait after the first undelivered change on a page that never pauses', () => {
    const got: number[] = [];
    const schedule = settleLatest<number>((v) => got.push(v), 250, 1000, timers);
    for (let i = 1; i <= 30; i++) {
      schedule(i);
      vi.advanceTimersByTime(100); // a change every 100 ms: the quiet time never comes
    }
    // 3 s of changes: delivered at 1 s and 2 s (the values current then), then at 3 s
    expect(got).toEqual([10, 20, 30]);
  });
});
