import { bin as vegaBin, type BinOptions } from 'vega-statistics';
import { TransformError } from '../../errors.js';
import { fieldName } from '../pipeline.js';
import { from, ident, numberLiteral, withColumn } from '../sql.js';
import { ORDER_COLUMN, type TransformDefinition } from '../types.js';
import { queryExtent } from './extent.js';
import { accessorName, resolveFieldRef, toNumberSql } from './field-sql.js';
import { splitAccessPath } from 'vega-util';

// vega-transforms' bias against floating point error at bin edges (vega/vega#1737).
const EPSILON = 1e-14;

/** Start, stop and step of the bins as vega-transforms' Bin derives them from `bin()`. */
export interface BinBoundaries {
  start: number;
  stop: number;
  step: number;
}

/** Vega's bin boundaries: vega-statistics `bin()`, stop rounded up to whole steps, then the anchor. */
export function binBoundaries(options: BinOptions & { anchor?: number | null }): BinBoundaries {
  const bins = vegaBin(options);
  const step = bins.step;
  let start = bins.start;
  let stop = start + Math.ceil((bins.stop - start) / step) * step;
  const a = options.anchor;
  if (a !== null && a !== undefined) {
    const d = a - (start + step * Math.floor((a - start) / step));
    start += d;
    stop += d;
  }
  return { start, stop, step };
}

/** SQL of `bin0` for the number `v`, written to give exactly what Bin's JavaScript gives. */
export function bin0Sql(v: string, { start, stop, step }: BinBoundaries): string {
  // DuckDB's least/greatest treat NaN as the largest number, unlike Math.min/max, so
  // non-finite boundaries are folded here instead of in SQL.
  if ([start, stop, step].every(Number.isFinite)) {
    const [lo, hi] = [numberLiteral(start), numberLiteral(stop)];
    // The common case first: one range test, then Vega's formula. (NaN sorts above every
    // number in DuckDB, so it fails `<= stop` and meets its own branch; NULL falls through.)
    const clamped = stop - step >= start ? `least(${v}, ${numberLiteral(stop - step)})` : `greatest(${lo}, least(${v}, ${numberLiteral(stop - step)}))`;
    return `(CASE WHEN ${v} >= ${lo} AND ${v} <= ${hi} THEN ${lo} + ${numberLiteral(step)} * floor(${numberLiteral(EPSILON)} + (${clamped} - ${lo}) / ${numberLiteral(step)})`
      + ` WHEN ${v} < ${lo} THEN '-Infinity'::DOUBLE WHEN isnan(${v}) THEN 'NaN'::DOUBLE WHEN ${v} > ${hi} THEN 'Infinity'::DOUBLE END)`;
  }
  const lt = Number.isNaN(start) ? 'FALSE' : `${v} < ${numberLiteral(start)}`;
  const gt = Number.isNaN(stop) ? 'FALSE' : `${v} > ${numberLiteral(stop)}`;
  return `(CASE WHEN ${v} IS NULL THEN NULL WHEN isnan(${v}) THEN 'NaN'::DOUBLE WHEN ${lt} THEN '-Infinity'::DOUBLE`
    + ` WHEN ${gt} THEN 'Infinity'::DOUBLE ELSE 'NaN'::DOUBLE END)`;
}

/** SQL of `bin1` from `bin0` (Vega's formula, kept for the same floating point result; NULL stays NULL). */
export function bin1Sql(b0: string, { start, step }: Pick<BinBoundaries, 'start' | 'step'>): string {
  return `(${numberLiteral(start)} + ${numberLiteral(step)} * (1 + (${b0} - ${numberLiteral(start)}) / ${numberLiteral(step)}))`;
}

function numberParam(spec: Record<string, unknown>, name: string): number | undefined {
  const v = spec[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number') throw new TransformError('bad_transform', `Parameter "${name}" of bin must be a number, not ${JSON.stringify(v)}`);
  return v;
}

function numbersParam(spec: Record<string, unknown>, name: string): number[] | undefined {
  const v = spec[name];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number')) {
    throw new TransformError('bad_transform', `Parameter "${name}" of bin must be an array of numbers, not ${JSON.stringify(v)}`);
  }
  return v as number[];
}

/**
 * Vega `bin`: adds `bin0`/`bin1` (or the `as` names) to every row. The boundaries come from
 * vega-statistics in JavaScript, from `extent` (queried from the data when absent); the
 * `signal` output is Vega's bin accessor as data: {fields, fname, start, step, stop}.
 */
export const binTransform: TransformDefinition = {
  type: 'bin',
  params: [
    { name: 'field', type: 'field', required: true },
    { name: 'interval', type: 'boolean' },
    { name: 'anchor', type: 'number' },
    { name: 'maxbins', type: 'number' },
    { name: 'base', type: 'number' },
    { name: 'divide', type: 'numbers' },
    { name: 'extent', type: 'numbers' },
    { name: 'span', type: 'number' },
    { name: 'step', type: 'number' },
    { name: 'steps', type: 'numbers' },
    { name: 'minstep', type: 'number' },
    { name: 'nice', type: 'boolean' },
    { name: 'name', type: 'string' },
    { name: 'as', type: 'strings' },
    { name: 'signal', type: 'string' },
  ],
  async compile(spec, input, ctx) {
    const ref = resolveFieldRef(spec.field, input.schema);
    let extent = spec.extent as unknown;
    if (extent === undefined || extent === null) extent = await queryExtent(spec.field, input, ctx);
    if (!Array.isArray(extent) || extent.length !== 2) {
      throw new TransformError('bad_transform', `Parameter "extent" of bin must be an array of two numbers, not ${JSON.stringify(extent)}`);
    }
    const boundaries = binBoundaries({
      extent: extent as number[],
      maxbins: numberParam(spec, 'maxbins'),
      base: numberParam(spec, 'base'),
      divide: numbersParam(spec, 'divide'),
      span: numberParam(spec, 'span'),
      step: numberParam(spec, 'step'),
      steps: numbersParam(spec, 'steps'),
      minstep: numberParam(spec, 'minstep'),
      nice: spec.nice === undefined ? undefined : spec.nice !== false,
      anchor: numberParam(spec, 'anchor'),
    });
    if (typeof spec.signal === 'string') {
      const raw = fieldName(spec.field);
      const path = splitAccessPath(raw);
      ctx.setSignal(spec.signal, {
        fields: [path.length === 1 ? path[0] : raw],
        fname: typeof spec.name === 'string' && spec.name ? spec.name : `bin_${accessorName(spec.field)}`,
        ...boundaries,
      });
    }
    const as = Array.isArray(spec.as) ? spec.as.map(String) : ['bin0', 'bin1'];
    const [b0, b1] = [as[0] ?? 'bin0', as[1] ?? 'bin1'];
    const interval = spec.interval !== false;
    const v = '"__vf_bin_v"';
    const binned = '"__vf_bin_0"';
    const t = ctx.alias('bin');
    const token = `${t}:${b0}`;
    // A bin over a number column of whole numbers or of few values: an aggregate may group
    // by its values first.
    const few = ref.column?.type === 'number' && (ref.column.integral || ref.column.distinct !== undefined);
    const of = few && ref.column && ref.sql === ident(ref.column.name) ? { column: ref.column, ...boundaries } : undefined;
    let schema = withColumn(input.schema, { name: b0, type: 'number', bin: of ? { token, of } : { token } });
    if (interval) schema = withColumn(schema, { name: b1, type: 'number', bin: { token, end: { start: boundaries.start, step: boundaries.step } } });
    const cols = schema.map((c) => {
      if (interval && c.name === b1) return `${bin1Sql(binned, boundaries)} AS ${ident(b1)}`;
      if (c.name === b0) return `${binned} AS ${ident(b0)}`;
      return ident(c.name);
    });
    const value = ref.column ? toNumberSql(ref.sql, ref.type) : 'NULL::DOUBLE';
    const inner = `SELECT *, ${bin0Sql(v, boundaries)} AS ${binned} FROM (SELECT *, ${value} AS ${v} FROM ${from(input, t)})`;
    return { sql: `SELECT ${cols.join(', ')}, ${ident(ORDER_COLUMN)} FROM (${inner})`, schema };
  },
};
