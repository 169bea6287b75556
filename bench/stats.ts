/** Small statistics helpers for the bench (medians of runs, percentiles, formatting). */

/** Median of the finite numbers in `xs` (mean of the middle two for an even count); null when none. */
export function median(xs: ReadonlyArray<number | null | undefined>): number | null {
  const s = xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Nearest-rank percentile `p` (0–100) of the finite numbers in `xs`; null when none. */
export function percentile(xs: ReadonlyArray<number | null | undefined>, p: number): number | null {
  const s = xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/** Largest finite number in `xs`; null when none. */
export function max(xs: ReadonlyArray<number | null | undefined>): number | null {
  const s = xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
  return s.length ? Math.max(...s) : null;
}

/** `a / b` when both are finite and `b > 0`, else null. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  return typeof a === 'number' && typeof b === 'number' && Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : null;
}

/** Rounds to `digits` decimals (null stays null), for the JSON. */
export function round(x: number | null | undefined, digits = 1): number | null {
  if (typeof x !== 'number' || !Number.isFinite(x)) return null;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Formats a number for the table: `—` for null. */
export function fmt(x: number | null | undefined, digits = 0, suffix = ''): string {
  return typeof x === 'number' && Number.isFinite(x) ? `${x.toFixed(digits)}${suffix}` : '—';
}
