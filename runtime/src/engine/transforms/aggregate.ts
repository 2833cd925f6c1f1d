import { splitAccessPath } from 'vega-util';
import { TransformError } from '../../errors.js';
import { fieldName } from '../pipeline.js';
import { from, ident } from '../sql.js';
import { ORDER_COLUMN, type Column, type Relation, type TransformContext, type TransformDefinition, type TransformSpec } from '../types.js';
import {
  combineMeasure, emptyMeasureSql, measureSql, measureType, planMeasures, type ExactnessCheck, type Measure,
} from './aggregate-ops.js';
import { bin0Sql, bin1Sql } from './bin.js';
import { ORDER_SQL, groupKeySql, resolveFieldRef, resolveFieldRefs, rowJsonSql, type FieldRef } from './field-sql.js';

/** The parameters aggregate and joinaggregate share. */
export const AGGREGATE_PARAMS = [
  { name: 'groupby', type: 'fields' },
  { name: 'fields', type: 'fields' },
  { name: 'ops', type: 'strings' },
  { name: 'as', type: 'strings' },
  { name: 'key', type: 'field' },
] as const;

/** A group-by dimension: its key expression and the SQL of the value the output holds. */
export interface Dimension {
  ref: FieldRef;
  key: string;
  /** The value is the first row's (the key does not determine it: dates, or a `key` param). */
  firstValue: boolean;
}

/**
 * Group-by dimensions that are a bin's end column while the same bin's start column is
 * grouped too (Vega-Lite groups by both): dimension index to the start's index.
 */
function binEnds(dims: Dimension[]): Map<number, number> {
  const out = new Map<number, number>();
  // Only the columns themselves (not a nested path into them).
  const tagOf = (d: Dimension) => (d.ref.column && d.ref.sql === ident(d.ref.column.name) ? d.ref.column.bin : undefined);
  dims.forEach((d, i) => {
    const tag = tagOf(d);
    if (!tag?.end) return;
    const start = dims.findIndex((s) => tagOf(s)?.token === tag.token && !tagOf(s)?.end);
    if (start >= 0) out.set(i, start);
  });
  return out;
}

/** Resolves groupby (and Vega's optional `key` accessor, which then alone decides the cells). */
export function planDimensions(spec: TransformSpec, input: Relation): { dims: Dimension[]; keys: string[] } {
  const refs = resolveFieldRefs(spec.groupby, input.schema);
  const keyParam = spec.key === undefined || spec.key === null ? undefined : resolveFieldRef(spec.key, input.schema);
  const dims = refs.map((ref) => {
    const key = groupKeySql(ref.sql, ref.type);
    return { ref, key, firstValue: keyParam !== undefined || key !== ref.sql };
  });
  const keys = keyParam ? [groupKeySql(keyParam.sql, keyParam.type)] : dims.map((d) => d.key);
  return { dims, keys };
}

/**
 * Output columns in Vega's write order; a later write of the same name keeps the first
 * slot. `entries`: the writes that stand, in that order.
 */
export function outputColumns<E extends { name: string; type: Column['type']; sql: string }>(
  entries: E[],
): { schema: Column[]; sql: string[]; entries: E[] } {
  const map = new Map<string, E>();
  for (const e of entries) map.set(e.name, e);
  const kept = [...map.values()];
  return { schema: kept.map((e) => ({ name: e.name, type: e.type })), sql: kept.map((e) => `${e.sql} AS ${ident(e.name)}`), entries: kept };
}

/**
 * Keeps later filters above the grouping. DuckDB would otherwise push a filter on group
 * keys (Vega-Lite's "valid bin" test after every binned aggregate) below the GROUP BY,
 * where it runs on every row and repeats the keys' expressions: a histogram of 3M rows
 * took twice as long. A LIMIT is a boundary DuckDB's filter pushdown does not cross.
 */
export const PUSHDOWN_FENCE = 'LIMIT 4611686018427387904';

/**
 * Vega `aggregate`: one row per group, groups in order of first appearance; with `cross`
 * (and two or more groupby fields) the missing combinations follow, empty.
 */
export const aggregateTransform: TransformDefinition = {
  type: 'aggregate',
  params: [
    ...AGGREGATE_PARAMS,
    { name: 'drop', type: 'boolean' },
    { name: 'cross', type: 'boolean' },
  ],
  compile(spec, input, ctx) {
    const { dims, keys } = planDimensions(spec, input);
    const measures = planMeasures(spec, input.schema, 'aggregate');
    const row = rowJsonSql(input.schema);
    const cross = spec.cross === true && dims.length > 1;
    const ends = cross || spec.key !== undefined && spec.key !== null ? new Map<number, number>() : binEnds(dims);
    const pre = cross || (spec.key !== undefined && spec.key !== null) ? undefined : preGrouped(input, dims, measures, ends, ctx);
    if (pre) return pre;
    const valueSql = (d: Dimension) => (d.firstValue ? `arg_min(${d.ref.sql}, ${ORDER_SQL})` : d.ref.sql);
    const entries = [
      ...dims.map((d, i) => {
        const start = ends.get(i);
        const end = d.ref.column?.bin?.end;
        return {
          name: d.ref.name, type: d.ref.type,
          // A bin's end follows from its start: computed once per group, not per row.
          sql: start !== undefined && end ? bin1Sql(valueSql(dims[start]), end) : valueSql(d),
        };
      }),
      ...measures.map((m) => ({ name: m.name, type: measureType(m), sql: measureSql(m, { row, wrap: (c) => c, grouped: true }) })),
    ];
    const out = outputColumns(entries);
    const t = ctx.alias('aggregate');
    const groupKeys = keys.filter((_, i) => !ends.has(i));
    const keyCols = groupKeys.map((k, i) => `${k} AS "__vf_key_${i}"`);
    const groupBy = groupKeys.length > 0 ? `GROUP BY ${groupKeys.join(', ')}` : 'HAVING count(*) > 0';
    const grouped = `SELECT ${[...out.sql, ...keyCols, `min(${ORDER_SQL}) AS ${ident(ORDER_COLUMN)}`].join(', ')} FROM ${from(input, t)} ${groupBy}`;
    // Vega only crosses two or more dimensions; drop has no effect on a single evaluation.
    if (cross) {
      if (spec.key !== undefined && spec.key !== null) {
        throw new TransformError('unsupported_transform', 'Aggregate with both "cross" and "key" is not supported');
      }
      return crossRelation(spec, grouped, dims, measures, out.schema, ctx);
    }
    const cols = [...out.schema.map((c) => ident(c.name)), ident(ORDER_COLUMN)].join(', ');
    return { sql: `SELECT ${cols} FROM (${grouped} ${PUSHDOWN_FENCE})`, schema: out.schema };
  },
};

/**
 * Widest bin range (stop − start) over whole numbers, or most distinct values of a column,
 * that an aggregate groups by value first: the first grouping then has at most this many
 * groups (in the range).
 */
export const MAX_PREGROUP_SPAN = 1 << 16;

/**
 * A binned aggregate over a column of whole numbers or of few values, grouped in two
 * steps: the rows by the column's values (and the other dimensions), then those groups by
 * their bin. The bin expression (Vega's clamping, epsilon and out-of-range cases) runs
 * once per value instead of once per row, and DuckDB's grouping by a plain column is
 * cheap: at 10M rows a histogram of whole numbers takes a fifth of the time, one of the
 * time of day (a formula of 1,440 values) 0.6 of it. Exact: each first-step group lies in
 * one bin, the measures combine exactly from partials (count, valid, missing, min, max),
 * and each output group keeps its first row's position. Within the bin range a column of
 * whole numbers takes at most MAX_PREGROUP_SPAN values; values outside it (an extent
 * narrower than the data) each make a first-step group too, which costs time, never
 * exactness. A column with a `distinct` bound takes at most that many values anywhere.
 * Undefined where this does not apply: the plain grouping runs.
 */
function preGrouped(
  input: Relation, dims: Dimension[], measures: Measure[], ends: Map<number, number>, ctx: TransformContext,
): Relation | undefined {
  const isColumn = (d: Dimension) => d.ref.column !== undefined && d.ref.sql === ident(d.ref.column.name) && !d.firstValue;
  const binned = dims.findIndex((d) => isColumn(d) && d.ref.column?.bin?.of && !d.ref.column.bin.end);
  const of = dims[binned]?.ref.column?.bin?.of;
  if (!of) return undefined;
  // The binned column must still be the one the bin read (no transform replaced it).
  if (input.schema.find((c) => c.name === of.column.name) !== of.column) return undefined;
  const fewInRange = of.column.integral === true && Number.isFinite(of.start) && Number.isFinite(of.stop) && of.stop - of.start <= MAX_PREGROUP_SPAN;
  const fewAtAll = of.column.distinct !== undefined && of.column.distinct <= MAX_PREGROUP_SPAN;
  if (!fewInRange && !fewAtAll) return undefined;
  // Other dimensions: the bin's end, or plain columns grouped by their own values.
  if (!dims.every((d, i) => i === binned || ends.get(i) === binned || (isColumn(d) && !d.ref.column?.bin))) return undefined;

  const partials: string[] = [];
  const add = (sql: string): string => {
    partials.push(`${sql} AS "__vf_m${partials.length}"`);
    return `"__vf_m${partials.length - 1}"`;
  };
  const checks: ExactnessCheck[] = [];
  const combined: string[] = [];
  for (const m of measures) {
    const c = combineMeasure(m, add, checks);
    if (typeof c !== 'string') return undefined;
    combined.push(c);
  }
  // Sums would need their exactness checked against the data first: the plain grouping runs.
  if (checks.length > 0) return undefined;

  const value = '"__vf_v"';
  const plain = dims.map((d, i) => (i === binned || ends.has(i) ? undefined : `"__vf_g${i}"`));
  const firstKeys = [ident(of.column.name), ...dims.flatMap((d, i) => (plain[i] ? [d.ref.sql] : []))];
  const first = `SELECT ${[
    `${ident(of.column.name)} AS ${value}`,
    ...dims.flatMap((d, i) => (plain[i] ? [`${d.ref.sql} AS ${plain[i]}`] : [])),
    ...partials,
    `min(${ORDER_SQL}) AS ${ident(ORDER_COLUMN)}`,
  ].join(', ')} FROM ${from(input, ctx.alias('pregroup'))} GROUP BY ${firstKeys.join(', ')}`;
  const bin0 = bin0Sql(value, of);
  const entries = [
    ...dims.map((d, i) => ({
      name: d.ref.name, type: d.ref.type,
      sql: i === binned ? bin0 : ends.has(i) ? bin1Sql(bin0, of) : plain[i] as string,
    })),
    ...measures.map((m, k) => ({ name: m.name, type: measureType(m), sql: combined[k] })),
  ];
  const out = outputColumns(entries);
  const secondKeys = [bin0, ...plain.filter((p): p is string => p !== undefined)];
  const grouped = `SELECT ${[...out.sql, `min(${ORDER_SQL}) AS ${ident(ORDER_COLUMN)}`].join(', ')} FROM (${first}) GROUP BY ${secondKeys.join(', ')}`;
  const cols = [...out.schema.map((c) => ident(c.name)), ident(ORDER_COLUMN)].join(', ');
  return { sql: `SELECT ${cols} FROM (${grouped} ${PUSHDOWN_FENCE})`, schema: out.schema };
}

/** SQL that is TRUE when String(value) is an array index, which JS objects iterate first. */
function integerKeySql(sql: string, type: Column['type']): string {
  if (type === 'number') return `COALESCE(NOT isnan(${sql}) AND ${sql} = floor(${sql}) AND ${sql} >= 0 AND ${sql} <= 4294967294, FALSE)`;
  if (type === 'string') return `COALESCE(regexp_full_match(${sql}, '0|[1-9][0-9]{0,9}') AND TRY_CAST(${sql} AS DOUBLE) <= 4294967294, FALSE)`;
  return 'FALSE';
}

function integerValueSql(sql: string, type: Column['type']): string {
  if (type === 'number') return `(CASE WHEN ${integerKeySql(sql, type)} THEN ${sql} END)`;
  if (type === 'string') return `(CASE WHEN ${integerKeySql(sql, type)} THEN TRY_CAST(${sql} AS DOUBLE) END)`;
  return 'NULL::DOUBLE';
}

/**
 * Appends the empty cells of the cross product. Vega collects each dimension's values in a
 * JS object keyed by String(value), so they iterate integer-like keys in numeric order
 * first, then the rest in first-appearance order; the combinations follow that nesting.
 */
function crossRelation(
  spec: TransformSpec, grouped: string, dims: Dimension[], measures: Measure[], schema: Column[], ctx: TransformContext,
): Relation {
  const g = ctx.alias('cross_groups');
  const domains = dims.map((d, i) => {
    const key = `"__vf_key_${i}"`;
    const value = ident(d.ref.name);
    return `(SELECT ${key} AS k, arg_max(${value}, ${ident(ORDER_COLUMN)}) AS v, min(${ident(ORDER_COLUMN)}) AS first,`
      + ` ${integerKeySql(key, d.ref.type)} AS intkey, ${integerValueSql(key, d.ref.type)} AS intval FROM ${ident(g)} GROUP BY ${key}) AS "__vf_d${i}"`;
  });
  const order = dims.flatMap((_, i) => [`"__vf_d${i}".intkey DESC`, `"__vf_d${i}".intval`, `"__vf_d${i}".first`]);
  const exists = dims.map((_, i) => `${ident(g)}."__vf_key_${i}" IS NOT DISTINCT FROM "__vf_d${i}".k`).join(' AND ');
  // A made cell reads its dimension through the field accessor from a tuple keyed by the
  // output name, so an aliased or nested field reads undefined.
  const rawFields = (spec.groupby as unknown[]).map((f) => fieldName(f));
  const madeCols = schema.map((c) => {
    const di = dims.findIndex((d) => d.ref.name === c.name);
    if (di >= 0) {
      const path = splitAccessPath(rawFields[di]);
      return path.length === 1 && path[0] === c.name ? `"__vf_d${di}".v AS ${ident(c.name)}` : `NULL AS ${ident(c.name)}`;
    }
    const m = [...measures].reverse().find((x) => x.name === c.name);
    return `${m ? emptyMeasureSql(m) : 'NULL'} AS ${ident(c.name)}`;
  });
  const made = `SELECT ${madeCols.join(', ')}, row_number() OVER (ORDER BY ${order.join(', ')}) AS "__vf_n"`
    + ` FROM ${domains.join(' CROSS JOIN ')} WHERE NOT EXISTS (SELECT 1 FROM ${ident(g)} WHERE ${exists})`;
  const cols = schema.map((c) => ident(c.name)).join(', ');
  const sql = `WITH ${ident(g)} AS (${grouped}) SELECT ${cols}, ${ident(ORDER_COLUMN)} FROM ${ident(g)}`
    + ` UNION ALL SELECT ${cols}, CAST((SELECT max(${ident(ORDER_COLUMN)}) FROM ${ident(g)}) + "__vf_n" AS DOUBLE) FROM (${made})`;
  return { sql, schema };
}
