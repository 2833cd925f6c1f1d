import { tableFromIPC, tableToIPC, type Table } from 'apache-arrow';

/** Serializes an Arrow table as an IPC stream (the format tables travel in). */
export function encodeArrow(table: Table): Uint8Array {
  return tableToIPC(table, 'stream');
}

/** Reads an Arrow IPC stream or file. */
export function decodeArrow(bytes: Uint8Array): Table {
  return tableFromIPC(bytes);
}

/**
 * Converts an Arrow table into the row objects Vega works with: timestamps and dates
 * become JavaScript Dates, 64-bit integers become numbers.
 */
export function arrowToRows(table: Table): Record<string, unknown>[] {
  const fields = table.schema.fields;
  const columns = fields.map((f) => table.getChild(f.name));
  const kinds = fields.map((f) => f.type.toString());
  const rows: Record<string, unknown>[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const row: Record<string, unknown> = {};
    for (let c = 0; c < fields.length; c++) {
      row[fields[c].name] = toJs(columns[c]?.get(i), kinds[c]);
    }
    rows[i] = row;
  }
  return rows;
}

function toJs(value: unknown, kind: string): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (kind.startsWith('Timestamp') || kind.startsWith('Date')) {
    return new Date(typeof value === 'number' ? value : Number(value));
  }
  if (typeof value === 'object' && value !== null && 'toJSON' in value) {
    return (value as { toJSON(): unknown }).toJSON();
  }
  return value;
}
