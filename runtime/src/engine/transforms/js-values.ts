/**
 * SQL that reproduces JavaScript value semantics the reshape transforms depend on: number
 * coercion (`+v`), Vega's `ascending` comparator, and the string keys Vega groups and
 * indexes by (`String(v)`, `JSON.stringify`). Columns are typed (see types.ts), so each
 * helper switches on the Vega value type of its operand.
 */
import { splitAccessPath } from 'vega-util';
import { RuntimeError, TransformError } from '../../errors.js';
import { fieldName, resolveField } from '../pipeline.js';
import { ident, literal, sqlType } from '../sql.js';
import type { Column, Schema, ValueType } from '../types.js';

/** `+v` for a non-null value; NULL stays NULL (callers decide what null means). */
export function toNumberSql(sql: string, type: ValueType): string {
  switch (type) {
    case 'number': return sql;
    case 'boolean': return `CAST(${sql} AS DOUBLE)`;
    case 'date': return `CAST(epoch_ms(${sql}) AS DOUBLE)`;
    case 'string': return stringToNumber(sql);
    default:
      // JSON: numbers and booleans convert, strings parse, null stays null, [] is 0, other
      // containers are NaN (an array of one number converts, but that is rare enough to skip).
      return `CASE json_type(${sql}) WHEN 'NULL' THEN NULL
        WHEN 'BOOLEAN' THEN CAST(CAST(${sql} AS BOOLEAN) AS DOUBLE)
        WHEN 'VARCHAR' THEN ${stringToNumber(`(${sql} ->> '$')`)}
        WHEN 'ARRAY' THEN CASE WHEN json_array_length(${sql}) = 0 THEN 0.0 ELSE 'NaN'::DOUBLE END
        WHEN 'OBJECT' THEN 'NaN'::DOUBLE
        ELSE TRY_CAST(CAST(${sql} AS VARCHAR) AS DOUBLE) END`;
  }
}

/** JavaScript's Number(string): blank is 0, unparsable is NaN. */
function stringToNumber(sql: string): string {
  const t = `trim(${sql}, ' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13))`;
  return `CASE WHEN ${sql} IS NULL THEN NULL WHEN ${t} = '' THEN 0.0
    WHEN regexp_full_match(${t}, '[+-]?(Infinity|[0-9]+\\.?[0-9]*([eE][+-]?[0-9]+)?|\\.[0-9]+([eE][+-]?[0-9]+)?)')
      THEN CAST(replace(${t}, 'Infinity', 'inf') AS DOUBLE)
    ELSE 'NaN'::DOUBLE END`;
}

/** TRUE when a non-null number is NaN (FALSE for other types, which hold no NaN). */
export function isNaNSql(sql: string, type: ValueType): string {
  return type === 'number' ? `isnan(${sql})` : 'FALSE';
}

/**
 * ORDER BY terms that sort like vega-util's `ascending` (or its negation): null first,
 * then NaN, then values; descending reverses the whole order.
 */
export function vegaOrderTerms(sql: string, type: ValueType, descending: boolean): string[] {
  const dir = descending ? 'DESC' : 'ASC';
  const rank = type === 'number'
    ? `(CASE WHEN ${sql} IS NULL THEN 0 WHEN isnan(${sql}) THEN 1 ELSE 2 END)`
    : `(CASE WHEN ${sql} IS NULL THEN 0 ELSE 2 END)`;
  const value = type === 'object' ? `CAST(${sql} AS VARCHAR)` : sql;
  return [`${rank} ${dir}`, `${value} ${dir} NULLS FIRST`];
}

/**
 * A SQL value equal for two values exactly when `String(a) === String(b)` would be (within
 * one column type): numbers merge -0 with 0 and NaN with NaN, dates compare by the second
 * (Date#toString drops milliseconds), null becomes `nullKey` for strings.
 */
export function stringKeySql(sql: string, type: ValueType, nullKey: 'null' | ''): string {
  switch (type) {
    case 'number': return `(${sql} + 0.0)`;
    case 'date': return `floor(epoch_ms(${sql}) / 1000)`;
    case 'string': return `COALESCE(${sql}, ${literal(nullKey)})`;
    case 'object': return `CAST(${sql} AS VARCHAR)`;
    default: return sql;
  }
}

/** A JS value's `String(v)` key in the same sense as stringKeySql, computed in JavaScript. */
export function stringKeyOf(v: unknown): string {
  if (v instanceof Date) return `\u0000date:${Math.floor(v.getTime() / 1000)}`;
  if (typeof v === 'number' && Object.is(v, -0)) return '0';
  return String(v);
}

/**
 * A key equal for two values exactly when `JSON.stringify` would be: NaN and infinities
 * stringify as null, dates by their ISO instant.
 */
export function jsonKeySql(sql: string, type: ValueType): string {
  if (type === 'number') return `(CASE WHEN isfinite(${sql}) THEN ${sql} + 0.0 END)`;
  if (type === 'object') return `CAST(${sql} AS VARCHAR)`;
  return sql;
}

/** The Vega type of a JavaScript value (null/undefined: 'unknown'). */
export function typeOfJs(v: unknown): ValueType | 'unknown' {
  if (v === null || v === undefined) return 'unknown';
  if (typeof v === 'number' || typeof v === 'bigint') return 'number';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  if (v instanceof Date) return 'date';
  return 'object';
}

/** The column type that holds values of all the given types (JSON when they differ). */
export function unifyTypes(types: (ValueType | 'unknown')[], fallback: ValueType = 'number'): ValueType {
  const known = [...new Set(types.filter((t): t is ValueType => t !== 'unknown'))];
  if (known.length === 0) return fallback;
  return known.length === 1 ? known[0] : 'object';
}

/** Converts a SQL value of type `from` into a column of type `to` (JSON or the same type). */
export function convertSql(sql: string, from: ValueType | 'unknown', to: ValueType): string {
  if (from === to) return sql;
  if (from === 'unknown') return `CAST(${sql} AS ${sqlType(to)})`;
  if (to !== 'object') {
    throw new TransformError('bad_transform', `Cannot store a ${from} value in a ${to} column`);
  }
  if (from === 'date') return `to_json(epoch_ms(${sql}))`;
  // JSON has no NaN or infinities: they travel as null.
  if (from === 'number') return `(CASE WHEN isfinite(${sql}) THEN to_json(${sql}) WHEN ${sql} IS NOT NULL THEN 'null'::JSON END)`;
  return `to_json(${sql})`;
}

/** A JS value as a SQL literal of column type `to` (JSON text for mixed columns). */
export function literalAs(v: unknown, to: ValueType): string {
  const from = typeOfJs(v);
  if (from === 'unknown') return `NULL::${sqlType(to)}`;
  if (from === to) return literal(v);
  if (to === 'object') {
    const json = v instanceof Date ? v.getTime() : typeof v === 'number' && !Number.isFinite(v) ? null : v;
    return `${literal(JSON.stringify(json))}::JSON`;
  }
  throw new TransformError('bad_transform', `Cannot store ${JSON.stringify(v)} in a ${to} column`);
}

/** A field parameter resolved against a schema; a field the data lacks reads as null. */
export interface FieldRef {
  /** The name Vega gives the field's values in outputs (vega-util accessorName). */
  name: string;
  /** The column, when the data has it. */
  column?: Column;
  /** SQL reading the field (NULL when the column is missing). */
  sql: string;
  type: ValueType;
}

/**
 * Resolves a field parameter the way Vega's accessor reads it: a field no row has is
 * undefined for every row, which the engine represents as NULL.
 */
export function fieldRef(param: unknown, schema: Schema, prefix = ''): FieldRef {
  const raw = fieldName(param);
  const path = splitAccessPath(raw);
  const name = path.length === 1 ? path[0] : raw;
  let column: Column | undefined;
  try {
    const flat = resolveField(param, schema);
    column = schema.find((c) => c.name === flat);
  } catch (error) {
    if (!(error instanceof RuntimeError) || error.code !== 'missing_field') throw error;
  }
  const p = prefix ? `${prefix}.` : '';
  return column
    ? { name, column, sql: `${p}${ident(column.name)}`, type: column.type }
    : { name, sql: 'NULL::DOUBLE', type: 'number' };
}
