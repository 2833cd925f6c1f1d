/**
 * Vega rows into a DuckDB table: ingestion as the dataflow does it (a primitive value
 * becomes `{data: value}`), schema inference, and the column names DuckDB can hold.
 */
import { DataError } from '../../errors.js';
import { inferSchemaInTurns, type SqlEngine } from '../duckdb.js';
import { columnList, ident } from '../sql.js';
import { ORDER_COLUMN, type Relation, type Row, type Schema } from '../types.js';

/** Vega's tuple ingestion: objects stay as they are, anything else is wrapped as `{data}`. */
export function ingestRows(values: readonly unknown[]): Row[] {
  return values.map((v) => (v !== null && (typeof v === 'object' || typeof v === 'function') ? v as Row : { data: v }));
}

/**
 * Refuses column names DuckDB cannot keep apart or hold: the empty name, the order
 * column, and names equal but for case (DuckDB identifiers are case-insensitive).
 */
export function checkColumnNames(schema: Schema): void {
  const seen = new Map<string, string>();
  for (const { name } of schema) {
    if (name === '') throw new DataError('bad_data', 'A data field with an empty name is not supported by the runtime');
    if (name.includes('\u0000')) throw new DataError('bad_data', `Data field name ${JSON.stringify(name)} contains a NUL character`);
    if (name === ORDER_COLUMN) throw new DataError('bad_data', `Data field name "${ORDER_COLUMN}" is reserved by the runtime`);
    const folded = name.toLowerCase();
    const other = seen.get(folded);
    if (other !== undefined) {
      throw new DataError('bad_data', `Data fields "${other}" and "${name}" differ only by case, which the runtime cannot keep apart`);
    }
    seen.set(folded, name);
  }
}

/**
 * The relation reading a source table (its columns in schema order plus the order column).
 * The table was filled in row order, and DuckDB keeps insertion order in a scan
 * (preserve_insertion_order), so it reads in order without a sort, as a file does.
 */
export function tableRelation(table: string, schema: Schema, rows: number): Relation {
  return { sql: `SELECT ${columnList(schema)} FROM ${ident(table)}`, schema, inOrder: true, maxRows: rows };
}

/** Creates `table` from Vega rows (already ingested) and returns its relation. */
export async function createRowsTable(engine: SqlEngine, table: string, rows: Row[], schema?: Schema): Promise<Relation> {
  const s = schema ?? await inferSchemaInTurns(rows);
  checkColumnNames(s);
  await engine.createTableFromRows(table, rows, s);
  return tableRelation(table, s, rows.length);
}
