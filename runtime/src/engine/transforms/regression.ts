/**
 * Vega `regression`: per group, a least-squares fit of y on x (constant, linear, log, exp,
 * pow, quad or poly) sampled over the x extent, or its parameters (`params`), as
 * vega-regression computes it. The fits are vega-statistics' own functions, given the
 * group's rows as row numbers with accessors into typed arrays.
 */
import {
  regressionConstant, regressionExp, regressionLinear, regressionLog, regressionPoly, regressionPow, regressionQuad,
  sampleCurve, type RegressionModel,
} from 'vega-statistics';
import { LimitError, TransformError } from '../../errors.js';
import { ident, stringLiteral } from '../sql.js';
import { ORDER_COLUMN, type Relation, type TransformDefinition } from '../types.js';
import { checkpoint, readCurveInput } from './curve-input.js';
import { extentOf } from './curve-math.js';
import { curveRelation, exactNumberLiteral, type CurveRow } from './curve-output.js';
import { accessorName } from './field-sql.js';
import { outputNames } from './quantile.js';

const METHODS = ['constant', 'linear', 'log', 'exp', 'pow', 'quad', 'poly'] as const;
type Method = (typeof METHODS)[number];

/**
 * A fit runs without a break (vega-statistics is synchronous), holding up every session
 * of the runtime, so a group's fit is bounded: its rows times the method's cost per row
 * (measured: a linear fit of 10M rows takes about 1.7 s, poly of order 3 about ten times
 * that) stay below MAX_FIT_WORK. Past it the runtime declines with `limit_exceeded` and
 * the browser fits (a cost to that one tab, not to everyone).
 */
export const MAX_FIT_WORK = 12_000_000;

function fitCost(method: Method, order: number): number {
  switch (method) {
    case 'constant': case 'linear': return 1;
    case 'log': return 1.5;
    case 'quad': return 2;
    case 'exp': case 'pow': return 3;
    default: return Math.max(1, ((order + 1) ** 2) / 1.5);
  }
}

/** Rows as row numbers of the group's arrays. */
type Data = Int32Array;

function fit(method: Method, data: Data, x: (i: number) => number, y: (i: number) => number, order: number): RegressionModel {
  switch (method) {
    case 'constant': return regressionConstant(data, x, y);
    case 'linear': return regressionLinear(data, x, y);
    case 'log': return regressionLog(data, x, y);
    case 'exp': return regressionExp(data, x, y);
    case 'pow': return regressionPow(data, x, y);
    case 'quad': return regressionQuad(data, x, y);
    default: return regressionPoly(data, x, y, order);
  }
}

/** The rows whose x and y are both kept (valid: the points every fit but constant keeps), as row numbers. */
function validRows(validX: Uint8Array, validY: Uint8Array): Data {
  let n = 0;
  for (let i = 0; i < validX.length; i++) n += validX[i] & validY[i];
  const out = new Int32Array(n);
  for (let i = 0, j = 0; i < validX.length; i++) if (validX[i] & validY[i]) out[j++] = i;
  return out;
}

/** A JSON literal of a value Vega keeps as an array (NaN and infinities become null, as in every JSON column). */
function jsonLiteral(v: unknown): string {
  return v === undefined ? 'NULL::JSON' : `${stringLiteral(JSON.stringify(v, (_, x: unknown) => (x instanceof Date ? x.getTime() : x)))}::JSON`;
}

/** The `params` output: one row per fitted group, {keys, coef, rSquared}. */
function paramsRelation(fits: { keys: unknown[] | undefined; model: RegressionModel }[], alias: string): Relation {
  const schema: Relation['schema'] = [{ name: 'keys', type: 'object', nulls: 'undefined' }, { name: 'coef', type: 'object' }, { name: 'rSquared', type: 'number' }];
  const names = [...schema.map((c) => ident(c.name)), ident(ORDER_COLUMN)];
  if (fits.length === 0) return { sql: `SELECT NULL::JSON AS "keys", NULL::JSON AS "coef", NULL::DOUBLE AS "rSquared", NULL::DOUBLE AS ${ident(ORDER_COLUMN)} WHERE FALSE`, schema };
  const tuples = fits.map((f, i) => `(${jsonLiteral(f.keys)}, ${jsonLiteral(f.model.coef)}, ${exactNumberLiteral(f.model.rSquared)}, ${i}::DOUBLE)`);
  return { sql: `SELECT * FROM (VALUES ${tuples.join(', ')}) AS ${ident(alias)}(${names.join(', ')})`, schema };
}

export const regressionTransform: TransformDefinition = {
  type: 'regression',
  params: [
    { name: 'x', type: 'field', required: true },
    { name: 'y', type: 'field', required: true },
    { name: 'groupby', type: 'fields' },
    { name: 'method', type: 'string', values: [...METHODS] },
    { name: 'order', type: 'number' },
    { name: 'extent', type: 'numbers' },
    { name: 'params', type: 'boolean' },
    { name: 'as', type: 'strings' },
  ],
  async compile(spec, input, ctx) {
    const method = (spec.method ?? 'linear') as Method;
    const order = spec.order === undefined || spec.order === null ? 3 : spec.order;
    if (typeof order !== 'number') throw new TransformError('unsupported_transform', `Parameter "order" of transform "regression" must be a number, not ${JSON.stringify(order)}`);
    const dof = method === 'poly' ? order : method === 'quad' ? 2 : 1;
    const as = outputNames(spec, [accessorName(spec.x), accessorName(spec.y)]);
    let domain = spec.extent as (number | undefined)[] | undefined | null;
    if (domain !== undefined && domain !== null && (!Array.isArray(domain) || domain.length !== 2 || !domain.every((v) => typeof v === 'number'))) {
      throw new TransformError('unsupported_transform', `Parameter "extent" of transform "regression" must be two numbers, not ${JSON.stringify(domain)}`);
    }
    // Vega ignores (with a warning) an extent that includes values <= 0 for a log fit.
    if (domain && method === 'log' && (domain[0] as number) <= 0) domain = null;
    const { groups, dimColumns } = await readCurveInput(
      { transform: 'regression', groupby: spec.groupby, fields: [{ param: 'x', value: spec.x }, { param: 'y', value: spec.y }] }, input, ctx,
    );
    const largest = groups.reduce((n, g) => Math.max(n, g.size), 0);
    if (largest * fitCost(method, order) > MAX_FIT_WORK) {
      throw new LimitError('limit_exceeded', `Transform "regression" (${method}) over a group of ${largest} rows is more than the runtime fits in one go (${MAX_FIT_WORK} row-steps; this method costs ${fitCost(method, order).toFixed(1)} a row)`);
    }
    const rows: CurveRow[] = [];
    const fits: { keys: unknown[] | undefined; model: RegressionModel }[] = [];
    for (const [g, group] of groups.entries()) {
      if (g > 0) await checkpoint(ctx, 'regression');
      // Vega skips a group with no more rows (valid or not) than the fit has parameters.
      if (group.size <= dof) continue;
      const [xs, ys] = group.values;
      // The constant fit keeps NaN x values (it skips only null and undefined ones).
      const rowsKept = validRows(method === 'constant' ? group.present[0] : group.valid[0], group.valid[1]);
      const model = fit(method, rowsKept, (i) => xs[i], (i) => ys[i], order);
      if (spec.params) {
        fits.push({ keys: spec.groupby ? group.dims : undefined, model });
        continue;
      }
      const dom = domain ?? extentOf(xs, group.valid[0]);
      const points: [number, number][] = method === 'linear' || method === 'constant'
        ? dom.map((x) => [x as number, model.predict(x as number)])
        : sampleCurve(model.predict, dom, 25, 200);
      for (const [x, y] of points) rows.push({ group: g, values: [x, y] });
    }
    if (spec.params) return paramsRelation(fits, ctx.alias('regression'));
    return curveRelation(dimColumns, groups.map((g) => g.dims), as, rows, ctx.alias('regression'));
  },
};
