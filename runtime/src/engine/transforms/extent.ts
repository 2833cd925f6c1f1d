import { TransformError } from '../../errors.js';
import { from } from '../sql.js';
import type { Relation, TransformContext, TransformDefinition } from '../types.js';
import { resolveFieldRef, toNumberSql } from './field-sql.js';

/**
 * [min, max] of a field as Vega's `extent` computes it: values read with `toNumber`,
 * null and NaN skipped, and [undefined, undefined] when either end is not finite (no valid
 * value, or an infinite one).
 */
export async function queryExtent(param: unknown, input: Relation, ctx: TransformContext): Promise<[number | undefined, number | undefined]> {
  const ref = resolveFieldRef(param, input.schema);
  if (!ref.column) return [undefined, undefined];
  if (ref.type === 'object') {
    throw new TransformError('unsupported_transform', `Extent of field "${ref.name}" of mixed or nested values is not supported`);
  }
  const v = toNumberSql(ref.sql, ref.type);
  const t = ctx.alias('extent');
  // min skips NULL and NaN sorts last, so only max needs NaN filtered out. (A WHERE on v
  // would be pushed below the projection and compute v's expression again per row.)
  const rows = await ctx.queryRows(
    `SELECT min(v) AS lo, max(v) FILTER (WHERE NOT isnan(v)) AS hi FROM (SELECT ${v} AS v FROM ${from(input, t)})`,
  );
  const lo = Number(rows[0]?.lo ?? Infinity);
  const hi = Number(rows[0]?.hi ?? -Infinity);
  return Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : [undefined, undefined];
}

/** Vega `extent`: the rows pass through; the extent is the value of its `signal`. */
export const extentTransform: TransformDefinition = {
  type: 'extent',
  params: [
    { name: 'field', type: 'field', required: true },
    { name: 'signal', type: 'string' },
  ],
  async compile(spec, input, ctx) {
    // Without a signal nothing reads the extent, so no query runs.
    if (typeof spec.signal === 'string') ctx.setSignal(spec.signal, await queryExtent(spec.field, input, ctx));
    return input;
  },
};
