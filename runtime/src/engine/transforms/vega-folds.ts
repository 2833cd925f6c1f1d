/**
 * Vega's arithmetic aggregate ops (vega-transforms AggregateOps: sum, product, mean and
 * the Welford deviation behind the variance family) as plain JavaScript, step for step.
 * Floating-point results depend on the order and the formula of every addition, so SQL
 * aggregates (tree or parallel sums, sum/n means, two-pass variances) differ from Vega in
 * the last bits; the engine hands these folds the values in Vega's order instead.
 *
 * A value list holds what Vega's measure sees after its own checks: null for a value it
 * skips (missing, or NaN before coercion), else the number the value coerces to (which may
 * be NaN: a string such as "abc" is valid yet not a number). A result Vega leaves
 * undefined (no valid value, or too few for a sample statistic) is NaN here, because a
 * table has no undefined and NaN is what such a value reads as in a chart (format() shows
 * "NaN", unary plus gives NaN, isValid() is false).
 */

/** The ops computed by folding values in order. */
export const FOLD_OPS = [
  'sum', 'product', 'mean', 'average', 'variance', 'variancep', 'stdev', 'stdevp', 'stderr',
] as const;

export type FoldOp = (typeof FOLD_OPS)[number];

export function isFoldOp(op: unknown): op is FoldOp {
  return typeof op === 'string' && (FOLD_OPS as readonly string[]).includes(op);
}

/** The running state of one field's measures (Vega keeps these on its measure object). */
export interface FoldState {
  valid: number;
  sum: number;
  product: number;
  mean: number;
  dev: number;
}

export function createFoldState(): FoldState {
  return { valid: 0, sum: 0, product: 1, mean: 0, dev: 0 };
}

/** Vega's `add` of one valid value: counts it, then each op's update in Vega's op order. */
export function addValue(m: FoldState, v: number): void {
  m.valid += 1;
  m.sum += v;
  m.product *= v;
  const d = v - m.mean;
  m.mean += d / m.valid;
  m.dev += d * (v - m.mean);
}

/** Vega's `rem` of one valid value (window frames sliding forward). */
export function removeValue(m: FoldState, v: number): void {
  m.valid -= 1;
  m.sum -= v;
  m.product /= v;
  const d = v - m.mean;
  m.mean -= m.valid ? d / m.valid : m.mean;
  m.dev -= d * (v - m.mean);
}

/** The op's value from the state, as Vega's `value` computes it (NaN for undefined). */
export function foldValue(m: FoldState, op: FoldOp): number {
  const n = m.valid;
  switch (op) {
    case 'sum': return n ? m.sum : NaN;
    case 'product': return n ? m.product : NaN;
    case 'mean':
    case 'average': return n ? m.mean : NaN;
    case 'variance': return n > 1 ? Math.max(0, m.dev) / (n - 1) : NaN;
    case 'variancep': return n ? Math.max(0, m.dev) / n : NaN;
    case 'stdev': return n > 1 ? Math.sqrt(Math.max(0, m.dev) / (n - 1)) : NaN;
    case 'stdevp': return n ? Math.sqrt(Math.max(0, m.dev) / n) : NaN;
    case 'stderr': return n > 1 ? Math.sqrt(Math.max(0, m.dev) / (n * (n - 1))) : NaN;
    default: return NaN;
  }
}

/** Reads the i-th value of a list; null means Vega skips it. */
export type ValueAt = (i: number) => number | null;

/** Folds `count` values in order and returns the op's value. */
export function foldValues(op: FoldOp, count: number, at: ValueAt): number {
  const m = createFoldState();
  for (let i = 0; i < count; i++) {
    const v = at(i);
    if (v !== null) addValue(m, v);
  }
  return foldValue(m, op);
}

/**
 * Vega's WindowState over one sorted partition: for each row i in order, the values of
 * rows [p0, i0) leave the frame and those of [p1, i1) enter it, where [p0, p1) was the
 * previous row's frame (initially empty at 0), and the op's value is read. `frames(i)`
 * gives row i's frame [i0, i1) as the window transform adjusted it.
 */
export function foldWindow(
  op: FoldOp, count: number, at: ValueAt, frames: (i: number) => [number, number],
): number[] {
  const m = createFoldState();
  const out = new Array<number>(count);
  let p0 = 0;
  let p1 = 0;
  for (let i = 0; i < count; i++) {
    const [i0, i1] = frames(i);
    for (let j = p0; j < i0; j++) {
      const v = at(j);
      if (v !== null) removeValue(m, v);
    }
    for (let j = p1; j < i1; j++) {
      const v = at(j);
      if (v !== null) addValue(m, v);
    }
    out[i] = foldValue(m, op);
    p0 = i0;
    p1 = i1;
  }
  return out;
}
