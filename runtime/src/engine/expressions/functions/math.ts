/**
 * Math functions and type tests. Math functions apply ToNumber to their arguments; the
 * guards give NaN or infinities where DuckDB would raise an error or differ from Math.
 */
import { numberLiteral } from '../../sql.js';
import { bind, numSql, sqlVal, toSql, type Val } from '../values.js';
import { arg, type FnContext, type SqlFunction } from './context.js';

const NAN = numberLiteral(NaN);

function unaryMath(body: (x: string) => string): SqlFunction {
  return (args, ctx) => sqlVal('number', bind(numSql(arg(args, 0), ctx.source), body));
}

const finiteOnly = (fn: string) => unaryMath((x) => `CASE WHEN isfinite(${x}) THEN ${fn}(${x}) ELSE ${NAN} END`);

function nums(args: Val[], ctx: FnContext): string[] {
  return args.map((a) => numSql(a, ctx.source));
}

/** Math.max / Math.min: NaN if any argument is NaN. */
function extremum(fn: 'greatest' | 'least', empty: number): SqlFunction {
  return (args, ctx) => {
    if (args.length === 0) return sqlVal('number', numberLiteral(empty));
    const xs = nums(args, ctx);
    if (xs.length === 1) return sqlVal('number', xs[0]);
    return sqlVal('number', `(CASE WHEN ${xs.map((x) => `isnan(${x})`).join(' OR ')} THEN ${NAN} ELSE ${fn}(${xs.join(', ')}) END)`);
  };
}

const max = extremum('greatest', -Infinity);
const min = extremum('least', Infinity);

/** Type test of a value by its compiled type. */
/** A type test: `test` gives its SQL (never NULL) and, where cheaper, a loose form (see SqlVal.loose). */
function typeTest(test: (v: Val) => string | { sql: string; loose: string }): SqlFunction {
  return (args, ctx) => {
    const v = arg(args, 0);
    const out = test(v.kind === 'const' && v.value !== undefined && !(v.value instanceof RegExp) ? toSql(v, ctx.source) : v);
    if (typeof out === 'string') return sqlVal('boolean', out, true);
    return { ...sqlVal('boolean', out.sql, true), loose: out.loose };
  };
}

function whenType(types: Partial<Record<string, (sql: string) => string>>): (v: Val) => string | { sql: string; loose: string } {
  return (v) => {
    if (v.kind !== 'sql') return 'FALSE';
    const f = types[v.type];
    if (!f) return 'FALSE';
    const test = f(v.sql);
    return { sql: `COALESCE(${test}, FALSE)`, loose: test };
  };
}

const notNull = (s: string) => `${s} IS NOT NULL`;
const json = (kinds: string[]) => (s: string) => `json_type(${s}) IN (${kinds.map((k) => `'${k}'`).join(', ')})`;

export const MATH_FUNCTIONS: Record<string, SqlFunction> = {
  abs: unaryMath((x) => `abs(${x})`),
  ceil: unaryMath((x) => `ceil(${x})`),
  floor: unaryMath((x) => `floor(${x})`),
  round: unaryMath((x) => `CASE WHEN ${x} - floor(${x}) >= 0.5 THEN ceil(${x}) ELSE floor(${x}) END`),
  exp: unaryMath((x) => `exp(${x})`),
  sqrt: unaryMath((x) => `CASE WHEN ${x} < 0 THEN ${NAN} ELSE sqrt(${x}) END`),
  log: unaryMath((x) => `CASE WHEN ${x} < 0 OR isnan(${x}) THEN ${NAN} WHEN ${x} = 0 THEN '-Infinity'::DOUBLE ELSE ln(${x}) END`),
  sin: finiteOnly('sin'),
  cos: finiteOnly('cos'),
  tan: finiteOnly('tan'),
  atan: unaryMath((x) => `atan(${x})`),
  asin: unaryMath((x) => `CASE WHEN abs(${x}) <= 1 THEN asin(${x}) ELSE ${NAN} END`),
  acos: unaryMath((x) => `CASE WHEN abs(${x}) <= 1 THEN acos(${x}) ELSE ${NAN} END`),
  atan2: (args, ctx) => {
    const [y, x] = nums([arg(args, 0), arg(args, 1)], ctx);
    return sqlVal('number', `atan2(${y}, ${x})`);
  },
  pow: (args, ctx) => {
    const [x, y] = nums([arg(args, 0), arg(args, 1)], ctx);
    return sqlVal('number', bind(x, (a) => bind(y, (b) =>
      `CASE WHEN isnan(${b}) OR (abs(${a}) = 1 AND isinf(${b})) THEN ${NAN} ELSE pow(${a}, ${b}) END`)));
  },
  hypot: (args, ctx) => {
    if (args.length === 0) return sqlVal('number', '0::DOUBLE');
    const xs = nums(args, ctx);
    return sqlVal('number', `(CASE WHEN ${xs.map((x) => `isinf(${x})`).join(' OR ')} THEN 'Infinity'::DOUBLE`
      + ` WHEN ${xs.map((x) => `isnan(${x})`).join(' OR ')} THEN ${NAN}`
      + ` ELSE sqrt(${xs.map((x) => `(${x}) * (${x})`).join(' + ')}) END)`);
  },
  max,
  min,
  clamp: (args, ctx) => {
    const inner = min([arg(args, 2), arg(args, 0)], ctx);
    return max([arg(args, 1), inner], ctx);
  },

  isNaN: typeTest(whenType({ number: (s) => `isnan(${s})` })),
  isFinite: typeTest(whenType({ number: (s) => `isfinite(${s})`, object: json(['BIGINT', 'UBIGINT', 'DOUBLE']) })),
  isValid: typeTest(whenType({
    number: (s) => `NOT isnan(${s})`, string: notNull, boolean: notNull, date: notNull, object: notNull,
  })),
  isDefined: typeTest((v) => (v.kind === 'const' ? (v.value !== undefined ? 'TRUE' : 'FALSE')
    : v.kind === 'sql' && v.type === 'undefined' ? 'FALSE' : 'TRUE')),
  isNumber: typeTest(whenType({ number: notNull, object: json(['BIGINT', 'UBIGINT', 'DOUBLE']) })),
  isString: typeTest(whenType({ string: notNull, object: json(['VARCHAR']) })),
  isBoolean: typeTest(whenType({ boolean: notNull, object: json(['BOOLEAN']) })),
  isDate: typeTest(whenType({ date: notNull })),
  isArray: typeTest(whenType({ object: json(['ARRAY']) })),
  isObject: typeTest(whenType({ date: notNull, object: json(['OBJECT', 'ARRAY']) })),
  isRegExp: typeTest(() => 'FALSE'),
};
