/**
 * JavaScript operators on compiled values, written as SQL: arithmetic with IEEE results
 * (division by zero, NaN), `+` concatenating when either side is a string, relational
 * comparisons that are false with NaN, loose and strict equality, and the logical and
 * conditional operators that return one of their operands.
 */
import { ExpressionError } from '../../errors.js';
import { numberLiteral } from '../sql.js';
import {
  bind, casesOf, fromCases, numSql, sqlVal, strSql, toSql, truthSql, typeOfConst, type Case, type SqlVal,
  type Val, type VType,
} from './values.js';

const NAN = numberLiteral(NaN);

function typeOf(v: Val): VType | 'mixed' {
  return v.kind === 'const' ? typeOfConst(v.value) : v.kind === 'sql' ? v.type : 'mixed';
}

function unsupportedOperand(op: string, source: string, type: string): ExpressionError {
  return new ExpressionError('unsupported_function', `Operator "${op}" on ${type} values is not supported in expression ${JSON.stringify(source)}`);
}

function isSureString(v: Val): boolean {
  return (v.kind === 'const' && typeof v.value === 'string') || (v.kind === 'sql' && v.type === 'string' && v.notNull === true);
}

/**
 * `a + b`. With a string operand it concatenates; but when every string operand is a
 * nullable column, rows where they are all null add as numbers (null + null is 0), so the
 * value has mixed types and only its truthiness is representable.
 */
export function plus(a: Val, b: Val, source: string): Val {
  const ta = typeOf(a);
  const tb = typeOf(b);
  for (const t of [ta, tb]) {
    if (t === 'date' || t === 'object' || t === 'mixed') throw unsupportedOperand('+', source, t);
  }
  if (ta === 'string' || tb === 'string') {
    const concat = sqlVal('string', `(${strSql(a, source)} || ${strSql(b, source)})`, true);
    if (isSureString(a) || isSureString(b)) return concat;
    const allNull = [a, b].filter((v) => v.kind === 'sql' && v.type === 'string').map((v) => `${(v as SqlVal).sql} IS NULL`).join(' AND ');
    const sum = sqlVal('number', `(${numSql(a, source)} + ${numSql(b, source)})`, true);
    return fromCases([{ when: allNull, value: sum }, { when: 'TRUE', value: concat }], 'null + null is a number');
  }
  return sqlVal('number', `(${numSql(a, source)} + ${numSql(b, source)})`);
}

/** `a % b` with JavaScript's rules (sign of the dividend, NaN for x % 0 and ±Infinity % y). */
function modulo(x: string, y: string): string {
  return bind(x, (a) => bind(y, (b) => `CASE WHEN isnan(${a}) OR isnan(${b}) OR isinf(${a}) OR ${b} = 0 THEN ${NAN}`
    + ` WHEN isinf(${b}) THEN ${a} ELSE ${a} % ${b} END`));
}

/** The arithmetic operators other than `+`. */
export function arithmetic(op: string, a: Val, b: Val, source: string): SqlVal {
  const x = numSql(a, source);
  const y = numSql(b, source);
  switch (op) {
    case '-': return sqlVal('number', `(${x} - ${y})`);
    case '*': return sqlVal('number', `(${x} * ${y})`);
    case '/': return sqlVal('number', `(${x} / ${y})`);
    case '%': return sqlVal('number', modulo(x, y));
    default: return bitwise(op, x, y);
  }
}

/** ToUint32 of a non-NULL DOUBLE, as BIGINT. */
function uint32(x: string): string {
  return bind(x, (v) => `CAST(CASE WHEN isfinite(${v}) THEN ((trunc(${v}) % 4294967296::DOUBLE) + 4294967296::DOUBLE) % 4294967296::DOUBLE ELSE 0 END AS BIGINT)`);
}

/** ToInt32 of a non-NULL DOUBLE, as BIGINT. */
function int32(x: string): string {
  return bind(uint32(x), (u) => `(${u} - CASE WHEN ${u} >= 2147483648 THEN 4294967296 ELSE 0 END)`);
}

function bitwise(op: string, x: string, y: string): SqlVal {
  const shift = `(${uint32(y)} & 31)`;
  const out = (sql: string) => sqlVal('number', `CAST(${sql} AS DOUBLE)`);
  switch (op) {
    case '&': return out(`(${int32(x)} & ${int32(y)})`);
    case '|': return out(`(${int32(x)} | ${int32(y)})`);
    case '^': return out(`xor(${int32(x)}, ${int32(y)})`);
    case '<<': return out(int32(`CAST((${uint32(x)} << ${shift}) % 4294967296 AS DOUBLE)`));
    case '>>': return out(`(${int32(x)} >> ${shift})`);
    case '>>>': return out(`(${uint32(x)} >> ${shift})`);
    default: throw new ExpressionError('bad_expression', `Unsupported operator ${op}`);
  }
}

/** Unary operators. */
export function unary(op: string, a: Val, source: string): SqlVal {
  switch (op) {
    case '-': return sqlVal('number', `(-${numSql(a, source)})`);
    case '+': return sqlVal('number', numSql(a, source));
    case '!': return sqlVal('boolean', `(NOT ${truthSql(a)})`, true);
    case '~': return sqlVal('number', `CAST(-${int32(numSql(a, source))} - 1 AS DOUBLE)`);
    default: throw new ExpressionError('bad_expression', `Unsupported operator ${op} in expression ${JSON.stringify(source)}`);
  }
}

/** Numeric comparison of two non-NULL DOUBLEs that is false with NaN (DuckDB orders NaN last). */
function numericCompare(op: string, x: string, y: string): string {
  switch (op) {
    case '<': return bind(y, (b) => `(${x} < ${b} AND NOT isnan(${b}))`);
    case '<=': return bind(y, (b) => `(${x} <= ${b} AND NOT isnan(${b}))`);
    case '>': return bind(x, (a) => `(${a} > ${y} AND NOT isnan(${a}))`);
    default: return bind(x, (a) => `(${a} >= ${y} AND NOT isnan(${a}))`);
  }
}

/** `<`, `<=`, `>`, `>=`: strings compare as strings, anything else as numbers. */
export function compare(op: string, a: Val, b: Val, source: string): SqlVal {
  const ta = typeOf(a);
  const tb = typeOf(b);
  for (const t of [ta, tb]) if (t === 'object' || t === 'mixed') throw unsupportedOperand(op, source, t);
  if (ta === 'string' && tb === 'string') {
    return sqlVal('boolean', bind(toSql(a, source).sql, (x) => bind(toSql(b, source).sql, (y) =>
      `(CASE WHEN ${x} IS NOT NULL AND ${y} IS NOT NULL THEN ${x} ${op} ${y} ELSE ${numericCompare(op, numSql(sqlVal('string', x), source), numSql(sqlVal('string', y), source))} END)`)), true);
  }
  return sqlVal('boolean', numericCompare(op, numSql(a, source), numSql(b, source)), true);
}

const NULLISH = new Set<string>(['null', 'undefined']);

/** `==` and `!=`. */
export function looseEquals(a: Val, b: Val, source: string, negate = false): SqlVal {
  const ta = typeOf(a);
  const tb = typeOf(b);
  const wrap = (sql: string) => sqlVal('boolean', negate ? `(NOT ${sql})` : sql, true);
  if (NULLISH.has(ta) || NULLISH.has(tb)) {
    if (NULLISH.has(ta) && NULLISH.has(tb)) return wrap('TRUE');
    const other = toSql(NULLISH.has(ta) ? b : a, source);
    return wrap(`(${other.sql} IS NULL)`);
  }
  for (const t of [ta, tb]) {
    if (t === 'date' || t === 'object' || t === 'mixed') throw unsupportedOperand('==', source, t);
  }
  return wrap(bind(toSql(a, source).sql, (x) => bind(toSql(b, source).sql, (y) => {
    let core: string;
    if (ta === tb && ta === 'number') core = `(${x} = ${y} AND NOT isnan(${x}))`;
    else if (ta === tb) core = `(${x} = ${y})`;
    else core = bind(numSql(sqlVal(ta as VType, x), source), (p) => `(${p} = ${numSql(sqlVal(tb as VType, y), source)} AND NOT isnan(${p}))`);
    return `(CASE WHEN ${x} IS NULL OR ${y} IS NULL THEN ${x} IS NULL AND ${y} IS NULL ELSE ${core} END)`;
  })));
}

/** `===` and `!==`. */
export function strictEquals(a: Val, b: Val, source: string, negate = false): SqlVal {
  const ta = typeOf(a);
  const tb = typeOf(b);
  const wrap = (sql: string) => sqlVal('boolean', negate ? `(NOT ${sql})` : sql, true);
  for (const t of [ta, tb]) {
    if (t === 'date' || t === 'object' || t === 'mixed') {
      // Dates and objects are equal only to themselves; only a comparison with null is known.
      if (!NULLISH.has(ta === t ? tb : ta)) throw unsupportedOperand('===', source, t);
    }
  }
  if (ta === 'undefined' || tb === 'undefined') return wrap(ta === tb ? 'TRUE' : 'FALSE');
  if (ta === 'null' || tb === 'null') return wrap(`(${toSql(ta === 'null' ? b : a, source).sql} IS NULL)`);
  return wrap(bind(toSql(a, source).sql, (x) => bind(toSql(b, source).sql, (y) => {
    let core = 'FALSE';
    if (ta === tb && ta === 'number') core = `(${x} = ${y} AND NOT isnan(${x}))`;
    else if (ta === tb) core = `(${x} = ${y})`;
    return `(CASE WHEN ${x} IS NULL OR ${y} IS NULL THEN ${x} IS NULL AND ${y} IS NULL ELSE ${core} END)`;
  })));
}

/** `cond ? x : y` for SQL `cond`; branches of different types make a mixed value. */
export function choose(cond: string, x: Val, y: Val, source: string): Val {
  const cases: Case[] = [
    ...casesOf(x, source).map((c) => ({ when: c.when === 'TRUE' ? cond : `(${cond} AND ${c.when})`, value: c.value })),
    ...casesOf(y, source),
  ];
  return fromCases(cases, 'branches of different types');
}

/** `a && b` and `a || b`. */
export function logical(op: string, a: Val, b: Val, source: string): Val {
  if (a.kind === 'const') return (op === '&&' ? a.value : !a.value) ? b : a;
  // Booleans with a non-null left side: SQL's AND/OR give JavaScript's value (a NULL right
  // side stays NULL where it is chosen), without repeating either side in a CASE.
  if (a.kind === 'sql' && b.kind === 'sql' && a.type === 'boolean' && b.type === 'boolean' && a.notNull) {
    const sqlOp = op === '&&' ? 'AND' : 'OR';
    const out = sqlVal('boolean', `(${a.sql} ${sqlOp} ${b.sql})`, b.notNull);
    // NULL for false is harmless under AND; under OR only where the other side is exact.
    if (op === '&&' && (a.loose || b.loose)) out.loose = `(${a.loose ?? a.sql} AND ${b.loose ?? b.sql})`;
    return out;
  }
  const ta = truthSql(a);
  return op === '&&' ? choose(ta, b, a, source) : choose(ta, a, b, source);
}

/**
 * Applies `f` to values case by case when any of them is mixed, so operators and
 * functions see only single-typed values.
 */
export function distribute(args: Val[], f: (args: Val[]) => Val, source: string): Val {
  const i = args.findIndex((a) => a.kind === 'mixed');
  if (i < 0) return f(args);
  const cases: Case[] = [];
  for (const c of (args[i] as { cases: Case[] }).cases) {
    const out = distribute(args.map((a, j) => (j === i ? c.value : a)), f, source);
    for (const o of casesOf(out, source)) {
      cases.push({ when: o.when === 'TRUE' ? c.when : c.when === 'TRUE' ? o.when : `(${c.when} AND ${o.when})`, value: o.value });
    }
  }
  return fromCases(cases, 'operands of different types');
}
