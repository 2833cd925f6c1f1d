/**
 * Values on the wire: what the client sends for its own signals and datasets, and what
 * it makes of the runtime's answers (Arrow IPC tables, extended-JSON scalars).
 */
import {
  arrowToRows, decodeArrow, decodeJsonValue, encodeArrow, encodeJsonValue, type ITaskValue,
} from '@vegafusion-ts/proto';
import { Bool, DateMillisecond, Float64, Table, Utf8, vectorFromArray, type DataType, type Vector } from 'apache-arrow';
import { ClientError } from './errors.js';

/** How the client sends its datasets: JSON always, Arrow always (flat columns), or Arrow past a size. */
export type DatasetEncoding = 'json' | 'arrow' | 'auto';

/** Rows at which `auto` switches to Arrow. */
export const AUTO_ARROW_ROWS = 1000;

/** A signal value as a task value. */
export function encodeSignalValue(value: unknown): ITaskValue {
  return { json: encodeJsonValue(value) };
}

/** A dataset's rows as a task value. Nested values force JSON, whatever `encoding` says. */
export function encodeDatasetValue(rows: object[], encoding: DatasetEncoding = 'json'): ITaskValue {
  const wantArrow = encoding === 'arrow' || (encoding === 'auto' && rows.length >= AUTO_ARROW_ROWS);
  if (wantArrow) {
    const bytes = rowsToArrow(rows);
    if (bytes) return { arrow: bytes };
  }
  return { json: encodeJsonValue(rows) };
}

type ColumnKind = 'number' | 'string' | 'boolean' | 'date';

function kindOf(value: unknown): ColumnKind | null | undefined {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (value instanceof Date) return 'date';
  return undefined; // nested or exotic: Arrow would not round-trip it
}

const arrowTypes: Record<ColumnKind, () => DataType> = {
  number: () => new Float64(),
  string: () => new Utf8(),
  boolean: () => new Bool(),
  date: () => new DateMillisecond(),
};

/** Flat rows of one type per column as an Arrow IPC stream; null when they are not flat. */
function rowsToArrow(rows: object[]): Uint8Array | null {
  const names: string[] = [];
  const kinds = new Map<string, ColumnKind | null>();
  for (const row of rows) {
    for (const [name, value] of Object.entries(row)) {
      const kind = kindOf(value);
      if (kind === undefined) return null;
      if (!kinds.has(name)) {
        kinds.set(name, kind);
        names.push(name);
      } else if (kind !== null) {
        const seen = kinds.get(name);
        if (seen === null) kinds.set(name, kind);
        else if (seen !== kind) return null;
      }
    }
  }
  const columns: Record<string, Vector> = {};
  for (const name of names) {
    const type = arrowTypes[kinds.get(name) ?? 'string']();
    const values = rows.map((r) => (r as Record<string, unknown>)[name] ?? null);
    columns[name] = vectorFromArray(values, type);
  }
  return encodeArrow(new Table(columns));
}

/** A task value from the runtime as a JavaScript value: rows for a table, the value for JSON. */
export function decodeTaskValue(value: ITaskValue | null | undefined, what: string): unknown {
  try {
    if (value?.arrow && value.arrow.length > 0) return arrowToRows(decodeArrow(value.arrow));
    if (value?.json !== undefined && value.json !== null && value.json !== '') return decodeJsonValue(value.json);
  } catch (cause) {
    throw new ClientError('bad_value', `Cannot decode the runtime's value for ${what}: ${(cause as Error).message}`, { cause });
  }
  return undefined;
}
