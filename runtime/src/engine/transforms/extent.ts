import { splitAccessPath } from 'vega-util';
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
  return (await queryExtents([param], input, ctx))[0];
}

/** The extents of several fields of one relation, in one scan. */
async function queryExtents(params: unknown[], input: Relation, ctx: TransformContext): Promise<[number | undefined, number | undefined][]> {
  const refs = params.map((param) => {
    const ref = resolveFieldRef(param, input.schema);
    if (ref.column && ref.type === 'object') {
      throw new TransformError('unsupported_transform', `Extent of field "${ref.name}" of mixed or nested values is not supported`);
    }
    return ref;
  });
  const read = refs.flatMap((ref, i) => (ref.column ? [{ i, sql: toNumberSql(ref.sql, ref.type) }] : []));
  const out = refs.map((): [number | undefined, number | undefined] => [undefined, undefined]);
  if (read.length === 0) return out;
  const t = ctx.alias('extent');
  // min skips NULL and NaN sorts last, so only max needs NaN filtered out. (A WHERE on v
  // would be pushed below the projection and compute v's expression again per row.)
  const [row] = await ctx.queryRows(
    `SELECT ${read.map((_, k) => `min(v${k}) AS lo${k}, max(v${k}) FILTER (WHERE NOT isnan(v${k})) AS hi${k}`).join(', ')}`
    + ` FROM (SELECT ${read.map((r, k) => `${r.sql} AS v${k}`).join(', ')} FROM ${from(input, t)})`,
  );
  read.forEach((r, k) => {
    const lo = Number(row?.[`lo${k}`] ?? Infinity);
    const hi = Number(row?.[`hi${k}`] ?? -Infinity);
    if (Number.isFinite(lo) && Number.isFinite(hi)) out[r.i] = [lo, hi];
  });
  return out;
}

/**
 * Extents later in the pipeline that read the same rows and values as this one: only
 * bins, formulas and extents between, none of them writing the field. (Vega-Lite puts
 * an extent before every bin; a crossfilter's fields then cost one scan.)
 */
function extentsAhead(upcoming: readonly unknown[], input: Relation): { field: string; signal: string }[] {
  const written = new Set<string>();
  const out: { field: string; signal: string }[] = [];
  for (const raw of upcoming) {
    const t = raw as Record<string, unknown> | null;
    if (t?.type === 'extent') {
      const { field, signal } = t;
      if (typeof field === 'string' && typeof signal === 'string' && !written.has(field)
        && splitAccessPath(field).length === 1 && input.schema.some((c) => c.name === field)) out.push({ field, signal });
    } else if (t?.type === 'bin') {
      const as = Array.isArray(t.as) ? t.as : ['bin0', 'bin1'];
      for (const name of [as[0] ?? 'bin0', as[1] ?? 'bin1']) written.add(String(name));
    } else if (t?.type === 'formula' && typeof t.as === 'string') {
      written.add(t.as);
    } else {
      break;
    }
  }
  return out;
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
    if (typeof spec.signal !== 'string') return input;
    if (ctx.prefetched?.has(spec.signal)) {
      ctx.setSignal(spec.signal, ctx.prefetched.get(spec.signal));
      return input;
    }
    const ahead = ctx.prefetched ? extentsAhead(ctx.upcoming?.() ?? [], input).filter((e) => e.signal !== spec.signal) : [];
    const [own, ...later] = await queryExtents([spec.field, ...ahead.map((e) => e.field)], input, ctx);
    ahead.forEach((e, k) => ctx.prefetched?.set(e.signal, later[k]));
    ctx.setSignal(spec.signal, own);
    return input;
  },
};
