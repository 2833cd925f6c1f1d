/**
 * Field references of the statistics transforms as SQL, with Vega's reading of values:
 * a field the data lacks reads as undefined (NULL) rather than failing, numbers are taken
 * with vega-util `toNumber` (JavaScript's unary plus), and a value is "valid" for an
 * aggregate the way vega-transforms' measures decide (not null, not '', not NaN).
 */
import { splitAccessPath } from 'vega-util';
import { TransformError } from '../../errors.js';
import { fieldName, unescapeField } from '../pipeline.js';
import { ident, stringLiteral } from '../sql.js';
import { ORDER_COLUMN, type Column, type Schema, type ValueType } from '../types.js';

/** A field parameter resolved against a schema. */
export interface FieldRef {
  /** Vega's accessor name: the `as` of `{field, as}`, else the field string (unescaped if flat). */
  name: string;
  /** The column read, or undefined when the data has no such field (every value undefined). */
  column?: Column;
  /** SQL reading the value (a NULL literal for a missing field). */
  sql: string;
  type: ValueType;
}

/** SQL naming the order column. */
export const ORDER_SQL = ident(ORDER_COLUMN);

/** Vega's accessor name of a field parameter (what output fields are named after). */
export function accessorName(param: unknown): string {
  if (typeof param === 'object' && param !== null && typeof (param as { as?: unknown }).as === 'string') {
    return (param as { as: string }).as;
  }
  const name = fieldName(param);
  return splitAccessPath(name).length === 1 ? unescapeField(name) : name;
}

/** Resolves a field parameter; a field missing from the data reads as NULL, as in Vega. */
export function resolveFieldRef(param: unknown, schema: Schema): FieldRef {
  if (typeof param === 'object' && param !== null && 'expr' in param) {
    throw new TransformError('unsupported_transform', `Expression fields are not supported: ${JSON.stringify(param)}`);
  }
  const raw = fieldName(param);
  const name = accessorName(param);
  const flat = unescapeField(raw);
  const column = schema.find((c) => c.name === flat);
  if (!column) return { name, sql: 'NULL::DOUBLE', type: 'number' };
  return { name, column, sql: ident(column.name), type: column.type };
}

/** Resolves an optional array parameter of fields. */
export function resolveFieldRefs(params: unknown, schema: Schema): FieldRef[] {
  if (params === undefined || params === null) return [];
  if (!Array.isArray(params)) return [resolveFieldRef(params, schema)];
  return params.map((p) => resolveFieldRef(p, schema));
}

// Characters JavaScript's Number() trims (WhiteSpace and LineTerminator).
const JS_WHITESPACE = ' \t\n\u000b\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';

/** SQL for JavaScript's `+s` on a non-null VARCHAR. */
export function jsNumberOfString(sql: string): string {
  const t = `trim(${sql}, ${stringLiteral(JS_WHITESPACE)})`;
  return `(CASE WHEN ${t} = '' THEN 0::DOUBLE`
    + ` WHEN regexp_full_match(${t}, '[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?') THEN COALESCE(TRY_CAST(${t} AS DOUBLE), CASE WHEN starts_with(${t}, '-') THEN '-Infinity'::DOUBLE ELSE 'Infinity'::DOUBLE END)`
    + ` WHEN ${t} IN ('Infinity', '+Infinity') THEN 'Infinity'::DOUBLE`
    + ` WHEN ${t} = '-Infinity' THEN '-Infinity'::DOUBLE`
    // Hex and binary literals up to 63 bits; longer ones and octal are out of reach here.
    + ` WHEN regexp_full_match(${t}, '0[xX][0-9a-fA-F]+|0[bB][01]+') THEN COALESCE(CAST(TRY_CAST(lower(${t}) AS BIGINT) AS DOUBLE), 'NaN'::DOUBLE)`
    + ` ELSE 'NaN'::DOUBLE END)`;
}

/**
 * SQL for vega-util `toNumber` of a value: NULL for null/undefined/'' and `+v` otherwise
 * (a Date's milliseconds, a boolean's 0 or 1).
 */
export function toNumberSql(sql: string, type: ValueType): string {
  switch (type) {
    case 'number': return sql;
    case 'boolean': return `CAST(${sql} AS DOUBLE)`;
    case 'date': return `CAST(epoch_ms(${sql}) AS DOUBLE)`;
    case 'string': return `(CASE WHEN ${sql} IS NULL OR ${sql} = '' THEN NULL ELSE ${jsNumberOfString(sql)} END)`;
    default:
      throw new TransformError('unsupported_transform', 'Numeric operations on fields of mixed or nested values are not supported');
  }
}

/** SQL that is TRUE when an aggregate counts the value as missing (null, undefined or ''). */
export function missingSql(sql: string, type: ValueType): string {
  if (type === 'string') return `(${sql} IS NULL OR ${sql} = '')`;
  if (type === 'object') return `(${sql} IS NULL OR CAST(${sql} AS VARCHAR) = '""')`;
  return `(${sql} IS NULL)`;
}

/** SQL that is TRUE when an aggregate counts the value as valid (neither missing nor NaN). */
export function validSql(sql: string, type: ValueType): string {
  if (type === 'number') return `(${sql} IS NOT NULL AND NOT isnan(${sql}))`;
  return `(NOT ${missingSql(sql, type)})`;
}

/**
 * SQL of the key Vega groups a value by (`String(value)`): dates print to the second, so
 * instants within one second share a key; other typed values are their own key.
 */
export function groupKeySql(sql: string, type: ValueType): string {
  if (type === 'date') return `date_trunc('second', ${sql})`;
  if (type === 'object') return `CAST(${sql} AS VARCHAR)`;
  return sql;
}

/** A value as it appears inside a JSON row object (how JSON.stringify would write it). */
export function jsonValueSql(sql: string, type: ValueType): string {
  switch (type) {
    case 'number': return `(CASE WHEN isnan(${sql}) OR isinf(${sql}) THEN NULL ELSE ${sql} END)`;
    case 'date': return `strftime(${sql}, '%Y-%m-%dT%H:%M:%S.%gZ')`;
    case 'object': return `CAST(${sql} AS JSON)`;
    default: return sql;
  }
}

/** SQL building a row of `schema` as a JSON object (argmin, argmax, values). */
export function rowJsonSql(schema: Schema, prefix = ''): string {
  if (schema.length === 0) return `'{}'::JSON`;
  const p = prefix ? `${prefix}.` : '';
  const args = schema.map((c) => `${stringLiteral(c.name)}, ${jsonValueSql(`${p}${ident(c.name)}`, c.type)}`);
  return `json_object(${args.join(', ')})`;
}
