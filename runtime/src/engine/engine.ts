/**
 * The face of the SQL engine: what the graph, the sources, the indexes and the renderer ask
 * of it, whatever runs the statements. DuckDB (duckdb.ts) is the engine the runtime
 * evaluates with; database sources (providers/) push what they compute exactly to their
 * own engine through a Dialect and hand the rest to this one. A statement given an
 * AbortSignal is interrupted when the signal aborts (and never starts if it aborted while
 * waiting for a connection); it then rejects with a CancelledError. A failing statement
 * rejects with a QueryError carrying its SQL.
 */
import type { Table as ArrowTable } from 'apache-arrow';
import type { ValueAt } from './arrow-ingest.js';
import type { Row, Schema } from './types.js';

export interface QueryOutput {
  names: string[];
  types: string[];
  /** Column-major JS values (numbers, strings, booleans, Dates, bigint, null). */
  columns: unknown[][];
}

/**
 * A result column: DOUBLE and INTEGER columns from the engine's buffers (values, and a
 * validity bitmap in Arrow's layout, absent when nothing is NULL), others as JS values.
 */
export type ColumnData =
  | { kind: 'double'; values: Float64Array; valid?: Uint8Array; nulls: number }
  /** Whole numbers, in the narrowest integer array that holds every valid value. */
  | { kind: 'int'; values: Int8Array | Int16Array | Int32Array; valid?: Uint8Array; nulls: number }
  | { kind: 'js'; values: unknown[] };

export interface ColumnarOutput {
  names: string[];
  types: string[];
  rows: number;
  columns: ColumnData[];
}

/** What the engine is doing, for metrics and tests. */
export interface EngineStats {
  /** Connections in the pool. */
  connections: number;
  /** Connections running a statement now. */
  busy: number;
  /** Statements waiting for a free connection. */
  waiting: number;
  /** Statements stopped in DuckDB because their signal aborted. */
  interrupted: number;
  /** Connections replaced because a statement ran on past its interrupt's grace. */
  recycled?: number;
  /** Of those, the ones whose statement still runs (closed once it ends). */
  retiring?: number;
}

/**
 * The SQL engine the runtime evaluates with; an interface so a test can count calls. A
 * statement given an AbortSignal is interrupted in the engine when the signal aborts (and
 * never starts if it aborted while waiting for a connection); it then rejects with a
 * CancelledError.
 */
export interface SqlEngine {
  query(sql: string, signal?: AbortSignal): Promise<QueryOutput>;
  queryRows(sql: string, signal?: AbortSignal): Promise<Row[]>;
  /** Like query, with DOUBLE columns copied as typed arrays (large results without a JS value per cell). */
  queryColumns?(sql: string, signal?: AbortSignal): Promise<ColumnarOutput>;
  exec(sql: string, signal?: AbortSignal): Promise<void>;
  /** Creates (or replaces) a table from Vega rows with the given schema and an order column. */
  createTableFromRows(name: string, rows: Row[], schema: Schema): Promise<void>;
  /**
   * Creates (or replaces) a table from an Arrow table with the given schema (one column
   * per Arrow column, in order) and an order column, copied column by column; `valueAt`
   * reads the columns that are not copied directly. Absent: callers go through rows.
   */
  createTableFromArrow?(name: string, table: ArrowTable, schema: Schema, valueAt: ValueAt): Promise<void>;
  close(): Promise<void>;
  stats?(): EngineStats;
}
