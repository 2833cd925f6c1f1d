/**
 * The input of the curve transforms (kde, regression, loess, quantile): their algorithms
 * are iterative and depend on row order, so they run in JavaScript, as Vega runs them,
 * over the numbers of one or two columns per group, read from the engine as typed arrays.
 * SQL does the per-row work: groups are found by a GROUP BY with Vega's group keys and
 * numbered by first appearance (vega-transforms' `partition`), the rows come sorted by
 * group and then in Vega's row order.
 *
 * Vega partitions by `groupby.map(get)` used as an object key, so group keys compare as
 * the values' strings joined by commas: null, undefined and '' are one key, -0 and 0 are
 * one key. (Two columns whose values themselves hold the comma, "a,b" beside "a" and "b",
 * are not merged here.)
 */
import { CancelledError, LimitError, TransformError } from '../../errors.js';
import { from, ident } from '../sql.js';
import { nextTurn } from '../turns.js';
import type { Column, NumberColumns, Relation, TransformContext } from '../types.js';
import { ORDER_SQL, resolveFieldRef, type FieldRef } from './field-sql.js';
import { stringKeySql } from './js-values.js';

/** Values read into memory at most (8 bytes each): beyond it a transform is refused. */
export const MAX_CURVE_VALUES = 50_000_000;
/** Groups at most. */
export const MAX_CURVE_GROUPS = 100_000;

/** One group's values as Vega's arithmetic reads them. */
export interface CurveGroup {
  /** The group's first row's groupby values (Vega's `g.dims`). */
  dims: unknown[];
  /** Rows in the group, valid values or not (Vega's `g.length`). */
  size: number;
  /**
   * Per field: the value as arithmetic reads it (`x - v`): a number, 0 for null, NaN for
   * undefined (a field the row lacks) and for NaN.
   */
  values: Float64Array[];
  /** Per field: 1 where the value is valid (not null, undefined or NaN), as vega-statistics filters. */
  valid: Uint8Array[];
  /** Per field: 1 where the value is not null or undefined (`v != null`; NaN is). */
  present: Uint8Array[];
}

export interface CurveInput {
  groups: CurveGroup[];
  /** Output columns of the groupby fields (named by Vega's accessor names, typed as the input). */
  dimColumns: Column[];
}

/** Where a transform's name and its spec path go into error messages. */
export interface CurveSource {
  transform: string;
  /** The groupby parameter. */
  groupby: unknown;
  /**
   * The field parameters whose values are read, with their parameter names; `ref`, when
   * given, is the value already resolved (an accessor expression compiled to SQL).
   */
  fields: { param: string; value: unknown; ref?: FieldRef }[];
}

/**
 * Reads the groups and the fields' values of `input`. Throws TransformError
 * (`unsupported_transform`) for a field that does not hold numbers or a groupby field of
 * nested values, and LimitError (`limit_exceeded`) past MAX_CURVE_VALUES or MAX_CURVE_GROUPS.
 */
export async function readCurveInput(source: CurveSource, input: Relation, ctx: TransformContext): Promise<CurveInput> {
  const groupby = groupbyRefs(source, input);
  const fields = source.fields.map(({ param, value, ref: given }) => {
    const ref = given ?? resolveFieldRef(value, input.schema);
    if (ref.column && ref.type !== 'number') {
      throw new TransformError('unsupported_transform', `Field "${ref.name}" (${param}) of transform "${source.transform}" holds ${ref.type} values; the runtime computes it over numbers only`);
    }
    return ref;
  });
  const dimColumns = groupby.map((g): Column => ({
    name: g.name, type: g.type, ...(g.column?.nulls ? { nulls: g.column.nulls } : g.column ? {} : { nulls: 'absent' as const }),
  }));
  const t = ctx.alias('curve');
  const valuesSql = fields.map((f, k) => `CAST(${f.sql} AS DOUBLE) AS ${ident(`v${k}`)}`);
  const limit = Math.floor(MAX_CURVE_VALUES / Math.max(1, fields.length)) + 1;
  if (groupby.length === 0) {
    const sql = `SELECT ${valuesSql.join(', ')} FROM ${from(input, t)}${input.inOrder ? '' : ` ORDER BY ${ORDER_SQL}`} LIMIT ${limit}`;
    const read = await readColumns(sql, fields.length, false, ctx);
    checkSize(read.rows, fields.length, source.transform);
    // Without groupby Vega has one group even of no rows; `groupby: []` groups the rows (none: no group).
    const grouped = Array.isArray(source.groupby);
    return { groups: grouped && read.rows === 0 ? [] : [toGroup([], 0, read.rows, read, fields)], dimColumns };
  }
  const keys = groupby.map((g, k) => `${stringKeySql(g.sql, g.type, '')} AS ${ident(`k${k}`)}`);
  const dims = groupby.map((g, k) => `${g.sql} AS ${ident(`d${k}`)}`);
  const keyNames = groupby.map((_, k) => ident(`k${k}`));
  const numbered = `SELECT *, CAST(row_number() OVER (ORDER BY "__vf_first") - 1 AS INTEGER) AS "__vf_gid" FROM (`
    + `SELECT ${keyNames.join(', ')}, ${groupby.map((_, k) => `first(${ident(`d${k}`)} ORDER BY ${ORDER_SQL}) AS ${ident(`d${k}`)}`).join(', ')},`
    + ` count(*) AS "__vf_n", min(${ORDER_SQL}) AS "__vf_first"`
    + ` FROM (SELECT ${[...keys, ...dims, ORDER_SQL].join(', ')} FROM ${from(input, t)}) GROUP BY ${keyNames.join(', ')})`;
  const groupRows = await ctx.queryRows(`SELECT ${groupby.map((_, k) => ident(`d${k}`)).join(', ')}, "__vf_n" FROM (${numbered}) ORDER BY "__vf_gid" LIMIT ${MAX_CURVE_GROUPS + 1}`);
  if (groupRows.length > MAX_CURVE_GROUPS) {
    throw new LimitError('limit_exceeded', `Transform "${source.transform}" has more than ${MAX_CURVE_GROUPS} groups; the runtime computes at most that many`);
  }
  const sizes = groupRows.map((r) => Number(r.__vf_n));
  checkSize(sizes.reduce((a, b) => a + b, 0), fields.length, source.transform);
  const g = ctx.alias('curve_groups');
  const sql = `SELECT ${ident(g)}."__vf_gid", ${fields.map((_, k) => ident(`v${k}`)).join(', ')}`
    + ` FROM (SELECT ${[...keys, ...valuesSql, ORDER_SQL].join(', ')} FROM ${from(input, t)}) AS ${ident(`${t}_rows`)}`
    + ` JOIN (${numbered}) AS ${ident(g)} ON ${keyNames.map((k) => `${ident(`${t}_rows`)}.${k} IS NOT DISTINCT FROM ${ident(g)}.${k}`).join(' AND ')}`
    + ` ORDER BY ${ident(g)}."__vf_gid", ${ident(`${t}_rows`)}.${ORDER_SQL}`;
  const read = await readColumns(sql, fields.length, true, ctx);
  const groups: CurveGroup[] = [];
  let start = 0;
  for (const [i, row] of groupRows.entries()) {
    groups.push(toGroup(groupby.map((_, k) => row[`d${k}`]), start, start + sizes[i], read, fields));
    start += sizes[i];
  }
  return { groups, dimColumns };
}

function groupbyRefs(source: CurveSource, input: Relation): FieldRef[] {
  if (source.groupby === undefined || source.groupby === null) return [];
  if (!Array.isArray(source.groupby)) {
    throw new TransformError('bad_transform', `Parameter "groupby" of transform "${source.transform}" must be an array of fields`);
  }
  return source.groupby.map((p) => {
    const ref = resolveFieldRef(p, input.schema);
    if (ref.type === 'object') {
      throw new TransformError('unsupported_transform', `Grouping transform "${source.transform}" by field "${ref.name}" of mixed or nested values is not supported`);
    }
    return ref;
  });
}

function checkSize(rows: number, fields: number, transform: string): void {
  if (rows * Math.max(1, fields) >= MAX_CURVE_VALUES) {
    throw new LimitError('limit_exceeded', `Transform "${transform}" would read ${rows} rows of ${fields} field(s) into memory; the runtime reads at most ${MAX_CURVE_VALUES} values`);
  }
}

interface ReadColumns {
  rows: number;
  values: Float64Array[];
  /** Per field: NULL bitmap in Arrow's layout (bit set: not NULL), absent when nothing is NULL. */
  notNull: (Uint8Array | undefined)[];
}

/** Runs the values query: an optional leading group id column, then `count` DOUBLE columns. */
async function readColumns(sql: string, count: number, withGid: boolean, ctx: TransformContext): Promise<ReadColumns> {
  const out = ctx.queryColumns ? await ctx.queryColumns(sql) : columnsOfRows(await ctx.queryRows(sql), sql);
  const offset = withGid ? 1 : 0;
  const values: Float64Array[] = [];
  const notNull: (Uint8Array | undefined)[] = [];
  for (let k = 0; k < count; k++) {
    const c = out.columns[k + offset];
    if (c.kind === 'double') {
      values.push(c.values);
      notNull.push(c.valid);
    } else {
      // Only a NULL literal (a field the data lacks) gives a column of another kind.
      values.push(Float64Array.from({ length: out.rows }, (_, i) => Number(c.values[i] ?? NaN)));
      notNull.push(bitmap(out.rows, (i) => c.values[i] !== null && c.values[i] !== undefined));
    }
  }
  return { rows: out.rows, values, notNull };
}

/** The rows of an engine without typed-array reads, as columns. */
function columnsOfRows(rows: Record<string, unknown>[], sql: string): NumberColumns {
  const names = rows[0] ? Object.keys(rows[0]) : [...sql.matchAll(/AS "(v\d+|__vf_gid)"/g)].map((m) => m[1]);
  return {
    names,
    rows: rows.length,
    columns: names.map((name) => ({ kind: 'js' as const, values: rows.map((r) => (r[name] === null || r[name] === undefined ? null : Number(r[name]))) })),
  };
}

function bitmap(n: number, set: (i: number) => boolean): Uint8Array {
  const bits = new Uint8Array((n + 7) >> 3);
  for (let i = 0; i < n; i++) if (set(i)) bits[i >> 3] |= 1 << (i & 7);
  return bits;
}

/** Rows [start, end) of the read columns as a group, with Vega's reading of null and undefined. */
function toGroup(dims: unknown[], start: number, end: number, read: ReadColumns, fields: FieldRef[]): CurveGroup {
  const values: Float64Array[] = [];
  const valid: Uint8Array[] = [];
  const present: Uint8Array[] = [];
  fields.forEach((f, k) => {
    const src = read.values[k];
    const bits = read.notNull[k];
    // A NULL is undefined (NaN in arithmetic) for a field the row lacks, else null (0).
    const nullValue = !f.column || f.column.nulls ? NaN : 0;
    const v = new Float64Array(end - start);
    const ok = new Uint8Array(end - start);
    const set = new Uint8Array(end - start);
    for (let i = start; i < end; i++) {
      const notNull = !bits || (bits[i >> 3] & (1 << (i & 7))) !== 0;
      const x = notNull ? src[i] : nullValue;
      v[i - start] = x;
      set[i - start] = notNull ? 1 : 0;
      ok[i - start] = notNull && x === x ? 1 : 0;
    }
    values.push(v);
    valid.push(ok);
    present.push(set);
  });
  return { dims, size: end - start, values, valid, present };
}

/** Between steps of work in JavaScript: gives the event loop a turn and stops if the request was cancelled. */
export async function checkpoint(ctx: TransformContext, transform: string): Promise<void> {
  await nextTurn();
  if (ctx.abortSignal?.aborted) throw new CancelledError(`Transform "${transform}" was cancelled`);
}

/** Operations (a kernel evaluation, a weighted sum term) between turns of the event loop. */
const WORK_PER_TURN = 2_000_000;

/**
 * Paces work done in JavaScript: `step(work)` after each unit of work stops if the request
 * was cancelled, and takes a turn of the event loop once WORK_PER_TURN operations have passed.
 */
export function createPacer(ctx: TransformContext, transform: string): (work: number) => Promise<void> {
  let done = 0;
  return async (work) => {
    if (ctx.abortSignal?.aborted) throw new CancelledError(`Transform "${transform}" was cancelled`);
    done += work;
    if (done < WORK_PER_TURN) return;
    done = 0;
    await checkpoint(ctx, transform);
  };
}
