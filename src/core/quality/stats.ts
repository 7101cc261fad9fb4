/** Order statistics over per-frame values that may be missing (undefined, null or NaN). */

export type MaybeNumber = number | undefined | null;

/** The finite numbers among `values`, in their order (undefined, null, NaN and ±Infinity dropped). */
export function defined(values: Iterable<MaybeNumber>): number[] {
  const out: number[] = [];
  for (const v of values) if (typeof v === 'number' && Number.isFinite(v)) out.push(v);
  return out;
}

function sortedDefined(values: Iterable<MaybeNumber>): number[] {
  return defined(values).sort((a, b) => a - b);
}

function percentileOfSorted(sorted: readonly number[], p: number): number | undefined {
  const n = sorted.length;
  if (n === 0) return undefined;
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (n - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(n - 1, lo + 1);
  const t = rank - lo;
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * t;
}

/**
 * The p-th percentile (p in 0..100) with linear interpolation between closest ranks
 * (rank = p/100 · (n - 1), as numpy's default and Excel's PERCENTILE.INC).
 * Missing values are ignored; undefined when no value is left.
 */
export function percentile(values: Iterable<MaybeNumber>, p: number): number | undefined {
  if (!Number.isFinite(p)) throw new RangeError(`percentile: p must be a number in 0..100, got ${p}`);
  return percentileOfSorted(sortedDefined(values), p);
}

/** Median (mean of the two middle values for an even count); missing values are ignored. */
export function median(values: Iterable<MaybeNumber>): number | undefined {
  return percentileOfSorted(sortedDefined(values), 50);
}

/** Arithmetic mean; missing values are ignored; undefined when no value is left. */
export function mean(values: Iterable<MaybeNumber>): number | undefined {
  const v = defined(values);
  if (v.length === 0) return undefined;
  let s = 0;
  for (const x of v) s += x;
  return s / v.length;
}

/** Largest value; missing values are ignored; undefined when no value is left. */
export function max(values: Iterable<MaybeNumber>): number | undefined {
  let m: number | undefined;
  for (const x of defined(values)) if (m === undefined || x > m) m = x;
  return m;
}

/** Minimum value; missing values are ignored; undefined when no value is left. */
export function min(values: Iterable<MaybeNumber>): number | undefined {
  let m: number | undefined;
  for (const x of defined(values)) if (m === undefined || x < m) m = x;
  return m;
}
