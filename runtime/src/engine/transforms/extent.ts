import { splitAccessPath } from 'vega-util';
import { TransformError } from '../../errors.js';
import { readsOf } from '../expressions/reads.js';
import { from } from '../sql.js';
import type { Relation, TransformContext, TransformDefinition } from '../types.js';
import { aheadKey } from '../pipeline.js';
import { resolveFieldRef, toNumberSql } from './field-sql.js';

/**
 * [min, max] of a field as Vega's `extent` computes it: values read with `toNumber`,
 * null and NaN skipped, and [undefined, undefined] when either end is not finite (no valid
 * value, or an infinite one).
 */
export async function queryExtent(param: unknown, input: Relation, ctx: TransformContext): Promise<[number | undefined, number | undefined]> {
  return (await queryExtents([{ param }], input, ctx))[0];
}

/** A field to take the extent of: a field parameter, or SQL of numbers over the relation. */
type ExtentOf = { param: unknown } | { sql: string };

/** The extents of several fields of one relation, in one scan. */
async function queryExtents(fields: ExtentOf[], input: Relation, ctx: TransformContext): Promise<[number | undefined, number | undefined][]> {
  const read = fields.flatMap((f, i) => {
    if ('sql' in f) return [{ i, sql: f.sql }];
    const ref = resolveFieldRef(f.param, input.schema);
    if (ref.column && ref.type === 'object') {
      throw new TransformError('unsupported_transform', `Extent of field "${ref.name}" of mixed or nested values is not supported`);
    }
    return ref.column ? [{ i, sql: toNumberSql(ref.sql, ref.type) }] : [];
  });
  const out = fields.map((): [number | undefined, number | undefined] => [undefined, undefined]);
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

/** Functions whose value differs between evaluations: a formula calling them is not computed twice. */
const UNREPEATABLE = new Set(['random', 'now', 'sampleNormal', 'sampleLogNormal', 'sampleUniform']);

/**
 * A formula's values as SQL over `input`, when they can be computed there already: it
 * reads only columns `input` has and no field written after it, repeatably, and compiles
 * to one type without helper queries.
 */
function formulaAhead(expr: unknown, input: Relation, written: ReadonlySet<string>, ctx: TransformContext): string | undefined {
  if (typeof expr !== 'string') return undefined;
  const reads = readsOf(expr);
  if (!reads || !('fields' in reads) || reads.calls.some((f) => UNREPEATABLE.has(f))) return undefined;
  if (reads.fields.some((f) => written.has(f) || !input.schema.some((c) => c.name === f))) return undefined;
  try {
    const compiled = ctx.compileExpr(expr, input.schema, true);
    return compiled.type === 'unknown' || compiled.type === 'object' ? undefined : toNumberSql(compiled.sql, compiled.type);
  } catch {
    return undefined;
  }
}

/**
 * Extents later in the pipeline that read the same rows and values as this one: only
 * bins, formulas and extents between, none of them writing the field, or the field a
 * formula between computes from the input's columns. (Vega-Lite puts an extent before
 * every bin; a crossfilter's fields then cost one scan, derived fields included.)
 */
function extentsAhead(upcoming: readonly unknown[], input: Relation, ctx: TransformContext): { of: ExtentOf; key: string }[] {
  const out: { of: ExtentOf; key: string }[] = [];
  const state = { written: new Set<string>(), derived: new Map<string, string>() };
  // The datasets built on this one's output read the same rows once the pipeline ends;
  // values for them are keyed by their pipeline up to the extent (the same pipeline's by signal).
  if (scanAhead(upcoming, input, ctx, state, (_, signal) => signal, out)) {
    for (const next of ctx.continuations?.() ?? []) {
      scanAhead(next, input, ctx, { written: new Set(state.written), derived: new Map(state.derived) }, (k) => aheadKey(next, k), out);
    }
  }
  return out;
}

/** Adds the extents of `transforms` that read the input's rows to `out`; false where a transform stops the scan. */
function scanAhead(
  transforms: readonly unknown[], input: Relation, ctx: TransformContext,
  { written, derived }: { written: Set<string>; derived: Map<string, string> },
  keyOf: (position: number, signal: string) => string, out: { of: ExtentOf; key: string }[],
): boolean {
  for (const [position, raw] of transforms.entries()) {
    const t = raw as Record<string, unknown> | null;
    if (t?.type === 'extent') {
      const { field, signal } = t;
      if (typeof field !== 'string' || typeof signal !== 'string' || splitAccessPath(field).length !== 1) continue;
      const sql = derived.get(field);
      const key = keyOf(position, signal);
      if (sql !== undefined) out.push({ of: { sql }, key });
      else if (!written.has(field) && input.schema.some((c) => c.name === field)) out.push({ of: { param: field }, key });
    } else if (t?.type === 'bin') {
      const as = Array.isArray(t.as) ? t.as : ['bin0', 'bin1'];
      for (const name of [as[0] ?? 'bin0', as[1] ?? 'bin1']) {
        written.add(String(name));
        derived.delete(String(name));
      }
    } else if (t?.type === 'formula' && typeof t.as === 'string') {
      const sql = formulaAhead(t.expr, input, written, ctx);
      written.add(t.as);
      if (sql !== undefined) derived.set(t.as, sql);
      else derived.delete(t.as);
    } else {
      return false;
    }
  }
  return true;
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
    for (const key of [spec.signal, ctx.aheadKey?.()]) {
      if (key !== undefined && ctx.prefetched?.has(key)) {
        ctx.setSignal(spec.signal, ctx.prefetched.get(key));
        return input;
      }
    }
    const ahead = ctx.prefetched ? extentsAhead(ctx.upcoming?.() ?? [], input, ctx).filter((e) => e.key !== spec.signal) : [];
    const [own, ...later] = await queryExtents([{ param: spec.field }, ...ahead.map((e) => e.of)], input, ctx);
    ahead.forEach((e, k) => ctx.prefetched?.set(e.key, later[k]));
    ctx.setSignal(spec.signal, own);
    return input;
  },
};
