/**
 * Parquet files as relations DuckDB reads in place (no copy into a table: a query reads
 * only the columns and row groups it needs, in parallel). Columns take the runtime's
 * representation: integers, decimals and floats become DOUBLE (Vega numbers are
 * doubles), timestamps and dates TIMESTAMP (UTC), enums and UUIDs VARCHAR, nested values
 * JSON. File order becomes the order column.
 */
import { DataError, QueryError } from '../../errors.js';
import type { SqlEngine } from '../duckdb.js';
import { ident, stringLiteral } from '../sql.js';
import { ORDER_COLUMN, type Relation, type Schema, type ValueType } from '../types.js';
import { checkColumnNames } from './rows-table.js';

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/;

const INTEGER = /^U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)$/;

function columnOf(name: string, duckType: string): { type: ValueType; sql: string; integral?: true } {
  const t = duckType.toUpperCase();
  const col = ident(name);
  if (INTEGER.test(t)) return { type: 'number', sql: `CAST(${col} AS DOUBLE)`, integral: true };
  if (NUMERIC.test(t)) return { type: 'number', sql: t === 'DOUBLE' ? col : `CAST(${col} AS DOUBLE)` };
  if (t === 'VARCHAR') return { type: 'string', sql: col };
  if (t.startsWith('ENUM') || t === 'UUID' || t.startsWith('TIME') && !t.startsWith('TIMESTAMP')) {
    return { type: 'string', sql: `CAST(${col} AS VARCHAR)` };
  }
  if (t === 'BOOLEAN') return { type: 'boolean', sql: col };
  if (t.startsWith('TIMESTAMP') || t === 'DATE') return { type: 'date', sql: `CAST(${col} AS TIMESTAMP)` };
  return { type: 'object', sql: `CAST(to_json(${col}) AS JSON)` };
}

export interface ParquetColumns {
  path: string;
  schema: Schema;
  /** SQL converting each of the file's columns to the runtime's representation. */
  exprs: string[];
  /** Rows in the file, from its metadata. */
  rows: number;
}

function parquetSource(path: string): string {
  return `read_parquet(${stringLiteral(path)}, file_row_number = true)`;
}

/** The columns of the Parquet file at `path`; throws DataError('bad_data') for a bad file. */
export async function describeParquet(engine: SqlEngine, path: string): Promise<ParquetColumns> {
  const source = parquetSource(path);
  let described: Record<string, unknown>[];
  let rows: number;
  try {
    described = await engine.queryRows(`DESCRIBE SELECT * EXCLUDE (file_row_number) FROM ${source}`);
    const [meta] = await engine.queryRows(`SELECT sum(num_rows) AS n FROM parquet_file_metadata(${stringLiteral(path)})`);
    rows = Number(meta?.n);
  } catch (cause) {
    const message = cause instanceof QueryError && cause.cause instanceof Error ? cause.cause.message : String(cause);
    throw new DataError('bad_data', `Cannot read Parquet data: ${message}`, { cause });
  }
  const columns = described.map((r) => ({ name: String(r.column_name), ...columnOf(String(r.column_name), String(r.column_type)) }));
  const schema: Schema = columns.map((c) => (c.integral ? { name: c.name, type: c.type, integral: true } : { name: c.name, type: c.type }));
  checkColumnNames(schema);
  return { path, schema, exprs: columns.map((c) => c.sql), rows };
}

/**
 * The relation reading a described Parquet file in place. `stamp` names the file's state
 * (size and modification time) in a comment, so that the SQL of two states differs: the
 * runtime shares results between identical statements. Fields in `emptyToNull` (a
 * "string" parse) read empty strings as null, as Vega's string coercion does.
 */
export function parquetRelation(columns: ParquetColumns, stamp: string, emptyToNull: ReadonlySet<string> = new Set()): Relation {
  const select = columns.schema.map((c, i) => {
    const sql = columns.exprs[i];
    return `${emptyToNull.has(c.name) ? `NULLIF(${sql}, '')` : sql} AS ${ident(c.name)}`;
  });
  select.push(`CAST(file_row_number AS DOUBLE) AS ${ident(ORDER_COLUMN)}`);
  return { sql: `SELECT ${select.join(', ')} FROM ${parquetSource(columns.path)} /* ${stamp.replace(/\*\//g, '')} */`, schema: columns.schema, inOrder: true, maxRows: columns.rows };
}

/**
 * Checks a `format.parse` against Parquet columns. Parquet has no reader in Vega, so only
 * parses that leave typed values unchanged (as Vega's coercions do: numbers stay numbers
 * under "number" or "date", booleans under "boolean", strings under "string" but for
 * empty ones) are accepted; returns the "string" fields (empty strings become null).
 * Others throw bad_data.
 */
export function parquetParse(schema: Schema, parse: unknown): Set<string> {
  const rewrites = new Set<string>();
  if (parse === undefined || parse === null || parse === false) return rewrites;
  if (parse === 'auto') {
    const strings = schema.filter((c) => c.type === 'string' || c.type === 'object');
    if (strings.length === 0) return rewrites;
    throw new DataError('bad_data', `parse "auto" over Parquet text columns (${strings.map((c) => c.name).join(', ')}) is not supported`);
  }
  if (typeof parse !== 'object' || Array.isArray(parse)) throw new DataError('bad_data', `Illegal format parse: ${JSON.stringify(parse)}`);
  for (const [field, type] of Object.entries(parse)) {
    const col = schema.find((c) => c.name === field);
    const ok = col && (
      ((type === 'number' || type === 'integer') && col.type === 'number')
      || (type === 'date' && (col.type === 'number' || col.type === 'date'))
      || (type === 'boolean' && col.type === 'boolean')
      || (type === 'string' && col.type === 'string'));
    if (!ok) {
      throw new DataError('bad_data', `parse ${JSON.stringify(type)} of field "${field}" (${col ? col.type : 'absent'}) is not supported for Parquet`);
    }
    if (type === 'string') rewrites.add(field);
  }
  return rewrites;
}
