/**
 * Bounds on what a short expression can build. A few characters (`pad('', 1e9)`,
 * `replace(s, /x/g, "$`")`, `split(s, '')`) can ask the shared process for gigabytes; each
 * such call is measured before it builds anything and refused past its bound with a
 * `limit_exceeded` error that names the function, the size and the limit.
 */
import { LimitError } from '../../errors.js';

/** Longest string one call (or `+`) may build, in characters. */
export const MAX_STRING_LENGTH = 10_000_000;

/**
 * Most characters one evaluation of an expression may build in all (an array of many
 * pads builds each within MAX_STRING_LENGTH, and all of them together).
 */
export const MAX_BUILT_CHARS = 50_000_000;

/** Strings from + shorter than this are not counted toward MAX_BUILT_CHARS (a chain of small ones would count its length many times). */
const COUNTED_FROM = 1_000_000;

/** Characters built so far, per evaluation (its context object). */
const built = new WeakMap<object, number>();

/**
 * Counts `length` characters that `what` built toward the evaluation's MAX_BUILT_CHARS
 * (the evaluation is named by its context object); throws past it.
 */
export function charge(evaluation: object, what: string, length: number, always = true): void {
  if (!always && length < COUNTED_FROM) return;
  const total = (built.get(evaluation) ?? 0) + Math.max(0, length);
  built.set(evaluation, total);
  if (total > MAX_BUILT_CHARS) {
    throw new LimitError('limit_exceeded', `${what} would bring the characters built by one expression to ${total}; the limit is ${MAX_BUILT_CHARS}`);
  }
}

/** Most items split() may return. */
export const MAX_SPLIT_ITEMS = 1_000_000;

/** Longest expression source the runtime parses, in characters (a filter over thousands of listed values fits). */
export const MAX_EXPRESSION_LENGTH = 1_000_000;

/**
 * Prefix of the message of a refusal raised inside DuckDB (SQL `error()`) for a value
 * that only a row reveals; the engine turns such a failure into a LimitError.
 */
export const SQL_LIMIT_MARKER = 'vegafusion limit_exceeded: ';

/** The coded refusal for `what` (a function or operator) building `size` of `unit`, over `limit`. */
export function tooLarge(what: string, size: number, limit: number, unit = 'characters'): LimitError {
  return new LimitError('limit_exceeded', `${what} would build ${size} ${unit}; the limit is ${limit}`);
}

/** Throws when a string of `length` characters built by `what` is over MAX_STRING_LENGTH. */
export function checkLength(what: string, length: number): void {
  if (length > MAX_STRING_LENGTH) throw tooLarge(what, length, MAX_STRING_LENGTH);
}

type Part = { literal: number } | { ref: '&' | '`' | "'" } | { group: number | string };

/** The parts of a replacement string, as String.prototype.replace substitutes them. */
function replacementParts(repl: string, groups: number, named: boolean): Part[] {
  const parts: Part[] = [];
  let literal = 0;
  for (let i = 0; i < repl.length; i++) {
    const c = repl[i + 1];
    if (repl[i] !== '$' || c === undefined) {
      literal++;
    } else if (c === '$') {
      literal++;
      i++;
    } else if (c === '&' || c === '`' || c === "'") {
      parts.push({ ref: c });
      i++;
    } else if (/\d/.test(c)) {
      const two = Number(repl.slice(i + 1, i + 3));
      const n = /^\d\d$/.test(repl.slice(i + 1, i + 3)) && two >= 1 && two <= groups ? two : Number(c);
      if (n >= 1 && n <= groups) {
        parts.push({ group: n });
        i += n >= 10 ? 2 : 1;
      } else literal++;
    } else if (c === '<' && named && repl.indexOf('>', i) > 0) {
      const end = repl.indexOf('>', i);
      parts.push({ group: repl.slice(i + 2, end) });
      i = end;
    } else if (c === '<' && !named) {
      literal += 2;
      i++;
    } else literal++;
  }
  parts.push({ literal });
  return parts;
}

/**
 * The length of `s.replace(pattern, repl)`, computed match by match without building it;
 * once it passes `stopAt` it stops counting and returns what it has (more than stopAt).
 */
export function replacedLength(s: string, pattern: string | RegExp, repl: string, stopAt = Infinity): number {
  const first = typeof pattern === 'string' ? s.indexOf(pattern) : -1;
  const matches: Iterable<RegExpMatchArray> = typeof pattern === 'string'
    ? (first < 0 ? [] : [Object.assign([pattern], { index: first }) as RegExpMatchArray])
    : pattern.global ? s.matchAll(pattern) : [s.match(pattern)].filter((m): m is RegExpMatchArray => m !== null);
  let length = s.length;
  let parts: Part[] | undefined;
  for (const m of matches) {
    parts ??= replacementParts(repl, m.length - 1, m.groups !== undefined);
    const at = m.index ?? 0;
    length -= m[0].length;
    for (const p of parts) {
      if ('literal' in p) length += p.literal;
      else if ('ref' in p) length += p.ref === '&' ? m[0].length : p.ref === '`' ? at : s.length - at - m[0].length;
      else length += (typeof p.group === 'number' ? m[p.group] : m.groups?.[p.group])?.length ?? 0;
    }
    if (length > stopAt) break;
  }
  return length;
}

/** Throws when `s.replace(pattern, repl)` would be longer than MAX_STRING_LENGTH. */
export function checkReplace(s: string, pattern: string | RegExp, repl: string): void {
  // A string pattern replaces once, and a replacement without "$" inserts only itself.
  if (typeof pattern === 'string' && !repl.includes('$') && s.length + repl.length <= MAX_STRING_LENGTH) return;
  const length = replacedLength(s, pattern, repl, MAX_STRING_LENGTH);
  if (length > MAX_STRING_LENGTH) throw tooLarge('replace()', length, MAX_STRING_LENGTH, 'characters or more');
}

/** Throws when `s.split(sep, limit)` would return more than MAX_SPLIT_ITEMS items; counts without splitting. */
export function checkSplit(s: string, sep: unknown, limit: unknown): void {
  const most = limit === undefined ? Infinity : Number(limit) >>> 0;
  if (most <= MAX_SPLIT_ITEMS || s.length < MAX_SPLIT_ITEMS) return;
  let items = 1;
  if (sep === '') items = s.length;
  else if (typeof sep === 'string') {
    for (let i = s.indexOf(sep); i >= 0 && items <= MAX_SPLIT_ITEMS; i = s.indexOf(sep, i + sep.length)) items++;
  } else if (sep instanceof RegExp) {
    const re = new RegExp(sep.source, sep.flags.includes('g') ? sep.flags : `${sep.flags}g`);
    for (const m of s.matchAll(re)) {
      items += m[0].length === 0 ? 0 : 1;
      if (items > MAX_SPLIT_ITEMS) break;
    }
    // An empty match splits between every character.
    if (re.test('') && items <= MAX_SPLIT_ITEMS) items = s.length;
  } else return;
  items = Math.min(items, most);
  if (items > MAX_SPLIT_ITEMS) throw tooLarge('split()', items, MAX_SPLIT_ITEMS, items === MAX_SPLIT_ITEMS + 1 ? 'items or more' : 'items');
}

/** Throws when `seq.join(sep)` would be longer than MAX_STRING_LENGTH; measures without joining. */
export function checkJoin(seq: readonly unknown[], sep: string): void {
  let length = Math.max(0, seq.length - 1) * sep.length;
  for (const x of seq) {
    length += x == null ? 0 : typeof x === 'string' ? x.length : String(x).length;
  }
  checkLength('join()', length);
}
