/**
 * Vega `pivot`: one output row per group (in order of first appearance) with one field per
 * distinct value of `field`, sorted ascending and optionally limited, holding the `op`
 * aggregate of `value` over the group's rows with that field value. Vega runs this as an
 * aggregate whose measure reads NaN (skipped) on the other rows; the SQL filters instead.
 */
import { LimitError, TransformError } from '../../errors.js';
import { from, ident, literal, withColumn } from '../sql.js';
import { ORDER_COLUMN, type Column, type TransformDefinition, type ValueType } from '../types.js';
import { fieldRef, stringKeyOf, stringKeySql, toNumberSql, type FieldRef } from './js-values.js';

/** The aggregate ops pivot compiles (Vega's ValidAggregateOps minus those needing rows or randomness). */
export const PIVOT_OPS = [
  'count', 'valid', 'missing', 'distinct', 'sum', 'product', 'mean', 'average', 'variance', 'variancep',
  'stdev', 'stdevp', 'stderr', 'median', 'q1', 'q3', 'min', 'max',
];

/**
 * Most output fields a pivot may make. Each is an aggregate of its own over every row: a
 * pivot over a few thousand distinct values costs minutes and gigabytes in DuckDB for a
 * request of a hundred bytes, so it is refused (with its key count) before it runs.
 */
export const MAX_PIVOT_COLUMNS = 256;

/**
 * Most distinct values a pivot reads to choose its fields. Without a `limit` a few past
 * MAX_PIVOT_COLUMNS tell it is too many (values merge only by equal string forms); with
 * one, every value is sorted to find the first ones, so up to this many are read.
 */
export const MAX_PIVOT_KEYS = 100_000;

export const pivotTransform: TransformDefinition = {
  type: 'pivot',
  params: [
    { name: 'groupby', type: 'fields' },
    { name: 'field', type: 'field', required: true },
    { name: 'value', type: 'field', required: true },
    { name: 'op', type: 'string', values: PIVOT_OPS },
    { name: 'limit', type: 'number' },
  ],
  async compile(spec, input, ctx) {
    const field = fieldRef(spec.field, input.schema);
    const value = fieldRef(spec.value, input.schema);
    if (field.type === 'date' || field.type === 'object') {
      // Vega matches pivot values with ===, which compares Date and object identities.
      throw new TransformError('unsupported_transform', `Pivot on ${field.type} field "${field.name}" is not supported`);
    }
    const groupby = ((spec.groupby as unknown[] | undefined) ?? []).map((g) => fieldRef(g, input.schema));
    const op = (spec.op as string | undefined) ?? 'sum';
    const limit = Number(spec.limit) || 0;

    // Distinct pivot values in first-seen order, merged by their string form like Vega's map;
    // never more than tell whether they are too many (a column of millions stays in DuckDB).
    const most = limit ? MAX_PIVOT_KEYS : 4 * MAX_PIVOT_COLUMNS;
    const rows = await ctx.queryRows(
      `SELECT ${field.sql} AS k, MIN(${ident(ORDER_COLUMN)}) AS o FROM ${from(input, ctx.alias('pivot_keys'))} GROUP BY 1 ORDER BY 2 LIMIT ${most + 1}`,
    );
    if (rows.length > most) {
      throw new LimitError('limit_exceeded', limit
        ? `Pivot on "${field.name}" has more than ${MAX_PIVOT_KEYS} distinct values to choose its ${limit} fields from; the limit is ${MAX_PIVOT_KEYS}`
        : `Pivot on "${field.name}" would make more than ${most} fields; the limit is ${MAX_PIVOT_COLUMNS} (set "limit" to keep fewer)`);
    }
    const seen = new Set<string>();
    let keys: unknown[] = [];
    for (const r of rows) {
      const k = field.column ? r.k ?? null : undefined;
      const s = stringKeyOf(k);
      if (!seen.has(s)) {
        seen.add(s);
        keys.push(k);
      }
    }
    keys.sort(vegaAscending);
    if (limit) keys = keys.slice(0, limit);
    if (keys.length > MAX_PIVOT_COLUMNS) {
      throw new LimitError('limit_exceeded', `Pivot on "${field.name}" would make ${keys.length} fields; the limit is ${MAX_PIVOT_COLUMNS} (set "limit" to keep fewer)`);
    }

    const t = ctx.alias('pivot');
    const gk = groupby.map((g) => (g.column ? stringKeySql(g.sql, g.type, 'null') : "'undefined'"));
    const measures = keys.map((k) => ({ name: String(k), ...measureSql(op, matchSql(field, k), value) }));
    let schema: Column[] = [];
    const cols: string[] = [];
    groupby.forEach((g) => {
      schema = withColumn(schema, { name: g.name, type: g.column ? g.type : 'number' });
    });
    // Vega's aggregate gives undefined (not null) for a cell without valid values.
    for (const m of measures) schema = withColumn(schema, { name: m.name, type: m.type, nulls: 'undefined' });
    for (const c of schema) {
      const m = [...measures].reverse().find((x) => x.name === c.name);
      if (m) {
        cols.push(`${m.sql} AS ${ident(c.name)}`);
      } else {
        const g = groupby.find((x) => x.name === c.name) as FieldRef;
        cols.push(`first(${g.sql} ORDER BY ${ident(ORDER_COLUMN)}) AS ${ident(c.name)}`);
      }
    }
    const groupBy = gk.length > 0 ? `GROUP BY ${gk.join(', ')}` : 'HAVING COUNT(*) > 0';
    const order = `CAST(ROW_NUMBER() OVER (ORDER BY MIN(${ident(ORDER_COLUMN)})) AS DOUBLE) AS ${ident(ORDER_COLUMN)}`;
    return { sql: `SELECT ${[...cols, order].join(', ')} FROM ${from(input, t)} ${groupBy}`, schema };
  },
};

/** vega-util's ascending: null first, then NaN, then values. */
export function vegaAscending(u: unknown, v: unknown): number {
  const a = u as number;
  const b = v as number;
  if ((a < b || u == null) && v != null) return -1;
  if ((a > b || v == null) && u != null) return 1;
  const bn = v instanceof Date ? +v : b;
  const an = u instanceof Date ? +u : a;
  if (an !== an && bn === bn) return -1;
  if (bn !== bn && an === an) return 1;
  return 0;
}

/** Rows whose field value is `=== k`: NaN matches nothing, null matches null. */
function matchSql(field: FieldRef, k: unknown): string {
  if (!field.column) return 'TRUE';
  if (k === null || k === undefined) return `${field.sql} IS NULL`;
  if (typeof k === 'number' && Number.isNaN(k)) return 'FALSE';
  return `${field.sql} = ${literal(k)}`;
}

/** One aggregate measure over the matching rows, with Vega's valid/missing rules. */
function measureSql(op: string, match: string, value: FieldRef): { sql: string; type: ValueType } {
  const v = value.sql;
  const num = toNumberSql(v, value.type);
  const isNaNv = value.type === 'number' ? `COALESCE(isnan(${v}), FALSE)` : 'FALSE';
  const missing = value.type === 'string' ? `(${v} IS NULL OR ${v} = '')` : `${v} IS NULL`;
  const valid = `(NOT ${missing} AND NOT ${isNaNv})`;
  const where = (cond: string) => `FILTER (WHERE ${match} AND ${cond})`;
  // quartiles read numbers(): non-null, non-empty, and not NaN once coerced.
  const numeric = `(NOT ${missing} AND NOT isnan(${num}))`;
  const quantile = (p: number) => `quantile_cont(${num}, ${p}) ${where(numeric)}`;
  switch (op) {
    case 'count': return { sql: `COUNT(*) ${where(`NOT ${isNaNv}`)}`, type: 'number' };
    case 'valid': return { sql: `COUNT(*) ${where(valid)}`, type: 'number' };
    case 'missing': return { sql: `COUNT(*) ${where(missing)}`, type: 'number' };
    case 'distinct': {
      // Every row of the cell counts: rows of other pivot values read NaN.
      const key = value.type === 'number'
        ? `CASE WHEN ${v} IS NULL THEN 'null' WHEN isnan(${v}) THEN 'NaN' ELSE CAST(${v} + 0.0 AS VARCHAR) END`
        : value.type === 'string' ? `COALESCE(${v}, 'null')` : `COALESCE(CAST(${v} AS VARCHAR), 'null')`;
      return { sql: `COUNT(DISTINCT CASE WHEN ${match} THEN ${key} ELSE 'NaN' END)`, type: 'number' };
    }
    case 'sum': return { sql: `SUM(${num}) ${where(valid)}`, type: 'number' };
    case 'product': return { sql: `PRODUCT(${num}) ${where(valid)}`, type: 'number' };
    case 'mean': case 'average': return { sql: `AVG(${num}) ${where(valid)}`, type: 'number' };
    case 'variance': return { sql: nonNegative(`var_samp(${num}) ${where(valid)}`), type: 'number' };
    case 'variancep': return { sql: nonNegative(`var_pop(${num}) ${where(valid)}`), type: 'number' };
    case 'stdev': return { sql: `stddev_samp(${num}) ${where(valid)}`, type: 'number' };
    case 'stdevp': return { sql: `stddev_pop(${num}) ${where(valid)}`, type: 'number' };
    case 'stderr': return { sql: `stddev_samp(${num}) ${where(valid)} / sqrt(COUNT(*) ${where(valid)})`, type: 'number' };
    case 'median': return { sql: quantile(0.5), type: 'number' };
    case 'q1': return { sql: quantile(0.25), type: 'number' };
    case 'q3': return { sql: quantile(0.75), type: 'number' };
    case 'min': return { sql: `MIN(${v}) ${where(valid)}`, type: value.column ? value.type : 'number' };
    case 'max': return { sql: `MAX(${v}) ${where(valid)}`, type: value.column ? value.type : 'number' };
    default: throw new TransformError('unsupported_transform', `Unsupported pivot op "${op}"`);
  }
}

/** Math.max(0, x) that keeps NULL (SQL GREATEST would skip it). */
function nonNegative(x: string): string {
  return `(CASE WHEN (${x}) < 0 THEN 0.0 ELSE (${x}) END)`;
}
