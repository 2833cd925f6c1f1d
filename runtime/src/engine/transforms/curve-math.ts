/**
 * Small pieces of Vega's statistics over typed arrays, value for value what vega-statistics
 * and d3-array compute (its quantiles sort with d3's `ascending` comparator, a stable
 * sort; a plain typed-array sort is much faster and orders the same but for the sign of
 * zeros, which sortLikeVega puts back in input order).
 */

/** The valid values of `values` (by `valid`), in order. */
export function validValues(values: Float64Array, valid: Uint8Array): Float64Array {
  let n = 0;
  for (let i = 0; i < valid.length; i++) n += valid[i];
  if (n === values.length) return values;
  const out = new Float64Array(n);
  for (let i = 0, j = 0; i < values.length; i++) if (valid[i]) out[j++] = values[i];
  return out;
}

/**
 * A sorted copy of `values` (no NaN) as `Float64Array.from(values).sort(ascending)` gives
 * it: zeros of both signs keep their input order among themselves.
 */
export function sortLikeVega(values: Float64Array): Float64Array {
  const sorted = Float64Array.from(values).sort();
  let lo = 0;
  while (lo < sorted.length && sorted[lo] < 0) lo++;
  let hi = lo;
  while (hi < sorted.length && sorted[hi] === 0) hi++;
  if (hi - lo > 1) {
    let j = lo;
    for (let i = 0; i < values.length && j < hi; i++) if (values[i] === 0) sorted[j++] = values[i];
  }
  return sorted;
}

/** d3-array's quantileSorted over sorted numbers. */
export function quantileSorted(sorted: Float64Array, p: number): number | undefined {
  const n = sorted.length;
  if (!n || Number.isNaN((p = +p))) return undefined;
  if (p <= 0 || n < 2) return sorted[0];
  if (p >= 1) return sorted[n - 1];
  const i = (n - 1) * p;
  const i0 = Math.floor(i);
  const value0 = sorted[i0];
  const value1 = sorted[i0 + 1];
  return value0 + (value1 - value0) * (i - i0);
}

/** d3-array's deviation (Welford), undefined for fewer than two values. */
export function deviation(values: Float64Array): number | undefined {
  let count = 0;
  let mean = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value >= value) {
      const delta = value - mean;
      mean += delta / ++count;
      sum += delta * (value - mean);
    }
  }
  if (count <= 1) return undefined;
  const v = sum / (count - 1);
  return v ? Math.sqrt(v) : v;
}

/**
 * vega-statistics' bandwidthNRD (Scott's rule) for a group of `size` values of which
 * `valid` are the valid ones in order: the deviation and quartiles skip the others, the
 * count does not.
 */
export function estimateBandwidth(valid: Float64Array, size: number): number {
  const d = deviation(valid);
  const sorted = sortLikeVega(valid);
  const q0 = quantileSorted(sorted, 0.25);
  const q2 = quantileSorted(sorted, 0.75);
  const h = ((q2 as number) - (q0 as number)) / 1.34;
  const v = Math.min(d as number, h) || d || Math.abs(q0 as number) || 1;
  return 1.06 * v * Math.pow(size, -0.2);
}

/** The [min, max] of the valid values as vega-util's extent gives it ([undefined, undefined] when none). */
export function extentOf(values: Float64Array, valid: Uint8Array): [number | undefined, number | undefined] {
  let min: number | undefined;
  let max: number | undefined;
  for (let i = 0; i < values.length; i++) {
    if (!valid[i]) continue;
    const v = values[i];
    if (min === undefined || max === undefined) {
      min = max = v;
    } else {
      if (min > v) min = v;
      if (max < v) max = v;
    }
  }
  return [min, max];
}
