/**
 * Vega's expression functions in JavaScript, for signal evaluation and for folding the
 * parts of a row expression that do not depend on the row. Only pure functions: nothing
 * that reads the clock, randomness, the DOM or the view.
 */
import {
  inrange, isArray, isBoolean, isDate, isNumber, isObject, isRegExp, isString, pad, toBoolean,
  toNumber, toString as vegaToString, truncate,
} from 'vega-util';
import { ExpressionError } from '../../errors.js';
import { charge, checkJoin, checkReplace, checkSplit, MAX_STRING_LENGTH, tooLarge } from './growth.js';
import { DATE_FUNCTIONS, toInstant } from './js-dates.js';
import { selectionIdTestJs, selectionResolveJs, selectionTestJs } from './selection.js';

export interface JsContext {
  timeZone: string;
  data(name: string): Record<string, unknown>[] | undefined;
}

export type JsFunction = (args: unknown[], ctx: JsContext) => unknown;

const math1 = (f: (x: number) => number): JsFunction => ([x]) => f(x as number);

function sequence(seq: unknown): readonly unknown[] | string {
  if (isArray(seq) || isString(seq)) return seq;
  throw new TypeError('Expected an array or a string');
}

function stringOf(x: unknown): string {
  return String(x);
}

/** Rows of a dataset in scope; Vega rejects a name that is not defined. */
export function dataset(name: unknown, ctx: JsContext): Record<string, unknown>[] {
  const rows = ctx.data(String(name));
  if (!rows) throw new ExpressionError('bad_expression', `Undefined data set name: ${JSON.stringify(String(name))}`);
  return rows;
}

/** Functions by name. `if` is evaluated lazily by the interpreter and is not listed here. */
export const JS_FUNCTIONS: Record<string, JsFunction> = {
  isArray: ([x]) => isArray(x),
  isBoolean: ([x]) => isBoolean(x),
  isDate: ([x]) => isDate(x),
  isDefined: ([x]) => x !== undefined,
  isNumber: ([x]) => isNumber(x),
  isObject: ([x]) => isObject(x),
  isRegExp: ([x]) => isRegExp(x),
  isString: ([x]) => isString(x),
  isValid: ([x]) => x != null && x === x,
  isNaN: ([x]) => Number.isNaN(x),
  isFinite: ([x]) => Number.isFinite(x),

  abs: math1(Math.abs), acos: math1(Math.acos), asin: math1(Math.asin), atan: math1(Math.atan),
  ceil: math1(Math.ceil), cos: math1(Math.cos), exp: math1(Math.exp), floor: math1(Math.floor),
  log: math1(Math.log), round: math1(Math.round), sin: math1(Math.sin), sqrt: math1(Math.sqrt),
  tan: math1(Math.tan),
  atan2: ([y, x]) => Math.atan2(y as number, x as number),
  pow: ([x, y]) => Math.pow(x as number, y as number),
  hypot: (args) => Math.hypot(...(args as number[])),
  max: (args) => Math.max(...(args as number[])),
  min: (args) => Math.min(...(args as number[])),
  clamp: ([x, lo, hi]) => Math.max(lo as number, Math.min(hi as number, x as number)),

  toBoolean: ([x]) => toBoolean(x),
  toNumber: ([x]) => toNumber(x),
  toString: (args: unknown[]) => vegaToString(args[0]),
  toDate: ([x], ctx) => (x == null || x === '' ? null
    : isNumber(x) ? x : isDate(x) ? x : toInstant(String(x), ctx.timeZone)),

  length: ([x]) => (x as { length: unknown }).length,
  lower: ([x]) => stringOf(x).toLowerCase(),
  upper: ([x]) => stringOf(x).toUpperCase(),
  trim: ([x]) => stringOf(x).trim(),
  pad: ([s, n, c, align], ctx) => {
    // The one function that grows a string by a number it is given: without a bound, one
    // request could exhaust the shared process's heap.
    const grown = (Number(n) - String(s ?? '').length) * Math.max(1, String(c ?? ' ').length);
    if (grown > MAX_STRING_LENGTH) throw tooLarge('pad()', grown, MAX_STRING_LENGTH);
    charge(ctx, 'pad()', grown);
    return pad(s as string, n as number, c as string, align as 'left');
  },
  truncate: ([s, n, align, e]) => truncate(s as string, n as number, align as 'left', e as string),
  parseFloat: ([x]) => parseFloat(x as string),
  parseInt: ([x, radix]) => parseInt(x as string, radix as number),
  substring: ([s, a, b]) => stringOf(s).substring(a as number, b as number),
  indexof: ([seq, v]) => (sequence(seq) as string).indexOf(v as string),
  lastindexof: ([seq, v]) => (sequence(seq) as string).lastIndexOf(v as string),
  slice: ([seq, a, b]) => (sequence(seq) as string).slice(a as number, b as number),
  replace: ([s, pattern, repl], ctx) => {
    if (typeof repl === 'function') throw new TypeError('Function argument passed to replace.');
    if (!isString(pattern) && !isRegExp(pattern)) throw new TypeError('Please pass a string or RegExp argument to replace.');
    // With a global pattern or "$`" in the replacement, the result can be quadratic in s.
    checkReplace(stringOf(s), pattern as string | RegExp, stringOf(repl));
    const out = stringOf(s).replace(pattern as string, repl as string);
    charge(ctx, 'replace()', out.length, false);
    return out;
  },
  split: ([s, sep, limit]) => {
    checkSplit(stringOf(s), sep, limit);
    return stringOf(s).split(sep as string, limit as number);
  },
  join: ([seq, sep], ctx) => {
    if (!isArray(seq)) throw new TypeError('join expects an array');
    checkJoin(seq, sep === undefined ? ',' : String(sep));
    const out = seq.join(sep as string);
    charge(ctx, 'join()', out.length, false);
    return out;
  },
  inrange: ([v, range, left, right]) => inrange(v as number, range as number[], left as boolean, right as boolean),

  data: ([name], ctx) => dataset(name, ctx),
  vlSelectionTest: ([name, datum, op], ctx) => selectionTestJs(dataset(name, ctx), datum, op),
  vlSelectionIdTest: ([name, datum, op], ctx) => selectionIdTestJs(dataset(name, ctx), datum, op),
  vlSelectionResolve: ([name, op, isMulti, vl5], ctx) => selectionResolveJs(dataset(name, ctx), op, isMulti, vl5),

  ...Object.fromEntries(Object.entries(DATE_FUNCTIONS).map(([k, f]): [string, JsFunction] => [k, (args, ctx) => f(args, ctx.timeZone)])),
};
