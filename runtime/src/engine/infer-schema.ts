/**
 * The Vega value type of each field over rows, in first-appearance order, read in one
 * go (inferSchema) or a block of rows at a time between turns of the event loop
 * (inferSchemaInTurns), for the rows of a large file or of large inline values.
 */
import { nextTurn } from './turns.js';
import type { Column, Row, Schema, ValueType } from './types.js';

/** Rows whose types are read between turns of the event loop. */
export const SCHEMA_ROWS_PER_TURN = 32_768;

/** What the rows read so far say of their fields. */
interface Inference {
  types: Map<string, ValueType | 'null'>;
  present: Map<string, number>;
  explicitNull: Set<string>;
}

function readRows(into: Inference, rows: Row[], from: number, to: number): void {
  const { types, present, explicitNull } = into;
  for (let i = from; i < to; i++) {
    for (const [k, v] of Object.entries(rows[i])) {
      const t = typeOfValue(v);
      if (v !== undefined) present.set(k, (present.get(k) ?? 0) + 1);
      if (v === null) explicitNull.add(k);
      const prev = types.get(k);
      if (prev === undefined || prev === 'null') types.set(k, t);
      else if (t !== 'null' && t !== prev) types.set(k, 'object');
    }
  }
}

function schemaOf({ types, present, explicitNull }: Inference, rowCount: number): Schema {
  return [...types].map(([name, t]) => {
    const column: Column = { name, type: t === 'null' ? 'number' : t };
    if ((present.get(name) ?? 0) < rowCount && !explicitNull.has(name)) column.nulls = 'absent';
    return column;
  });
}

const emptyInference = (): Inference => ({ types: new Map(), present: new Map(), explicitNull: new Set() });

/**
 * Infers the Vega value type of each field over rows, in first-appearance order. A field
 * that some rows lack (or hold as undefined) and none holds as null is marked `absent`,
 * so that readers can give those rows no such field, as Vega has them.
 */
export function inferSchema(rows: Row[]): Schema {
  const inference = emptyInference();
  readRows(inference, rows, 0, rows.length);
  return schemaOf(inference, rows.length);
}

/** inferSchema, reading SCHEMA_ROWS_PER_TURN rows between turns of the event loop. */
export async function inferSchemaInTurns(rows: Row[]): Promise<Schema> {
  const inference = emptyInference();
  for (let from = 0; from < rows.length; from += SCHEMA_ROWS_PER_TURN) {
    if (from > 0) await nextTurn();
    readRows(inference, rows, from, Math.min(rows.length, from + SCHEMA_ROWS_PER_TURN));
  }
  return schemaOf(inference, rows.length);
}

function typeOfValue(v: unknown): ValueType | 'null' {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (v instanceof Date) return 'date';
  return 'object';
}
