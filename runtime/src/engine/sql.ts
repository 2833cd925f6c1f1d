/**
 * SQL text building. Identifiers and literals are always escaped here, so that no value
 * from a request can end a string or an identifier early.
 */
import { ORDER_COLUMN, type Column, type Relation, type ValueType } from './types.js';

/** Quotes an identifier for DuckDB. */
export function ident(name: string): string {
  if (name.includes('\u0000')) throw new Error('Identifier contains a NUL character');
  return `"${name.replace(/"/g, '""')}"`;
}

/** A SQL string literal. */
export function stringLiteral(value: string): string {
  if (value.includes('\u0000')) return `(${value.split('\u0000').map(stringLiteral).join(" || chr(0) || ")})`;
  return `'${value.replace(/'/g, "''")}'`;
}

/** A DOUBLE literal, NaN and infinities included. */
export function numberLiteral(value: number): string {
  if (Number.isNaN(value)) return "'NaN'::DOUBLE";
  if (value === Infinity) return "'Infinity'::DOUBLE";
  if (value === -Infinity) return "'-Infinity'::DOUBLE";
  // Object.is keeps -0 distinct. The text is cast from a string: DuckDB rounds that
  // correctly, while a numeric literal goes through DECIMAL and can come back an ulp off
  // (0.0033962412473479355 read as 0.003396241247347935).
  return `'${Object.is(value, -0) ? '-0' : String(value)}'::DOUBLE`;
}

/** A TIMESTAMP literal for an instant in ms since the epoch. */
export function timestampLiteral(ms: number): string {
  return `make_timestamp(${Math.round(ms * 1000)}::BIGINT)`;
}

/** A SQL literal for a JS value; `type` picks the SQL type of a null. */
export function literal(value: unknown, type: ValueType | 'unknown' = 'unknown'): string {
  if (value === null || value === undefined) return nullOf(type);
  if (typeof value === 'number') return numberLiteral(value);
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return timestampLiteral(value.getTime());
  if (typeof value === 'bigint') return numberLiteral(Number(value));
  return `${stringLiteral(JSON.stringify(value))}::JSON`;
}

/** The DuckDB type that represents a Vega value type. */
export function sqlType(type: ValueType | 'unknown'): string {
  switch (type) {
    case 'number': return 'DOUBLE';
    case 'string': return 'VARCHAR';
    case 'boolean': return 'BOOLEAN';
    case 'date': return 'TIMESTAMP';
    case 'object': return 'JSON';
    default: return 'DOUBLE';
  }
}

export function nullOf(type: ValueType | 'unknown'): string {
  return type === 'unknown' ? 'NULL' : `NULL::${sqlType(type)}`;
}

/** The Vega value type of a DuckDB column type. */
export function valueTypeOf(duckType: string): ValueType {
  const t = duckType.toUpperCase();
  if (t === 'VARCHAR' || t.startsWith('ENUM') || t === 'UUID') return 'string';
  if (t === 'BOOLEAN') return 'boolean';
  if (t.startsWith('TIMESTAMP') || t === 'DATE') return 'date';
  if (/^(DOUBLE|FLOAT|REAL|DECIMAL|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)/.test(t)) return 'number';
  return 'object';
}

/** `SELECT <columns...>, ORDER_COLUMN` list for a schema, optionally with a table prefix. */
export function columnList(schema: Column[], prefix = ''): string {
  const p = prefix ? `${prefix}.` : '';
  return [...schema.map((c) => `${p}${ident(c.name)}`), `${p}${ident(ORDER_COLUMN)}`].join(', ');
}

/** Wraps a relation as a subquery usable in FROM. */
export function from(rel: Relation, alias: string): string {
  return `(${rel.sql}) AS ${ident(alias)}`;
}

/** Replaces (or appends) a column in a schema, keeping Vega's field order. */
export function withColumn(schema: Column[], column: Column): Column[] {
  const i = schema.findIndex((c) => c.name === column.name);
  if (i < 0) return [...schema, column];
  const out = schema.slice();
  out[i] = column;
  return out;
}
