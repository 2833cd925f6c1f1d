/**
 * Builds a per-value index: one DuckDB table of the partial aggregates per (output group,
 * value of each filtered column), laid out by exact-layout.ts, checked for exactness, and
 * (when small) also held in memory as IndexCells so a selection's answer is combined
 * without a statement. Refused, with the reason, when a sum could round or when the cells
 * would be too many (`tooLarge`: a bucketed index may serve instead).
 */
import type { SqlEngine } from '../duckdb.js';
import { ident } from '../sql.js';
import { ORDER_COLUMN, type Relation } from '../types.js';
import type { IndexLayout } from './exact-layout.js';

/**
 * A small index's cells held in memory as well, so a selection's answer can be combined
 * without a statement: each column's values by name (numbers, NaN included, strings,
 * booleans, Dates, or null), one per cell; the distinct values of the filtered columns (a filter
 * is evaluated once per such tuple, not once per cell) and each cell's output group.
 */
export interface IndexCells {
  count: number;
  columns: ReadonlyMap<string, readonly unknown[]>;
  /** The distinct tuples of the filtered columns, as rows of those columns. */
  tuples: readonly Record<string, unknown>[];
  /** Each cell's tuple (an index into `tuples`). */
  tupleOf: Int32Array;
  /** Each cell's output group: cells with equal group keys share one. */
  groupOf: Int32Array;
  groups: number;
}

/** A built per-value index: its table, its size, and its cells when held in memory. */
export interface ExactIndex {
  table: string;
  rows: number;
  baseRows: number;
  bytes: number;
  buildMs: number;
  cells?: IndexCells;
}

export interface ExactBuildOptions {
  /** Table-name suffix unique to this index. */
  key: string;
  /** Cells beyond this share of the base's rows make the index too large (but see alwaysIndexedCells). */
  maxCellShare: number;
  /** Indexes of at most this many cells are kept whatever the share. */
  alwaysIndexedCells: number;
  /** Indexes of at most this many cells are also held in memory. */
  maxMemoryCells: number;
  /** Stops the build (its statements interrupted) when it aborts. */
  signal?: AbortSignal;
}

/** Bytes one cell value held in memory is counted as. */
const BYTES_PER_MEMORY_VALUE = 16;
const BYTES_PER_VALUE = 12;

/** Builds the per-value index of `layout` over `base`, or says why it was refused. */
export async function buildExactIndex(
  engine: SqlEngine, layout: IndexLayout, base: Relation, options: ExactBuildOptions,
): Promise<ExactIndex | { reason: string; tooLarge?: true }> {
  const started = performance.now();
  const table = `vf_idx_${options.key}`;
  const select = [
    ...layout.columns.map((c) => `${c.sql} AS ${ident(c.name)}`),
    ...layout.filterColumns.map((c) => ident(c.name)),
    `min(${ident(ORDER_COLUMN)}) AS ${ident(ORDER_COLUMN)}`,
    'count(*) AS "__vf_rows"',
  ];
  const groupBy = layout.groupBy.length > 0 ? ` GROUP BY ${layout.groupBy.join(', ')}` : ' HAVING count(*) > 0';
  await engine.exec(`CREATE OR REPLACE TABLE ${ident(table)} AS SELECT ${select.join(', ')} FROM (${base.sql}) AS "__vf_base"${groupBy}`, options.signal);
  const checks = layout.checks.map((c, i) => `${c.holds} AS "__vf_ok${i}"`);
  let summary: Record<string, unknown>;
  try {
    [summary] = await engine.queryRows(
      `SELECT count(*) AS cells, COALESCE(sum("__vf_rows"), 0) AS base_rows${checks.map((c) => `, ${c}`).join('')} FROM ${ident(table)}`, options.signal);
  } catch (error) {
    // Stopped (or failed) after the table was made: it goes with the build.
    await engine.exec(`DROP TABLE IF EXISTS ${ident(table)}`).catch(() => undefined);
    throw error;
  }
  const cells = Number(summary.cells);
  const baseRows = Number(summary.base_rows);
  const failed = layout.checks.find((_, i) => summary[`__vf_ok${i}`] !== true);
  if (failed || (cells > options.alwaysIndexedCells && cells > baseRows * options.maxCellShare)) {
    await engine.exec(`DROP TABLE IF EXISTS ${ident(table)}`);
    if (failed) return { reason: failed.what };
    return { reason: `the index would have ${cells} cells for ${baseRows} rows, not enough smaller than the data`, tooLarge: true };
  }
  const memory = layout.cells && cells <= options.maxMemoryCells ? await readCells(engine, table, layout, cells) : undefined;
  const width = layout.columns.length + layout.filterColumns.length + 2;
  const memoryBytes = memory ? memory.count * memory.columns.size * BYTES_PER_MEMORY_VALUE : 0;
  return { table, rows: cells, baseRows, bytes: 1024 + cells * width * BYTES_PER_VALUE + memoryBytes, buildMs: performance.now() - started, cells: memory };
}

/** The columns the cells' combination reads, as JS values (64-bit counts as numbers). */
async function readCells(engine: SqlEngine, table: string, layout: IndexLayout, count: number): Promise<IndexCells> {
  const combine = layout.cells!;
  const names = [...new Set([
    ...layout.filterColumns.map((c) => c.name), ...combine.keys, ORDER_COLUMN,
    ...combine.outputs.flatMap((o) => (o.from.op === 'sum' ? [o.from.of, o.from.count] : [o.from.of])),
  ])];
  const out = await engine.query(`SELECT ${names.map(ident).join(', ')} FROM ${ident(table)}`);
  const columns = new Map(names.map((n, i) => [n, (out.columns[i] ?? []).map((v) => (typeof v === 'bigint' ? Number(v) : v))]));
  const filtered = layout.filterColumns.map((c) => [c.name, columns.get(c.name) ?? []] as const);
  const tuples: Record<string, unknown>[] = [];
  const tupleOf = numbering(count, (i) => JSON.stringify(filtered.map(([, values]) => exactPart(values[i]))), (i) => {
    tuples.push(Object.fromEntries(filtered.map(([name, values]) => [name, values[i]])));
  });
  const keys = combine.keys.map((k) => columns.get(k) ?? []);
  let groups = 0;
  const groupOf = numbering(count, (i) => JSON.stringify(keys.map((values) => groupPart(values[i]))), () => { groups++; });
  return { count, columns, tuples, tupleOf, groupOf, groups };
}

/** Drops an index's table (when its cache entry goes). */
export function dropExactIndex(engine: SqlEngine, index: ExactIndex): Promise<void> {
  return engine.exec(`DROP TABLE IF EXISTS ${ident(index.table)}`);
}

/** Rows of `base` and the approximate number of distinct values of each of `columns` (one scan). */
export async function readCardinality(engine: SqlEngine, base: Relation, columns: readonly string[]): Promise<{ rows: number; distinct: Record<string, number> }> {
  const cols = [...columns];
  const [row] = await engine.queryRows(`SELECT count(*)::DOUBLE AS "__vf_n"${cols.map((c, i) => `, approx_count_distinct(${ident(c)})::DOUBLE AS "__vf_d${i}"`).join('')} FROM (${base.sql}) AS "__vf_base"`);
  return { rows: Number(row.__vf_n), distinct: Object.fromEntries(cols.map((c, i) => [c, Number(row[`__vf_d${i}`])])) };
}

/** SQL reading the index table as a relation the filter compiles over. */
export function exactIndexRelation(table: string, layout: IndexLayout): Relation {
  const schema = [...layout.filterColumns, ...layout.extraSchema];
  return { sql: `SELECT ${[...schema.map((c) => ident(c.name)), ident(ORDER_COLUMN)].join(', ')} FROM ${ident(table)}`, schema };
}

/** The aggregate's output from the cells a filter kept (`filtered`: the index relation, filtered). */
export function combineExactCells(filtered: Relation, layout: IndexLayout): Relation {
  const groupBy = layout.combineGroupBy.length > 0 ? ` GROUP BY ${layout.combineGroupBy.join(', ')}` : ' HAVING count(*) > 0';
  const sql = `SELECT ${[...layout.outputs, `min(${ident(ORDER_COLUMN)}) AS ${ident(ORDER_COLUMN)}`].join(', ')} FROM (${filtered.sql}) AS "__vf_cells"${groupBy}`;
  return { sql, schema: layout.outputSchema };
}

/** Numbers the distinct keys of `count` items in order of first appearance; `added` sees each first item. */
function numbering(count: number, keyOf: (i: number) => string, added: (i: number) => void): Int32Array {
  const ids = new Map<string, number>();
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const key = keyOf(i);
    let id = ids.get(key);
    if (id === undefined) {
      ids.set(key, (id = ids.size));
      added(i);
    }
    out[i] = id;
  }
  return out;
}

/** A value as a key part that tells apart every value an expression could (-0 from 0, types, milliseconds). */
function exactPart(v: unknown): string {
  if (v === null || v === undefined) return 'n';
  if (v instanceof Date) return `t${v.getTime()}`;
  if (typeof v === 'number') return Object.is(v, -0) ? 'd-0' : `d${v}`;
  if (typeof v === 'boolean') return v ? 'T' : 'F';
  return `s${String(v)}`;
}

/** A value as a group key part: equal where GROUP BY groups together (NaN with NaN, -0 with 0). */
function groupPart(v: unknown): string {
  return typeof v === 'number' && v === 0 ? 'd0' : exactPart(v);
}
