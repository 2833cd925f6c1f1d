/**
 * SQL dialects: how each engine spells the constructs that differ between them. What is
 * pushed to a database (see pushdown.ts) is compiled once to calls on a Dialect, and each
 * dialect renders them, so a next engine is a new Dialect and a new source, not a new
 * compiler. docs/sql-dialects.md lists the differences and why each rendering is exact.
 */

export type DialectName = 'duckdb' | 'postgresql';

export interface Dialect {
  readonly name: DialectName;
  /** A quoted identifier. */
  ident(name: string): string;
  /** A string literal (no value can end it early). */
  string(value: string): string;
  /** A double-precision literal, NaN and infinities included. */
  number(value: number): string;
  /** `x` as a double (integers, decimals). */
  double(x: string): string;
  /** True where double `x` is NaN (PostgreSQL has no isnan; NaN equals NaN there). */
  isNaN(x: string): string;
  /** a / b as doubles (PostgreSQL's `/` truncates integers). */
  divide(a: string, b: string): string;
  /** floor(a / b) as a double: Vega's bin index. */
  floorDivide(a: string, b: string): string;
  /** `x` compared as JavaScript compares strings (code points, not the database's locale). */
  jsStringOrder(x: string): string;
  /** a IS NOT DISTINCT FROM b, in the form the engine plans well. */
  notDistinct(a: string, b: string): string;
  /** A timestamp column's UTC instant in ms since the epoch, as a double. */
  epochMs(x: string): string;
  /** The wall-clock timestamp in IANA zone `tz` of the UTC instant held by naive timestamp `x`. */
  inZone(x: string, tz: string): string;
  /**
   * The aggregate that gives a group's first row in the source's order, to order groups
   * by first appearance as Vega does; `order` is the order column where the relation has
   * one, else null (a PostgreSQL table's physical order: its ctid).
   */
  firstAppearance(order: string | null): string;
  /**
   * SET statements of a read-only transaction that stops after `timeoutMs`; with `ordered`,
   * a scan returns rows in the table's order (a read of rows, not of order-free groups).
   */
  sessionSettings(timeoutMs: number, ordered: boolean): string[];
}

function quote(name: string): string {
  if (name.includes('\u0000')) throw new Error('Identifier contains a NUL character');
  return `"${name.replace(/"/g, '""')}"`;
}

function stringLit(value: string): string {
  if (value.includes('\u0000')) throw new Error('String literal contains a NUL character');
  return `'${value.replace(/'/g, "''")}'`;
}

function numberLit(value: number, type: string): string {
  if (Number.isNaN(value)) return `'NaN'::${type}`;
  if (value === Infinity) return `'Infinity'::${type}`;
  if (value === -Infinity) return `'-Infinity'::${type}`;
  return Object.is(value, -0) ? `'-0'::${type}` : `(${String(value)})::${type}`;
}

export const DUCKDB_DIALECT: Dialect = {
  name: 'duckdb',
  ident: quote,
  string: stringLit,
  number: (v) => numberLit(v, 'DOUBLE'),
  double: (x) => `CAST(${x} AS DOUBLE)`,
  isNaN: (x) => `isnan(${x})`,
  divide: (a, b) => `(CAST(${a} AS DOUBLE) / ${b})`,
  floorDivide: (a, b) => `floor(CAST(${a} AS DOUBLE) / ${b})`,
  // DuckDB compares strings byte by byte (UTF-8): code point order.
  jsStringOrder: (x) => x,
  notDistinct: (a, b) => `(${a} IS NOT DISTINCT FROM ${b})`,
  epochMs: (x) => `CAST(epoch_ms(${x}) AS DOUBLE)`,
  inZone: (x, tz) => `timezone(${stringLit(tz)}, timezone('UTC', ${x}))`,
  firstAppearance: (order) => `min(${order ?? '"__vf_order"'})`,
  sessionSettings: () => [],
};

export const POSTGRES_DIALECT: Dialect = {
  name: 'postgresql',
  ident: quote,
  string: stringLit,
  number: (v) => numberLit(v, 'float8'),
  double: (x) => `(${x})::float8`,
  isNaN: (x) => `(${x} = 'NaN'::float8)`,
  divide: (a, b) => `((${a})::float8 / ${b})`,
  floorDivide: (a, b) => `floor((${a})::float8 / ${b})`,
  jsStringOrder: (x) => `(${x} COLLATE "C")`,
  // PostgreSQL cannot hash or merge-join on IS NOT DISTINCT FROM; the OR form it can.
  notDistinct: (a, b) => `(${a} = ${b} OR (${a} IS NULL AND ${b} IS NULL))`,
  epochMs: (x) => `(extract(epoch FROM ${x}) * 1000)::float8`,
  inZone: (x, tz) => `((${x} AT TIME ZONE 'UTC') AT TIME ZONE ${stringLit(tz)})`,
  firstAppearance: (order) => `min(${order ?? 'ctid'})`,
  sessionSettings: (timeoutMs, ordered) => [
    `SET LOCAL statement_timeout = ${Math.max(1, Math.floor(timeoutMs))}`,
    "SET LOCAL TimeZone = 'UTC'",
    // A parallel or synchronized scan returns rows out of the table's physical order;
    // groups ordered by min(ctid) and extents do not depend on it, and may run in parallel.
    ...(ordered ? ['SET LOCAL max_parallel_workers_per_gather = 0', 'SET LOCAL synchronize_seqscans = off'] : []),
  ],
};

export const DIALECTS: Readonly<Record<DialectName, Dialect>> = { duckdb: DUCKDB_DIALECT, postgresql: POSTGRES_DIALECT };
