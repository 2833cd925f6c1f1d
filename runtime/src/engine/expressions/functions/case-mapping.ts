/**
 * upper and lower with JavaScript's case mapping. DuckDB maps one character to one
 * (Unicode's simple mapping), while String#toUpperCase applies the special casings that
 * change length ("ß" to "SS") and follows a newer Unicode version; those characters are
 * replaced by their JavaScript mapping before DuckDB maps the rest.
 */
import { stringLiteral } from '../../sql.js';

/** Case pairs added after the Unicode version DuckDB's mapping follows. */
const NEWER_UPPER = [0x19b, 0x264, 0x1c8a, 0xa7cd, 0xa7cf, 0xa7d3, 0xa7d5, 0xa7db];
const NEWER_LOWER = [0x1c89, 0xa7cb, 0xa7cc, 0xa7ce, 0xa7d2, 0xa7d4, 0xa7da, 0xa7dc];

function table(map: (s: string) => string, newer: number[]): [string, string][] {
  const out: [string, string][] = [];
  for (let c = 0; c < 0x110000; c++) {
    if (c >= 0xd800 && c < 0xe000) continue;
    const ch = String.fromCodePoint(c);
    if (map(ch).length > ch.length || newer.includes(c)) out.push([ch, map(ch)]);
  }
  return out;
}

let upperTable: [string, string][] | undefined;
let lowerTable: [string, string][] | undefined;

function mapped(sql: string, fn: 'upper' | 'lower', pairs: [string, string][]): string {
  const cls = pairs.map(([ch]) => `\\x{${ch.codePointAt(0)?.toString(16)}}`).join('');
  const replaced = pairs.reduce((acc, [from, to]) => `replace(${acc}, ${stringLiteral(from)}, ${stringLiteral(to)})`, sql);
  return `(CASE WHEN regexp_matches(${sql}, '[${cls}]') THEN ${fn}(${replaced}) ELSE ${fn}(${sql}) END)`;
}

/** SQL of String#toUpperCase on a non-NULL VARCHAR. */
export function upperSql(sql: string): string {
  upperTable ??= table((s) => s.toUpperCase(), NEWER_UPPER);
  return mapped(sql, 'upper', upperTable);
}

/** SQL of String#toLowerCase on a non-NULL VARCHAR (the final sigma rule aside). */
export function lowerSql(sql: string): string {
  lowerTable ??= table((s) => s.toLowerCase(), NEWER_LOWER);
  return mapped(sql, 'lower', lowerTable);
}
