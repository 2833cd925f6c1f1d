/**
 * Conversions (toNumber, toString, toBoolean, toDate) with vega-util's semantics: null
 * and the empty string give null. Also inrange over a literal range.
 */
import { numberLiteral } from '../../sql.js';
import { unsupported } from '../ast.js';
import { compare } from '../operators.js';
import {
  bind, constVal, numberToStringSql, sqlVal, stringToNumberSql, toSql, truthSql, type Val,
} from '../values.js';
import { arg, constArg, type FnContext, type SqlFunction } from './context.js';
import { dateStringParser } from '../date-parse.js';

function typed(v: Val, ctx: FnContext) {
  const s = toSql(v, ctx.source);
  if (s.type === 'object') throw unsupported(ctx.name, ctx.source, 'conversion of nested values');
  return s;
}

const toNumber: SqlFunction = (args, ctx) => {
  const v = typed(arg(args, 0), ctx);
  switch (v.type) {
    case 'number': return v;
    case 'string': return sqlVal('number', `(CASE WHEN ${v.sql} IS NULL OR ${v.sql} = '' THEN NULL ELSE ${stringToNumberSql(v.sql)} END)`);
    case 'boolean': return sqlVal('number', `CAST(${v.sql} AS DOUBLE)`);
    case 'date': return sqlVal('number', `CAST(epoch_ms(${v.sql}) AS DOUBLE)`);
    default: return constVal(null);
  }
};

const toStringFn: SqlFunction = (args, ctx) => {
  const v = typed(arg(args, 0), ctx);
  switch (v.type) {
    case 'number': return sqlVal('string', numberToStringSql(v.sql));
    case 'string': return sqlVal('string', `NULLIF(${v.sql}, '')`);
    case 'boolean': return sqlVal('string', `(CASE WHEN ${v.sql} THEN 'true' WHEN NOT ${v.sql} THEN 'false' END)`);
    case 'date': throw unsupported(ctx.name, ctx.source, 'Date#toString depends on the browser');
    default: return constVal(null);
  }
};

const toBoolean: SqlFunction = (args, ctx) => {
  const v = typed(arg(args, 0), ctx);
  switch (v.type) {
    case 'boolean': return v;
    case 'string': return sqlVal('boolean', `(CASE WHEN ${v.sql} IS NULL OR ${v.sql} = '' THEN NULL WHEN ${v.sql} IN ('false', '0') THEN FALSE ELSE TRUE END)`);
    case 'number': case 'date': return sqlVal('boolean', `(CASE WHEN ${v.sql} IS NULL THEN NULL ELSE ${truthSql(v)} END)`);
    default: return constVal(null);
  }
};

const toDate: SqlFunction = (args, ctx) => {
  const v = typed(arg(args, 0), ctx);
  switch (v.type) {
    case 'number': case 'date': return v;
    case 'boolean': return sqlVal('number', `(CASE WHEN ${v.sql} IS NULL THEN NULL ELSE ${numberLiteral(NaN)} END)`);
    case 'string': {
      const parse = dateStringParser(v.sql, ctx);
      return sqlVal('number', bind(v.sql, (s) => `(CASE WHEN ${s} IS NULL OR ${s} = '' THEN NULL ELSE ${parse(s)} END)`));
    }
    default: return constVal(null);
  }
};

/** inrange(value, range, left, right) with a literal range and flags. */
const inrange: SqlFunction = (args, ctx) => {
  const range = constArg(args, 1, ctx, 'the range');
  const left = constArg(args, 2, ctx, 'the left flag');
  const right = constArg(args, 3, ctx, 'the right flag');
  if (!Array.isArray(range)) throw unsupported(ctx.name, ctx.source, 'the range must be an array');
  return inrangeOf(arg(args, 0), range, left === undefined || Boolean(left), right === undefined || Boolean(right), ctx.source);
};

/** SQL for vega-util's inrange(value, range, left, right). */
export function inrangeOf(value: Val, range: unknown[], left: boolean, right: boolean, source: string): Val {
  let r0 = range[0];
  let r1 = range[range.length - 1];
  if ((r0 as number) > (r1 as number)) [r0, r1] = [r1, r0];
  const lo = compare(left ? '<=' : '<', constVal(r0), value, source);
  const hi = compare(right ? '<=' : '<', value, constVal(r1), source);
  return sqlVal('boolean', `(${lo.sql} AND ${hi.sql})`);
}

export const CONVERT_FUNCTIONS: Record<string, SqlFunction> = {
  toNumber,
  toString: toStringFn,
  toBoolean,
  toDate,
  inrange,
};
