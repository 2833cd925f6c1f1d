import { Field, RecordBatch, Schema, Table, tableFromIPC, tableToIPC } from 'apache-arrow';

/**
 * Field metadata key naming how a column's values are represented. `json`: each value is
 * the JSON text of a JavaScript value (a column that mixes types, or holds objects and
 * arrays), to be parsed back into that value by the reader.
 */
export const VALUE_ENCODING_KEY = 'vegafusion:encoding';

/**
 * Field metadata key naming what a null stands for in a column, when not `null`:
 * `absent` (the row has no such field) or `undefined` (the field holds undefined).
 */
export const NULL_MEANING_KEY = 'vegafusion:null';

export type NullMeaning = 'absent' | 'undefined';

/** Serializes an Arrow table as an IPC stream (the format tables travel in). */
export function encodeArrow(table: Table): Uint8Array {
  return tableToIPC(table, 'stream');
}

/** Reads an Arrow IPC stream or file. */
export function decodeArrow(bytes: Uint8Array): Table {
  return tableFromIPC(bytes);
}

/**
 * Marks the Utf8 columns `names` of `table` as holding JSON text (see VALUE_ENCODING_KEY),
 * so that `arrowToRows` gives back the values rather than their text.
 */
export function markJsonColumns(table: Table, names: Iterable<string>): Table {
  return withFieldMetadata(table, new Map([...names].map((n) => [n, [VALUE_ENCODING_KEY, 'json']])));
}

/** Marks what nulls stand for in the columns of `meanings` (see NULL_MEANING_KEY). */
export function markColumnNulls(table: Table, meanings: ReadonlyMap<string, NullMeaning>): Table {
  return withFieldMetadata(table, new Map([...meanings].map(([n, m]) => [n, [NULL_MEANING_KEY, m]])));
}

function withFieldMetadata(table: Table, entries: ReadonlyMap<string, [string, string]>): Table {
  if (entries.size === 0) return table;
  const fields = table.schema.fields.map((f) => {
    const entry = entries.get(f.name);
    return entry ? new Field(f.name, f.type, f.nullable, new Map([...f.metadata, entry])) : f;
  });
  const schema = new Schema(fields, table.schema.metadata);
  return new Table(schema, table.batches.map((b) => new RecordBatch(schema, b.data)));
}

/**
 * Converts an Arrow table into the row objects Vega works with: timestamps and dates
 * become JavaScript Dates, 64-bit integers become numbers, JSON-encoded columns their values,
 * and a null of a column marked with NULL_MEANING_KEY an absent field or undefined.
 */
export function arrowToRows(table: Table): Record<string, unknown>[] {
  const fields = table.schema.fields;
  const columns = fields.map((f) => table.getChild(f.name));
  const kinds = fields.map((f) => (f.metadata.get(VALUE_ENCODING_KEY) === 'json' ? 'json' : f.type.toString()));
  const nulls = fields.map((f) => f.metadata.get(NULL_MEANING_KEY));
  const rows: Record<string, unknown>[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const row: Record<string, unknown> = {};
    for (let c = 0; c < fields.length; c++) {
      const value = toJs(columns[c]?.get(i), kinds[c]);
      if (value !== null || nulls[c] === undefined) row[fields[c].name] = value;
      else if (nulls[c] === 'undefined') row[fields[c].name] = undefined;
      // 'absent': the row gets no such field, as in Vega.
    }
    rows[i] = row;
  }
  return rows;
}

function toJs(value: unknown, kind: string): unknown {
  if (value === null || value === undefined) return null;
  if (kind === 'json') return typeof value === 'string' ? JSON.parse(value) as unknown : value;
  if (typeof value === 'bigint') return Number(value);
  if (kind.startsWith('Timestamp') || kind.startsWith('Date')) {
    return new Date(typeof value === 'number' ? value : Number(value));
  }
  if (typeof value === 'object' && value !== null && 'toJSON' in value) {
    return (value as { toJSON(): unknown }).toJSON();
  }
  return value;
}
