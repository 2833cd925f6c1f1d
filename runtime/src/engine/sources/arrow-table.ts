/**
 * Arrow IPC bytes as Vega rows. Values are what apache-arrow's `get` returns (as Vega's
 * arrow reader exposes them), except that 64-bit integers and decimals become numbers
 * (Vega numbers are doubles) and nested values become plain JSON-able values. Timestamps
 * and dates are numbers (ms) as Vega's arrow reader gives them, or Dates for tables that
 * stand for typed client or uploaded data.
 */
import { DataType, tableFromIPC, type Field, type Table, type Vector } from 'apache-arrow';
import { DataError } from '../../errors.js';
import type { Row, Schema, ValueType } from '../types.js';

export interface ArrowRows {
  rows: Row[];
  schema: Schema;
}

export type TimestampMode = 'number' | 'date';

/** Decodes IPC (stream or file) bytes; throws DataError('bad_data') when they are not Arrow. */
export function decodeArrow(bytes: Uint8Array): Table {
  let table: Table;
  try {
    table = tableFromIPC(bytes);
  } catch (cause) {
    throw new DataError('bad_data', `Cannot read Arrow IPC data: ${(cause as Error).message}`, { cause });
  }
  // apache-arrow reads bytes without a schema message as an empty table.
  if (table.schema.fields.length === 0) throw new DataError('bad_data', 'Arrow IPC data holds no schema (or is not Arrow data)');
  return table;
}

function columnType(type: DataType, timestamps: TimestampMode): ValueType {
  if (DataType.isDictionary(type)) return columnType(type.dictionary, timestamps);
  if (DataType.isInt(type) || DataType.isFloat(type) || DataType.isDecimal(type)) return 'number';
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type)) return 'string';
  if (DataType.isBool(type)) return 'boolean';
  if (DataType.isTimestamp(type) || DataType.isDate(type)) return timestamps;
  return 'object';
}

/** A value from an Arrow vector as a plain JS value (numbers for bigints, arrays, objects). */
function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v === null || v === undefined || typeof v !== 'object') return v;
  if (v instanceof Date) return v;
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<unknown>, plain);
  const json = (v as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') return plain(json.call(v));
  if (Array.isArray(v)) return v.map(plain);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = plain(x);
  return out;
}

function decimalValue(v: unknown, scale: number): number | null {
  if (v === null || v === undefined) return null;
  return Number(String(v)) / 10 ** scale;
}

function reader(field: Field, vector: Vector, type: ValueType): (i: number) => unknown {
  const t = DataType.isDictionary(field.type) ? field.type.dictionary : field.type;
  if (DataType.isDecimal(t)) return (i) => decimalValue(vector.get(i), t.scale);
  if (type === 'date') return (i) => { const v = vector.get(i); return v === null ? null : new Date(Number(v)); };
  if (type === 'object') return (i) => plain(vector.get(i));
  return (i) => { const v = vector.get(i); return typeof v === 'bigint' ? Number(v) : v; };
}

/** The runtime's schema of an Arrow table. */
export function arrowSchema(table: Table, timestamps: TimestampMode): Schema {
  return table.schema.fields.map((f) => {
    const type = columnType(f.type, timestamps);
    // Integers stay whole numbers as JS numbers (64-bit ones rounded to another whole number).
    return DataType.isInt(f.type) && type === 'number' ? { name: f.name, type, integral: true } : { name: f.name, type };
  });
}

/** Reads column `column` of `vector`'s table (or record batch) value by value, as `arrowRows` does. */
export function arrowValueAt(table: Table, schema: Schema): (vector: Vector, column: number) => (i: number) => unknown {
  return (vector, column) => reader(table.schema.fields[column], vector, schema[column].type);
}

/** Rows and schema of an Arrow table. */
export function arrowRows(table: Table, timestamps: TimestampMode): ArrowRows {
  const fields = table.schema.fields;
  const schema = arrowSchema(table, timestamps);
  const valueAt = arrowValueAt(table, schema);
  const readers = fields.map((_, c) => valueAt(table.getChildAt(c) as Vector, c));
  const n = table.numRows;
  const rows: Row[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const row: Row = {};
    for (let c = 0; c < fields.length; c++) row[schema[c].name] = readers[c](i);
    rows[i] = row;
  }
  return { rows, schema };
}
