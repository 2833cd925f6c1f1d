/**
 * Compiled values: SQL with the Vega type of its non-NULL values, or a constant known at
 * compile time, and the coercions JavaScript applies to them (ToNumber, ToString,
 * truthiness) written as SQL. NULL stands for JavaScript's null; a field that is not in
 * the data is the constant undefined.
 */
import { createHash } from 'node:crypto';
import { ExpressionError } from '../../errors.js';
import { literal, nullOf, numberLiteral, stringLiteral, timestampLiteral } from '../sql.js';
import type { ValueType } from '../types.js';

export type VType = ValueType | 'null' | 'undefined';

/** A value computed by SQL; `type` is the type of its non-NULL values. */
export interface SqlVal {
  kind: 'sql';
  type: VType;
  sql: string;
  /** Known never to be NULL (e.g. the result of a concatenation). */
  notNull?: boolean;
  /** An `object` value whose JSON is exactly the JS value (see Column.exactJson). */
  exactJson?: boolean;
  /**
   * A number that is always whole or NULL, never NaN or infinite: a column read untouched
   * from an integer column of the source (Column.integral).
   */
  whole?: boolean;
  /**
   * For a boolean: SQL that is TRUE exactly where this value is true and FALSE or NULL
   * elsewhere. Enough for a WHERE clause, and cheaper: DuckDB spends more on a COALESCE
   * per row than on reading the column.
   */
  loose?: string;
}

/** A value known at compile time (signals, literals, folded sub-expressions). */
export interface ConstVal {
  kind: 'const';
  value: unknown;
}

/** One alternative of a mixed value: its value where `when` holds (and no earlier case did). */
export interface Case {
  when: string;
  value: SqlVal;
}

/**
 * A value whose type differs between rows, as typed cases. It cannot be one SQL column,
 * but its truthiness, ToNumber and ToString can, and operators apply case by case.
 */
export interface MixedVal {
  kind: 'mixed';
  cases: Case[];
  why: string;
}

export type Val = SqlVal | ConstVal | MixedVal;

/** Longest SQL of one value; beyond it an expression is refused rather than grown further. */
export const MAX_SQL_LENGTH = 2_000_000;

/** Most cases a mixed value may have (each operator applies once per case). */
const MAX_CASES = 64;

function tooComplex(): ExpressionError {
  return new ExpressionError('unsupported_function', 'Expression is too complex to compile to SQL');
}

export function sqlVal(type: VType, sql: string, notNull = false): SqlVal {
  if (sql.length > MAX_SQL_LENGTH) throw tooComplex();
  return { kind: 'sql', type, sql, notNull };
}
export const constVal = (value: unknown): ConstVal => ({ kind: 'const', value });

/** The cases of a value (one case that always holds for a non-mixed value). */
export function casesOf(v: Val, source: string): Case[] {
  return v.kind === 'mixed' ? v.cases : [{ when: 'TRUE', value: toSql(v, source) }];
}

function caseSql(cases: Case[], f: (v: SqlVal) => string): string {
  if (cases.length === 1) return f(cases[0].value);
  return `(CASE ${cases.map((c) => `WHEN ${c.when} THEN ${f(c.value)}`).join(' ')} END)`;
}

/** A value from cases: one SQL value when the cases share a type (null fits any), else mixed. */
export function fromCases(cases: Case[], why: string): Val {
  const flat: Case[] = [];
  for (const c of cases) {
    flat.push(c);
    if (c.when === 'TRUE') break;
  }
  if (flat.length > MAX_CASES) throw tooComplex();
  const types = new Set(flat.map((c) => c.value.type).filter((t) => t !== 'null' && t !== 'undefined'));
  // undefined is not null to later operators (undefined + 1 is NaN), so it stays a case of its own.
  const undef = flat.some((c) => c.value.type === 'undefined') && flat.some((c) => c.value.type !== 'undefined');
  if (types.size > 1 || undef) return { kind: 'mixed', cases: flat, why };
  const type = types.size === 1 ? [...types][0] : flat[flat.length - 1].value.type;
  const notNull = flat.every((c) => c.value.notNull);
  const value = sqlVal(type, caseSql(flat, (v) => v.sql), notNull);
  // Nested values stay exact JSON when every case holding them is.
  return type === 'object' && flat.every((c) => c.value.type !== 'object' || c.value.exactJson) ? { ...value, exactJson: true } : value;
}

/**
 * Binds `sql` to a name once so `body` may use it several times without repeating (and
 * re-evaluating) the SQL: a one-element list mapped by a lambda. The name follows from
 * the SQL it binds (the same expression compiles to the same text; a nested lambda of
 * the same name binds the same value), and a body that reads it once gets the SQL inline.
 */
export function bind(sql: string, body: (name: string) => string, always = false): string {
  // Short SQL is cheaper to repeat than to bind (a list per row), unless it is costly to run.
  if ((!always && sql.length <= 64) || /^__vf_v[0-9a-f]+$/.test(sql) || /^"([^"]|"")*"(\."([^"]|"")*")?$|^'([^']|'')*'$/.test(sql)) return body(sql);
  const name = `__vf_v${createHash('sha256').update(sql).digest('hex').slice(0, 12)}`;
  const text = body(name);
  if (text.split(name).length === 2) return body(`(${sql})`);
  return `list_transform([${sql}], lambda ${name}: ${text})[1]`;
}

/** The JS type tag of a constant. */
export function typeOfConst(value: unknown): VType {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (value instanceof Date) return 'date';
  return 'object';
}

/** The value as SQL; a constant becomes a literal. Mixed values cannot be materialized. */
export function toSql(v: Val, source: string): SqlVal {
  if (v.kind === 'sql') return v;
  if (v.kind === 'mixed') {
    // As a column, undefined and null are both NULL.
    const types = new Set(v.cases.map((c) => c.value.type).filter((t) => t !== 'null' && t !== 'undefined'));
    if (types.size <= 1) {
      const type = types.size === 1 ? [...types][0] : 'null';
      return sqlVal(type, caseSql(v.cases, (c) => (c.type === 'undefined' ? nullOf(publicType(type)) : c.sql)));
    }
    throw new ExpressionError('unsupported_function', `Expression ${JSON.stringify(source)} yields values of different types (${v.why}); only its truthiness can be computed in SQL`);
  }
  const value = v.value;
  const type = typeOfConst(value);
  if (value instanceof RegExp || typeof value === 'function') {
    throw new ExpressionError('unsupported_function', `A regular expression cannot be a value in SQL: ${JSON.stringify(source)}`);
  }
  if (value instanceof Date) {
    return sqlVal('date', Number.isNaN(value.getTime()) ? 'NULL::TIMESTAMP' : timestampLiteral(value.getTime()));
  }
  if (type === 'null' || type === 'undefined') return sqlVal(type, 'NULL');
  return sqlVal(type, literal(value));
}

/** JavaScript whitespace and line terminators, which String#trim and ToNumber strip. */
export const JS_WHITESPACE = ' \t\n\u000b\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';

/** SQL of JS String#trim on a VARCHAR. */
export function trimSql(sql: string): string {
  return `trim(${sql}, ${stringLiteral(JS_WHITESPACE)})`;
}

/** A DOUBLE of up to 28 hex digits: two exact parts, rounded once when added. */
export function hexValue(digits: string): string {
  return bind(digits, (d) => `(CASE WHEN length(${d}) <= 15 THEN CAST(CAST('0x' || ${d} AS BIGINT) AS DOUBLE)`
    + ` ELSE CAST(CAST('0x' || left(${d}, length(${d}) - 15) AS BIGINT) AS DOUBLE) * 1152921504606846976.0::DOUBLE`
    + ` + CAST(CAST('0x' || right(${d}, 15) AS BIGINT) AS DOUBLE) END)`);
}

/** JS ToNumber of a non-NULL VARCHAR. */
export function stringToNumberSql(sql: string): string {
  return bind(trimSql(sql), (t) => `CASE WHEN ${t} = '' THEN 0::DOUBLE`
    + ` WHEN regexp_full_match(${t}, '[+-]?(Infinity|([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?)') THEN CAST(${t} AS DOUBLE)`
    + ` WHEN regexp_full_match(${t}, '0[xX][0-9a-fA-F]{1,28}') THEN ${hexValue(`substring(${t}, 3)`)}`
    + ` WHEN regexp_full_match(${t}, '0[bB][01]{1,52}') THEN CAST(CAST(${t} AS BIGINT) AS DOUBLE)`
    + ` ELSE 'NaN'::DOUBLE END`);
}

/** JS ToNumber as a DOUBLE that is never NULL. */
export function numSql(v: Val, source: string): string {
  if (v.kind === 'const') {
    const value = v.value;
    if (value !== null && typeof value === 'object' && !(value instanceof Date) && !Array.isArray(value)) return numberLiteral(NaN);
    return numberLiteral(Number(value));
  }
  if (v.kind === 'mixed') return caseSql(v.cases, (c) => numSql(c, source));
  const s = toSql(v, source);
  switch (s.type) {
    case 'number': return `COALESCE(${s.sql}, 0::DOUBLE)`;
    case 'boolean': return `COALESCE(CAST(${s.sql} AS DOUBLE), 0::DOUBLE)`;
    case 'string': return bind(s.sql, (x) => `(CASE WHEN ${x} IS NULL THEN 0::DOUBLE ELSE ${stringToNumberSql(x)} END)`);
    case 'date': return `COALESCE(CAST(epoch_ms(${s.sql}) AS DOUBLE), 0::DOUBLE)`;
    case 'null': return '0::DOUBLE';
    case 'undefined': return numberLiteral(NaN);
    default:
      throw new ExpressionError('unsupported_function', `Arithmetic on nested values is not supported: ${JSON.stringify(source)}`);
  }
}

/** JS Number#toString of a non-NULL DOUBLE. */
export function numberToStringSql(sql: string): string {
  return bind(sql, (x) => `CASE WHEN isnan(${x}) THEN 'NaN'`
    + ` WHEN isinf(${x}) THEN CASE WHEN ${x} > 0 THEN 'Infinity' ELSE '-Infinity' END`
    + ` WHEN ${x} = trunc(${x}) AND abs(${x}) < 9007199254740992 THEN CAST(CAST(${x} AS BIGINT) AS VARCHAR)`
    + ` WHEN ${x} = trunc(${x}) AND abs(${x}) < 1e21 THEN ${bind(`CAST(${x} AS VARCHAR)`, (s) =>
      `CASE WHEN contains(${s}, 'e') THEN ${bind(`replace(split_part(${s}, 'e', 1), '.', '')`, (d) =>
        `${d} || repeat('0', CAST(split_part(${s}, 'e+', 2) AS INTEGER) - (length(${d}) - CASE WHEN ${x} < 0 THEN 2 ELSE 1 END))`)}`
      + ` ELSE replace(${s}, '.0', '') END`)}`
    + ` WHEN abs(${x}) >= 1e-6 AND abs(${x}) < 1e21 THEN ${bind(`CAST(${x} AS VARCHAR)`, (s) =>
      `CASE WHEN contains(${s}, 'e') THEN (CASE WHEN ${x} < 0 THEN '-' ELSE '' END) || '0.'`
      + ` || repeat('0', CAST(split_part(${s}, 'e-', 2) AS INTEGER) - 1)`
      + ` || replace(replace(split_part(${s}, 'e', 1), '-', ''), '.', '') ELSE ${s} END`)}`
    + ` ELSE regexp_replace(CAST(${x} AS VARCHAR), 'e([+-])0*', 'e\\1') END`);
}

/** JS String(x) as a VARCHAR that is never NULL (null gives 'null'). */
export function strSql(v: Val, source: string): string {
  if (v.kind === 'const') {
    const value = v.value;
    if (value instanceof Date || (typeof value === 'object' && value !== null && !Array.isArray(value))) {
      throw new ExpressionError('unsupported_function', `String conversion of this value is not supported: ${JSON.stringify(source)}`);
    }
    return stringLiteral(String(value));
  }
  if (v.kind === 'mixed') return caseSql(v.cases, (c) => strSql(c, source));
  const s = toSql(v, source);
  switch (s.type) {
    case 'string': return `COALESCE(${s.sql}, 'null')`;
    case 'number': return `COALESCE(${numberToStringSql(s.sql)}, 'null')`;
    case 'boolean': return bind(s.sql, (x) => `(CASE WHEN ${x} THEN 'true' WHEN NOT ${x} THEN 'false' ELSE 'null' END)`);
    case 'null': return "'null'";
    case 'undefined': return "'undefined'";
    default:
      throw new ExpressionError('unsupported_function', `String conversion of ${s.type} values is not supported: ${JSON.stringify(source)}`);
  }
}

/** SQL that is TRUE exactly when the JS value is truthy, never NULL. */
export function truthSql(v: Val): string {
  if (v.kind === 'mixed') return caseSql(v.cases, truthSql);
  if (v.kind === 'const') return v.value ? 'TRUE' : 'FALSE';
  switch (v.type) {
    case 'number': return bind(v.sql, (x) => `COALESCE(${x} <> 0 AND NOT isnan(${x}), FALSE)`);
    case 'string': return `COALESCE(${v.sql} <> '', FALSE)`;
    case 'boolean': return v.notNull ? v.sql : `COALESCE(${v.sql}, FALSE)`;
    case 'date': return `(${v.sql} IS NOT NULL)`;
    case 'object': return `COALESCE(CAST(${v.sql} AS VARCHAR) NOT IN ('0', '-0', '""', 'false', 'null'), FALSE)`;
    default: return 'FALSE';
  }
}

/** SQL that is TRUE exactly where `v` is truthy, and FALSE or NULL elsewhere (a WHERE clause). */
export function whereSql(v: Val): string {
  return v.kind === 'sql' && v.type === 'boolean' && v.loose ? v.loose : truthSql(v);
}

/** The SQL type tag of a compiled value for the public CompiledExpr. */
export function publicType(t: VType): ValueType | 'unknown' {
  return t === 'null' || t === 'undefined' ? 'unknown' : t;
}
