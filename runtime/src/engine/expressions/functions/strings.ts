/**
 * String functions over VARCHAR with JavaScript's semantics: arguments go through
 * String(), positions are clamped and truncated like String#slice/#substring, and lengths
 * count UTF-16 code units.
 */
import { numberLiteral, stringLiteral } from '../../sql.js';
import { unsupported } from '../ast.js';
import { lowerSql, upperSql } from './case-mapping.js';
import { strictEquals } from '../operators.js';
import {
  JS_WHITESPACE, bind, constVal, hexValue, numSql, sqlVal, strSql, trimSql, type Val,
} from '../values.js';
import { arg, constArg, type FnContext, type SqlFunction } from './context.js';
import { MAX_STRING_LENGTH, SQL_LIMIT_MARKER, tooLarge } from '../growth.js';

const NAN = numberLiteral(NaN);

const nonNullString = (sql: string) => sqlVal('string', sql, true);

/** UTF-16 length of a VARCHAR, as DOUBLE. */
export function jsLength(s: string): string {
  // ASCII text (bytes = characters) skips counting the characters outside the BMP.
  return bind(s, (x) => `CAST(CASE WHEN strlen(${x}) = length(${x}) THEN length(${x})`
    + ` ELSE length(${x}) + length(regexp_replace(${x}, '[^\\x{10000}-\\x{10FFFF}]', '', 'g')) END AS DOUBLE)`);
}

/** ToIntegerOrInfinity of a non-NULL DOUBLE. */
function toInteger(x: string): string {
  return bind(x, (v) => `CASE WHEN isnan(${v}) THEN 0::DOUBLE ELSE trunc(${v}) END`);
}

/** SQL substring from 0-based `from` (inclusive) to `to` (exclusive), both DOUBLE in range. */
function substr(s: string, from: string, to: string): string {
  return bind(from, (f) => `substring(${s}, CAST(${f} AS BIGINT) + 1, CAST(greatest(${to} - ${f}, 0) AS BIGINT))`);
}

function str(args: Val[], i: number, ctx: FnContext): string {
  return strSql(arg(args, i), ctx.source);
}

/** Values of a string-typed argument (the receiver of a String method), or null. */
function stringReceiver(v: Val, ctx: FnContext): string | null {
  if (v.kind === 'sql' && v.type === 'string') return v.sql;
  if (v.kind === 'const' && typeof v.value === 'string') return stringLiteral(v.value);
  if (v.kind === 'const' && Array.isArray(v.value)) return null;
  throw unsupported(ctx.name, ctx.source, 'the sequence must be a string or a literal array');
}

function substringFn(args: Val[], ctx: FnContext): Val {
  const s = str(args, 0, ctx);
  return nonNullString(bind(s, (x) => bind(jsLength(x), (len) => {
    const clamp = (v: Val) => `least(greatest(${toInteger(numSql(v, ctx.source))}, 0), ${len})`;
    const a = clamp(arg(args, 1));
    const b = args.length > 2 && !(args[2].kind === 'const' && args[2].value === undefined) ? clamp(args[2]) : len;
    return bind(a, (p) => bind(b, (q) => substr(x, `least(${p}, ${q})`, `greatest(${p}, ${q})`)));
  })));
}

/** Index of String#slice: negative counts from the end, clamped to [0, len]. */
function sliceIndex(v: Val, len: string, ctx: FnContext): string {
  return bind(toInteger(numSql(v, ctx.source)), (r) => `CASE WHEN ${r} < 0 THEN greatest(${len} + ${r}, 0) ELSE least(${r}, ${len}) END`);
}

function sliceFn(args: Val[], ctx: FnContext): Val {
  const s = stringReceiver(arg(args, 0), ctx);
  if (s === null) throw unsupported(ctx.name, ctx.source, 'literal arrays sliced by row values');
  return sqlVal('string', bind(s, (x) => bind(jsLength(x), (len) => {
    const end = args.length > 2 && !(args[2].kind === 'const' && args[2].value === undefined) ? sliceIndex(args[2], len, ctx) : len;
    return substr(x, sliceIndex(arg(args, 1), len, ctx), end);
  })));
}

/** indexof / lastindexof on a string or a literal array. */
function indexFn(last: boolean): SqlFunction {
  return (args, ctx) => {
    const seq = arg(args, 0);
    const s = stringReceiver(seq, ctx);
    const value = arg(args, 1);
    if (s === null) {
      const items = (seq as { value: unknown[] }).value;
      const order = items.map((_, i) => i);
      if (last) order.reverse();
      const whens = order
        .filter((i) => items[i] === null || ['number', 'string', 'boolean', 'undefined'].includes(typeof items[i]))
        .map((i) => `WHEN ${strictEquals(value, constVal(items[i]), ctx.source).sql} THEN ${numberLiteral(i)}`);
      return sqlVal('number', whens.length ? `(CASE ${whens.join(' ')} ELSE -1::DOUBLE END)` : '-1::DOUBLE');
    }
    const needle = strSql(value, ctx.source);
    // Positions count UTF-16 code units: the length of the text before the match.
    if (!last) {
      return sqlVal('number', bind(s, (x) => bind(needle, (n) => bind(`strpos(${x}, ${n})`, (p) =>
        `(CASE WHEN ${p} = 0 THEN -1::DOUBLE ELSE ${jsLength(`substring(${x}, 1, ${p} - 1)`)} END)`))));
    }
    return sqlVal('number', bind(s, (x) => bind(needle, (n) => `(CASE WHEN strpos(${x}, ${n}) = 0 THEN -1::DOUBLE`
      + ` ELSE ${jsLength(`regexp_extract(${x}, '(?s)^(.*)' || regexp_escape(${n}), 1)`)} END)`)));
  };
}

/** vega-util's repeat(str, n): the string n times for the integer part of n. */
function repeatSql(c: string, n: string): string {
  return `repeat(${c}, CAST(greatest(trunc(${n}), 0) AS BIGINT))`;
}

function padFn(args: Val[], ctx: FnContext): Val {
  const padchar = constArg(args, 2, ctx, 'the pad character');
  const align = constArg(args, 3, ctx, 'the alignment');
  const fill = padchar ? String(padchar) : ' ';
  const c = stringLiteral(fill);
  // A length that does not depend on the row is checked here; one read from the row is
  // checked by DuckDB for each row, before repeat() builds anything.
  const most = Math.floor(MAX_STRING_LENGTH / Math.max(1, fill.length));
  const length = arg(args, 1);
  if (length.kind === 'const' && Number(length.value) > most) throw tooLarge('pad()', Number(length.value) * Math.max(1, fill.length), MAX_STRING_LENGTH);
  const refusal = stringLiteral(`${SQL_LIMIT_MARKER}pad() would build more than ${MAX_STRING_LENGTH} characters in a row; the limit is ${MAX_STRING_LENGTH}`);
  return nonNullString(bind(str(args, 0, ctx), (s) => bind(`(${numSql(length, ctx.source)} - ${jsLength(s)})`, (n) => {
    const body = align === 'left' ? `${repeatSql(c, n)} || ${s}`
      : align === 'center' ? `${repeatSql(c, `trunc(${n} / 2)`)} || ${s} || ${repeatSql(c, `ceil(${n} / 2)`)}`
        : `${s} || ${repeatSql(c, n)}`;
    const guarded = length.kind === 'const' ? body : `(CASE WHEN ${n} > ${most} THEN error(${refusal}) ELSE ${body} END)`;
    return `(CASE WHEN ${n} <= 0 OR isnan(${n}) THEN ${s} ELSE ${guarded} END)`;
  })));
}

function truncateFn(args: Val[], ctx: FnContext): Val {
  const align = constArg(args, 2, ctx, 'the alignment');
  const ellipsis = constArg(args, 3, ctx, 'the ellipsis');
  const e = ellipsis != null ? String(ellipsis) : '\u2026';
  const el = stringLiteral(e);
  return nonNullString(bind(str(args, 0, ctx), (s) => bind(jsLength(s), (n) => bind(numSql(arg(args, 1), ctx.source), (length) =>
    bind(`greatest(0, ${length} - ${numberLiteral(e.length)})`, (l) => {
      const body = align === 'left' ? `${el} || ${substr(s, `greatest(${n} - ${toInteger(l)}, 0)`, n)}`
        : align === 'center' ? `${substr(s, '0', `least(ceil(${l} / 2), ${n})`)} || ${el} || ${substr(s, `greatest(${n} - trunc(${l} / 2), 0)`, n)}`
          : `${substr(s, '0', `least(trunc(${l}), ${n})`)} || ${el}`;
      return `(CASE WHEN ${n} <= ${length} THEN ${s} ELSE ${body} END)`;
    })))));
}

function replaceFn(args: Val[], ctx: FnContext): Val {
  const pattern = constArg(args, 1, ctx, 'the pattern');
  const repl = constArg(args, 2, ctx, 'the replacement');
  if (typeof pattern !== 'string') throw unsupported(ctx.name, ctx.source, 'only string patterns are supported');
  const r = String(repl);
  if (r.includes('$')) throw unsupported(ctx.name, ctx.source, 'replacement patterns with "$" are not supported');
  const p = stringLiteral(pattern);
  return nonNullString(bind(str(args, 0, ctx), (s) => bind(`strpos(${s}, ${p})`, (i) =>
    `(CASE WHEN ${i} = 0 THEN ${s} ELSE substring(${s}, 1, ${i} - 1) || ${stringLiteral(r)} || substring(${s}, ${i} + ${pattern.length === 0 ? 0 : `length(${p})`}) END)`)));
}

const DECIMAL_PREFIX = "'^[+-]?(Infinity|([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?)'";

function parseFloatFn(args: Val[], ctx: FnContext): Val {
  const s = `ltrim(${str(args, 0, ctx)}, ${stringLiteral(JS_WHITESPACE)})`;
  return sqlVal('number', bind(`regexp_extract(${s}, ${DECIMAL_PREFIX})`, (m) =>
    `(CASE WHEN ${m} = '' THEN ${NAN} ELSE CAST(${m} AS DOUBLE) END)`));
}

function parseIntFn(args: Val[], ctx: FnContext): Val {
  const radix = constArg(args, 1, ctx, 'the radix');
  if (radix !== undefined && radix !== 10 && radix !== 16 && radix !== 0) {
    throw unsupported(ctx.name, ctx.source, 'only radix 10 and 16 are supported');
  }
  const s = `ltrim(${str(args, 0, ctx)}, ${stringLiteral(JS_WHITESPACE)})`;
  const value = (m: string, hex: boolean) => bind(m, (x) => `(CASE WHEN ${x}.digits = '' THEN ${NAN}`
    + ` ELSE (CASE WHEN ${x}.sign = '-' THEN -1 ELSE 1 END) * ${hex ? hexValue(`${x}.digits`) : `CAST(${x}.digits AS DOUBLE)`} END)`);
  const extract = (t: string, pattern: string) => `regexp_extract(${t}, '${pattern}', ['sign', 'digits'])`;
  if (radix === 10) return sqlVal('number', value(extract(s, '^([+-]?)([0-9]*)'), false));
  if (radix === 16) return sqlVal('number', value(extract(s, '^([+-]?)(?:0[xX])?([0-9a-fA-F]{0,28})'), true));
  return sqlVal('number', bind(s, (t) => `(CASE WHEN regexp_matches(${t}, '^[+-]?0[xX][0-9a-fA-F]')`
    + ` THEN ${value(extract(t, '^([+-]?)0[xX]([0-9a-fA-F]{1,28})'), true)}`
    + ` ELSE ${value(extract(t, '^([+-]?)([0-9]*)'), false)} END)`));
}

function lengthFn(args: Val[], ctx: FnContext): Val {
  const v = arg(args, 0);
  if (v.kind === 'sql' && v.type === 'string') return sqlVal('number', jsLength(v.sql));
  if (v.kind === 'sql' && (v.type === 'number' || v.type === 'boolean' || v.type === 'date')) return constVal(undefined);
  throw unsupported(ctx.name, ctx.source, `length of ${v.kind === 'sql' ? v.type : 'this'} value`);
}

function joinFn(args: Val[], ctx: FnContext): Val {
  const seq = arg(args, 0);
  if (seq.kind !== 'const' || !Array.isArray(seq.value)) throw unsupported(ctx.name, ctx.source, 'the array must not depend on the row');
  const sepArg = arg(args, 1);
  const sep = sepArg.kind === 'const' && sepArg.value === undefined ? "','" : strSql(sepArg, ctx.source);
  const items = seq.value.map((x) => stringLiteral(x == null ? '' : String(x)));
  return nonNullString(items.length === 0 ? "''" : bind(sep, (p) => `(${items.join(` || ${p} || `)})`));
}

/** split(string, separator) with a literal, non-empty separator: a JSON array of strings. */
function splitFn(args: Val[], ctx: FnContext): Val {
  const sep = constArg(args, 1, ctx, 'the separator');
  if (typeof sep !== 'string' || sep === '' || args.length > 2) {
    throw unsupported(ctx.name, ctx.source, 'only a non-empty string separator without a limit is supported');
  }
  return sqlVal('object', `CAST(to_json(string_split(${str(args, 0, ctx)}, ${stringLiteral(sep)})) AS JSON)`, true);
}

export const STRING_FUNCTIONS: Record<string, SqlFunction> = {
  join: joinFn,
  split: splitFn,
  length: lengthFn,
  lower: (args, ctx) => nonNullString(bind(str(args, 0, ctx), lowerSql, true)),
  upper: (args, ctx) => nonNullString(bind(str(args, 0, ctx), upperSql, true)),
  trim: (args, ctx) => nonNullString(trimSql(str(args, 0, ctx))),
  pad: padFn,
  truncate: truncateFn,
  substring: substringFn,
  slice: sliceFn,
  indexof: indexFn(false),
  lastindexof: indexFn(true),
  replace: replaceFn,
  parseFloat: parseFloatFn,
  parseInt: parseIntFn,
};
