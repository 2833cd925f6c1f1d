/**
 * `Date.parse` of strings in SQL. ISO 8601 dates and date-times (`2020-01-05`,
 * `2020-01-05T10:00:00.123Z`, `2020-01-05 10:00+05:30`) are parsed in SQL as V8 reads
 * them: a date alone is UTC, a date-time without an offset is the browser's local time, a
 * month outside 1-12, a day outside 1-31, a minute or second over 59 or an hour over 24
 * (24 only at 24:00:00) is NaN, and a day past the month's end rolls into the next month.
 * Digits after the milliseconds are dropped. The slash-separated dates of V8's legacy
 * parser (`2001/01/14 21:55`, `1/14/2001 9:55 PM`) and RFC 2822 dates (`Sun, 14 Jan 2001
 * 21:55:00 GMT`) are read in SQL too (date-parse-legacy.ts).
 *
 * Other strings (`2020-1-5`, `July 4th 2020`, leading spaces) go to V8's lenient legacy
 * parser, which SQL does not reproduce: their distinct values are read from the data
 * (a helper query) and parsed here by V8 itself, in the browser's zone, into a lookup.
 * More than MAX_LEGACY_STRINGS of them, and the browser computes the expression.
 */
import { numberLiteral, stringLiteral } from '../sql.js';
import { unsupported } from './ast.js';
import { toInstant } from './js-dates.js';
import { legacyDateParseSql, legacyDateShapeSql } from './date-parse-legacy.js';
import type { FnContext } from './functions/context.js';
import { fromWallSql } from './functions/dates.js';
import { bind } from './values.js';

const PATTERN = '([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2})(?:([Tt ])([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:[.]([0-9]+))?)?([Zz]|[+-](?:[01][0-9]|2[0-3]):?[0-5][0-9])?)?)?)?';
const GROUPS = ['y', 'mo', 'd', 'sep', 'h', 'mi', 's', 'frac', 'tz'];
const DAY = 86_400_000;

/** SQL TRUE when the string `s` (not NULL) has a shape `dateParseSql` reads as V8 does. */
export function dateShapeSql(s: string): string {
  return `(${isoShapeSql(s)} OR ${legacyDateShapeSql(s)})`;
}

function isoShapeSql(s: string): string {
  // With a space before the time, V8 reads years 0000-0099 as 1900-2049 (two-digit years).
  return `(regexp_full_match(${s}, ${stringLiteral(PATTERN)}) AND NOT regexp_full_match(${s}, '00[0-9]{2}-[0-9]{2}-[0-9]{2} .*'))`;
}

/** Most distinct non-ISO date strings parsed into a lookup; with more, the browser parses them. */
export const MAX_LEGACY_STRINGS = 1000;

/**
 * `Date.parse` of the strings `s` (SQL over the row) takes, whatever their shape: ISO
 * 8601 in SQL, the data's other strings through a lookup V8 built. Returns the SQL (a
 * DOUBLE of ms, NaN when invalid) for a non-empty value named `x` (`s` itself, or a name
 * bound to it).
 */
export function dateStringParser(s: string, ctx: FnContext): (x: string) => string {
  if (!ctx.scope.probe || ctx.scope.datumPrefix) throw unsupported(ctx.name, ctx.source, 'parsing date strings');
  const tz = ctx.scope.timeZone;
  const legacy = ctx.scope.probe(`DISTINCT ${s} AS v`, `${s} IS NOT NULL AND ${s} <> '' AND NOT ${dateShapeSql(s)}`, MAX_LEGACY_STRINGS + 1)
    .map((r) => String(r.v));
  if (legacy.length > MAX_LEGACY_STRINGS) {
    throw unsupported(ctx.name, ctx.source, `more than ${MAX_LEGACY_STRINGS} distinct date strings of shapes other than ISO 8601, slash-separated and RFC 2822 dates, which only the browser parses as it does`);
  }
  if (legacy.length === 0) return (x) => dateParseSql(x, tz);
  const lookup = `MAP([${legacy.map((k) => stringLiteral(k)).join(', ')}], [${legacy.map((k) => `${numberLiteral(toInstant(k, tz))}::DOUBLE`).join(', ')}])`;
  return (x) => bind(x, (y) => `(CASE WHEN ${dateShapeSql(y)} THEN ${dateParseSql(y, tz)} ELSE COALESCE(${lookup}[${y}], ${numberLiteral(NaN)}) END)`, true);
}

/**
 * SQL for `Date.parse(s)` as a DOUBLE of ms (NaN when invalid), for a string `s` of a
 * fixed shape (see `dateShapeSql`); local date-times are read in `timeZone`.
 */
export function dateParseSql(s: string, timeZone: string): string {
  return bind(s, (x) => `(CASE WHEN ${isoShapeSql(x)} THEN ${isoParseSql(x, timeZone)} ELSE ${legacyDateParseSql(x, timeZone)} END)`);
}

function isoParseSql(s: string, timeZone: string): string {
  return bind(`regexp_extract(${s}, ${stringLiteral(`^${PATTERN}$`)}, [${GROUPS.map((g) => stringLiteral(g)).join(', ')}])`, (g) => {
    const int = (name: string, fallback: number) => `COALESCE(TRY_CAST(NULLIF(${g}.${name}, '') AS BIGINT), ${fallback})`;
    const [y, mo, d, h, mi, sec] = [int('y', 0), int('mo', 1), int('d', 1), int('h', 0), int('mi', 0), int('s', 0)];
    const ms = `COALESCE(TRY_CAST(rpad(left(NULLIF(${g}.frac, ''), 3), 3, '0') AS BIGINT), 0)`;
    const valid = `${mo} BETWEEN 1 AND 12 AND ${d} BETWEEN 1 AND 31 AND ${h} <= 24 AND ${mi} <= 59 AND ${sec} <= 59`
      + ` AND (${h} < 24 OR (${mi} = 0 AND ${sec} = 0 AND ${ms} = 0))`;
    const wall = `(epoch_ms(make_date(${y}, ${mo}, 1)::TIMESTAMP) + (${d} - 1) * ${DAY} + ${h} * 3600000 + ${mi} * 60000 + ${sec} * 1000 + ${ms})`;
    const offset = `(CASE WHEN starts_with(${g}.tz, '-') THEN -1 ELSE 1 END * (CAST(substr(${g}.tz, 2, 2) AS BIGINT) * 60 + CAST(right(${g}.tz, 2) AS BIGINT)) * 60000)`;
    const instant = `(CASE WHEN ${g}.sep = '' OR ${g}.tz IN ('Z', 'z') THEN ${wall}`
      + ` WHEN ${g}.tz <> '' THEN ${wall} - ${offset}`
      + ` ELSE ${fromWallSql(wall, timeZone)} END)`;
    return `(CASE WHEN ${valid} THEN CAST(${instant} AS DOUBLE) ELSE ${numberLiteral(NaN)} END)`;
  }, true);
}
