/**
 * The last step of every evaluation: the relation's rows in Vega order, as Arrow (for
 * the wire and the cache) or as Vega rows (for helper queries and tests).
 */
import {
  Bool, DataType, Float64, Int16, Int32, Int8, Table, TimestampMillisecond, Utf8, makeData, makeTable, makeVector, vectorFromArray, type Vector,
} from 'apache-arrow';
import { markColumnNulls, markJsonColumns, type NullMeaning } from '@vegafusion-ts/proto';
import { columnValues, intArrayFor, type IntArray, type SqlEngine } from './duckdb.js';
import { from, ident } from './sql.js';
import { QueryError } from '../errors.js';
import { ORDER_COLUMN, type Column, type Relation, type Row, type Schema, type ValueType } from './types.js';

/** The columns of `schema`, or the `columns` subset. */
function selected(schema: Schema, columns?: readonly string[]): Schema {
  return columns && columns.length > 0 ? schema.filter((c) => columns.includes(c.name)) : schema;
}

/**
 * SELECT of the relation's columns (or the `columns` subset) in Vega row order; the
 * `ints` columns cast to INTEGER.
 */
export function orderedSelect(relation: Relation, columns?: readonly string[], ints?: ReadonlySet<string>): { sql: string; schema: Schema } {
  const schema = selected(relation.schema, columns);
  const list = schema.map((c) => (ints?.has(c.name) ? `CAST(${ident(c.name)} AS INTEGER) AS ${ident(c.name)}` : ident(c.name))).join(', ') || '1 AS "__vf_empty"';
  return {
    sql: `SELECT ${list} FROM ${from(relation, 'out')}${relation.inOrder ? '' : ` ORDER BY ${ident(ORDER_COLUMN)}`}`,
    schema,
  };
}

/**
 * Number columns of whole numbers (Column.integral: values read untouched from an integer
 * column of the source) are read as 32-bit integers: DuckDB hands over half the bytes and
 * nothing needs checking for fractions (at 1M rows of two columns, 20 ms less). A value
 * beyond 32 bits fails the cast: the query runs again without casts, and the columns that
 * did not fit are remembered here and read as DOUBLE from then on.
 */
const WIDE = new WeakSet<Column>();

function narrowed(schema: Schema): Set<string> {
  return new Set(schema.filter((c) => c.type === 'number' && c.integral && !WIDE.has(c)).map((c) => c.name));
}

/** Evaluates the relation into an Arrow table (columns typed by the Vega schema). */
export async function queryArrow(
  engine: SqlEngine, relation: Relation, columns?: readonly string[], signal?: AbortSignal,
): Promise<Table> {
  const { sql, schema } = orderedSelect(relation, columns);
  if (schema.length === 0) return new Table();
  const vectors: Record<string, Vector> = {};
  if (engine.queryColumns) {
    const ints = narrowed(schema);
    let out;
    let retried = false;
    try {
      out = await engine.queryColumns(ints.size > 0 ? orderedSelect(relation, columns, ints).sql : sql, signal);
    } catch (error) {
      if (ints.size === 0 || !(error instanceof QueryError) || !/Conversion Error.*INT32/s.test(error.message)) throw error;
      out = await engine.queryColumns(sql, signal);
      retried = true;
    }
    schema.forEach((col, i) => {
      const data = out.columns[i] ?? { kind: 'js', values: [] };
      // Numbers straight from the engine's buffers: no JS value per cell.
      vectors[col.name] = data.kind === 'double' && col.type === 'number'
        ? numberVector(data.values, data.valid, data.nulls)
        : data.kind === 'int' && col.type === 'number'
          ? intVector(data.values, data.valid, data.nulls)
          : toVector(columnValues(data), col.type);
      // The columns that did not fit in 32 bits (the cast does not say which one failed).
      if (retried && ints.has(col.name) && DataType.isFloat(vectors[col.name].type)) WIDE.add(col);
    });
  } else {
    const out = await engine.query(sql, signal);
    schema.forEach((col, i) => {
      vectors[col.name] = toVector(out.columns[i] ?? [], col.type);
    });
  }
  const table = makeTable(vectors as never) as unknown as Table;
  // Mixed-type and nested columns travel as JSON text; the field says so, and readers parse it.
  const json = markJsonColumns(table, schema.filter((c) => c.type === 'object').map((c) => c.name));
  return markColumnNulls(json, new Map(schema.filter((c) => c.nulls).map((c) => [c.name, c.nulls as NullMeaning])));
}

/**
 * Rows computed without the engine (numbers, strings, booleans and nulls, of the Vega
 * schema `schema`) as the Arrow table queryArrow gives for the same rows: the same
 * column selection, number columns as numberVector makes them.
 */
export function arrowFromRows(rows: readonly Row[], schema: Schema, columns?: readonly string[]): Table {
  const cols = selected(schema, columns);
  if (cols.length === 0) return new Table();
  const vectors: Record<string, Vector> = {};
  for (const col of cols) {
    if (col.type !== 'number') {
      vectors[col.name] = toVector(rows.map((r) => r[col.name]), col.type);
      continue;
    }
    const values = new Float64Array(rows.length);
    let valid: Uint8Array | undefined;
    let nulls = 0;
    rows.forEach((r, i) => {
      const v = r[col.name];
      if (v === null || v === undefined) {
        valid ??= new Uint8Array(Math.ceil(rows.length / 8)).fill(0xff);
        valid[i >> 3] &= ~(1 << (i & 7));
        nulls++;
      } else values[i] = typeof v === 'number' ? v : Number(v);
    });
    vectors[col.name] = numberVector(values, valid, nulls);
  }
  return makeTable(vectors as never) as unknown as Table;
}

/** Evaluates the relation into Vega rows. */
export async function queryRowsOf(engine: SqlEngine, relation: Relation, signal?: AbortSignal): Promise<Row[]> {
  const { sql, schema } = orderedSelect(relation);
  const out = await engine.query(sql, signal);
  const n = out.columns[0]?.length ?? 0;
  const rows: Row[] = new Array(n);
  for (let r = 0; r < n; r++) {
    const row: Row = {};
    schema.forEach((col, c) => { row[col.name] = fromSql(out.columns[c][r], col.type); });
    rows[r] = row;
  }
  return schema.length === 0 ? [] : rows;
}

/**
 * A number column as Arrow, in the narrowest type that holds every value exactly: whole
 * numbers (not -0) as 8, 16 or 32-bit integers, which read back as the same JS numbers,
 * anything else as Float64. A 1M-point scatter of integer fields sends a quarter of the bytes.
 */
export function numberVector(values: Float64Array, valid: Uint8Array | undefined, nulls: number): Vector {
  const narrow = integerArray(values, valid);
  if (!narrow) return makeVector(makeData({ type: new Float64(), length: values.length, nullCount: nulls, data: values, nullBitmap: valid }));
  // Converted natively; a NULL's slot may hold anything, and its bit says it is NULL.
  const data = new narrow(values.length);
  data.set(values);
  return intVector(data, valid, nulls);
}

/** The narrowest integer array type holding every valid value of `values` exactly, if any. */
function integerArray(values: Float64Array, valid: Uint8Array | undefined) {
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < values.length; i++) {
    // A NULL's slot holds anything: skipped.
    if (valid && (valid[i >> 3] & (1 << (i & 7))) === 0) continue;
    const v = values[i];
    // `v | 0` is v only for whole numbers in 32-bit range (not NaN, infinities, fractions); -0 passes it.
    if ((v | 0) !== v || (v === 0 && 1 / v < 0)) return undefined;
    if (v < lo) lo = v;
    else if (v > hi) hi = v;
  }
  return intArrayFor(lo, hi);
}

/** A column of whole numbers, already in the narrowest integer array, as Arrow. */
export function intVector(values: IntArray, valid: Uint8Array | undefined, nulls: number): Vector {
  const type = values instanceof Int8Array ? new Int8() : values instanceof Int16Array ? new Int16() : new Int32();
  return makeVector(makeData({ type: type as never, length: values.length, nullCount: nulls, data: values as never, nullBitmap: valid }));
}

function arrowType(type: ValueType): DataType {
  switch (type) {
    case 'number': return new Float64();
    case 'boolean': return new Bool();
    case 'date': return new TimestampMillisecond();
    default: return new Utf8();
  }
}

function toVector(values: unknown[], type: ValueType): Vector {
  const converted = values.map((v) => {
    if (v === null || v === undefined) return null;
    switch (type) {
      case 'number': return typeof v === 'number' ? v : Number(v);
      case 'boolean': return Boolean(v);
      case 'date': return v instanceof Date ? v.getTime() : Number(v);
      case 'string': return String(v);
      default: return typeof v === 'string' ? v : JSON.stringify(v);
    }
  });
  return vectorFromArray(converted, arrowType(type) as never) as Vector;
}

/** A value read from DuckDB as the JS value Vega would hold. */
export function fromSql(v: unknown, type: ValueType): unknown {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'number': return typeof v === 'number' ? v : Number(v);
    case 'date': return v instanceof Date ? v : new Date(Number(v));
    case 'object': return typeof v === 'string' ? JSON.parse(v) : v;
    default: return typeof v === 'bigint' ? Number(v) : v;
  }
}
