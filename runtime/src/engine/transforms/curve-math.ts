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
  const [q0, q2] = quartiles(valid);
  const h = ((q2 as number) - (q0 as number)) / 1.34;
  const v = Math.min(d as number, h) || d || Math.abs(q0 as number) || 1;
  return 1.06 * v * Math.pow(size, -0.2);
}

/** Values from which quartiles are found by selection rather than by sorting them all. */
const SELECT_FROM = 4096;

/**
 * The first and third quartiles of `values` (no NaN), as quantileSorted gives them over
 * the sorted values. For many values the four order statistics they need are found by
 * selection (linear time, where a sort of 10M values takes seconds); the sign of a zero
 * may differ from the sorted order's then, which neither the bandwidth nor `Math.abs`
 * of a quartile can tell.
 */
export function quartiles(values: Float64Array): [number | undefined, number | undefined] {
  const n = values.length;
  if (n < SELECT_FROM) {
    const sorted = sortLikeVega(values);
    return [quantileSorted(sorted, 0.25), quantileSorted(sorted, 0.75)];
  }
  const a = Float64Array.from(values);
  const at = (p: number): [number, number] => {
    const i = (n - 1) * p;
    return [Math.floor(i), i - Math.floor(i)];
  };
  const [i0, f0] = at(0.25);
  const [i1, f1] = at(0.75);
  select(a, i0, 0, n - 1);
  const next0 = minOf(a, i0 + 1, n);
  select(a, i1, i0 + 1, n - 1);
  const next1 = minOf(a, i1 + 1, n);
  const interpolate = (lo: number, hi: number, f: number): number => lo + (hi - lo) * f;
  return [interpolate(a[i0], next0, f0), interpolate(a[i1], next1, f1)];
}

/** The least of a[from..to), or NaN when the range is empty (then never read: its weight is 0). */
function minOf(a: Float64Array, from: number, to: number): number {
  let m = NaN;
  for (let i = from; i < to; i++) if (!(a[i] >= m)) m = a[i];
  return m;
}

/**
 * Moves the k-th least of a[lo..hi] to a[k], lesser ones before it and greater ones after
 * (Hoare's partition around a median of three; equal values go to both sides).
 */
function select(a: Float64Array, k: number, lo: number, hi: number): void {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const x = median3(a[lo], a[mid], a[hi]);
    let i = lo;
    let j = hi;
    do {
      while (a[i] < x) i++;
      while (x < a[j]) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    } while (i <= j);
    if (j < k) lo = i;
    if (k < i) hi = j;
  }
}

function median3(a: number, b: number, c: number): number {
  if (a < b) return b < c ? b : a < c ? c : a;
  return a < c ? a : b < c ? c : b;
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
