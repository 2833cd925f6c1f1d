/**
 * Vega `loess`: per group, locally weighted regression of y on x (vega-statistics'
 * regressionLoess, called as vega-regression calls it). Its cost grows with the square of
 * the points (each point weighs `bandwidth` times all points, three times over), and the
 * fit of one group runs without a break, so a group is computed only while that work stays
 * below MAX_LOESS_WORK; past it the transform is refused at once with `too_costly`, a code
 * the client reports instead of handing the work to the browser, where Vega would run the
 * same algorithm (a 2M-point loess is minutes of work anywhere).
 */
import { regressionLoess } from 'vega-statistics';
import { LimitError, TransformError } from '../../errors.js';
import type { TransformDefinition } from '../types.js';
import { checkpoint, readCurveInput } from './curve-input.js';
import { curveRelation, type CurveRow } from './curve-output.js';
import { accessorName } from './field-sql.js';
import { outputNames } from './quantile.js';

/** Weighted terms (points x neighbours x 3 iterations) at most for one group: about a second of work. */
export const MAX_LOESS_WORK = 4e8;

/** The terms regressionLoess sums over `n` valid points at `bandwidth`. */
export function loessWork(n: number, bandwidth: number): number {
  return 3 * n * Math.max(2, Math.trunc(bandwidth * n));
}

export const loessTransform: TransformDefinition = {
  type: 'loess',
  params: [
    { name: 'x', type: 'field', required: true },
    { name: 'y', type: 'field', required: true },
    { name: 'groupby', type: 'fields' },
    { name: 'bandwidth', type: 'number' },
    { name: 'as', type: 'strings' },
  ],
  async compile(spec, input, ctx) {
    if (spec.bandwidth !== undefined && spec.bandwidth !== null && typeof spec.bandwidth !== 'number') {
      throw new TransformError('unsupported_transform', `Parameter "bandwidth" of transform "loess" must be a number, not ${JSON.stringify(spec.bandwidth)}`);
    }
    const bandwidth = (spec.bandwidth as number | undefined) || 0.3;
    const as = outputNames(spec, [accessorName(spec.x), accessorName(spec.y)]);
    const { groups, dimColumns } = await readCurveInput(
      { transform: 'loess', groupby: spec.groupby, fields: [{ param: 'x', value: spec.x }, { param: 'y', value: spec.y }] }, input, ctx,
    );
    const points = groups.map((g) => {
      let n = 0;
      for (let i = 0; i < g.size; i++) n += g.valid[0][i] & g.valid[1][i];
      return n;
    });
    const largest = points.reduce((a, b) => Math.max(a, b), 0);
    if (loessWork(largest, bandwidth) > MAX_LOESS_WORK) {
      throw new LimitError('too_costly', `Transform "loess" over a group of ${largest} points at bandwidth ${bandwidth} needs ${loessWork(largest, bandwidth).toExponential(2)} weighted terms; the runtime computes at most ${MAX_LOESS_WORK.toExponential(0)} (a smaller bandwidth or fewer points fit)`);
    }
    const rows: CurveRow[] = [];
    for (const [g, group] of groups.entries()) {
      if (g > 0) await checkpoint(ctx, 'loess');
      const [xs, ys] = group.values;
      // Row numbers of all the group's rows: regressionLoess drops the invalid ones itself
      // and sorts the rest by x (a stable sort of a plain array, as in Vega).
      const data = Array.from({ length: group.size }, (_, i) => i);
      const x = (i: number): number => (group.valid[0][i] ? xs[i] : NaN);
      const y = (i: number): number => (group.valid[1][i] ? ys[i] : NaN);
      for (const [px, py] of regressionLoess(data, x, y, bandwidth)) rows.push({ group: g, values: [px, py] });
    }
    return curveRelation(dimColumns, groups.map((g) => g.dims), as, rows, ctx.alias('loess'));
  },
};
