/**
 * `Date.parse` in SQL for the dates V8 reads with its legacy parser that real files hold:
 * the flights files' `2001/01/14 21:55`, the US `1/14/2001 9:55 PM`, RFC 2822 (`Sun, 14
 * Jan 2001 21:55:00 GMT`, `14 Jan 2001 10:00 -0500`) and `Jan 14, 2001`. V8's rules,
 * reproduced here:
 * - three numbers `a/b/c`: year/month/day when `a` is not a day (outside 1-31), else
 *   month/day/year; a year 0-49 is 2000-2049 and 50-99 is 1950-1999, however many digits;
 * - a month outside 1-12 or a day outside 1-31 is NaN; a day past the month's end rolls
 *   into the next month;
 * - the time `h:m[:s[.fff]]`: with AM/PM the hour must be 0-12 (12 AM is 0, 12 PM is 12);
 *   an hour over 23, a minute or second over 59 is NaN, except 24:00:00.000 (next day);
 *   digits after the milliseconds are dropped;
 * - with a month name, the number that is a day (1-31) comes first: `14 Jan 2001` and
 *   `Jan 14, 2001`; a weekday name before it is ignored;
 * - a zone (GMT, UT, UTC, Z, the US zones, `+hhmm` read as hours*100+minutes unchecked,
 *   `GMT-0500`) makes the time an instant; without one it is the browser's wall-clock time.
 * Other legacy strings (other separators, words, zones) stay with V8 (a lookup).
 */
import { numberLiteral, stringLiteral } from '../sql.js';
import { fromWallSql } from './functions/dates.js';
import { bind } from './values.js';

export const SLASH_DATE_PATTERN = '([0-9]{1,4})/([0-9]{1,4})/([0-9]{1,4})'
  + '(?: +([0-9]{1,2}):([0-9]{1,2})(?::([0-9]{1,2})(?:[.]([0-9]+))?)?(?: +([AaPp][Mm]))?)?';
const GROUPS = ['a', 'b', 'c', 'h', 'mi', 's', 'frac', 'ampm'];
const DAY = 86_400_000;

const TIME = '(?: +([0-9]{1,2}):([0-9]{1,2})(?::([0-9]{1,2})(?:[.]([0-9]+))?)?(?: +([AaPp][Mm]))?';
const MONTHS = 'jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec';
const ZONE = '(?: +(?:(gmt|utc|ut|z)([+-][0-9]{4})?|([ecmp][sd]t)|([+-][0-9]{4})))?';
export const NAMED_MONTH_PATTERN = `(?i)(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,? *)?`
  + `(?:([0-9]{1,2}) +(${MONTHS})[a-z]*|(${MONTHS})[a-z]* +([0-9]{1,2}),?) +([0-9]{1,4})${TIME}${ZONE})?`;
const NAMED_GROUPS = ['a1', 'm1', 'm2', 'a2', 'b', 'h', 'mi', 's', 'frac', 'ampm', 'utc', 'utcoff', 'us', 'off'];
/** Hours from UTC of the US zones V8 knows. */
const US_ZONES: Record<string, number> = { est: -5, edt: -4, cst: -6, cdt: -5, mst: -7, mdt: -6, pst: -8, pdt: -7 };

/** SQL TRUE when `s` (not NULL) has a shape `legacyDateParseSql` reads. */
export function legacyDateShapeSql(s: string): string {
  return `(regexp_full_match(${s}, ${stringLiteral(SLASH_DATE_PATTERN)}) OR regexp_full_match(${s}, ${stringLiteral(NAMED_MONTH_PATTERN)}))`;
}

/** SQL for `Date.parse(s)` (a DOUBLE of ms, NaN when invalid) of a string of those shapes, local in `timeZone`. */
export function legacyDateParseSql(s: string, timeZone: string): string {
  return bind(s, (x) => `(CASE WHEN regexp_full_match(${x}, ${stringLiteral(SLASH_DATE_PATTERN)}) THEN ${slashSql(x, timeZone)}`
    + ` ELSE ${namedMonthSql(x, timeZone)} END)`, true);
}

type Int = (name: string, fallback: number) => string;

function groups(s: string, pattern: string, names: string[], body: (g: string, int: Int) => string): string {
  return bind(`regexp_extract(${s}, ${stringLiteral(`^${pattern}$`)}, [${names.map((g) => stringLiteral(g)).join(', ')}])`, (g) => {
    const int: Int = (name, fallback) => `COALESCE(TRY_CAST(NULLIF(${g}.${name}, '') AS BIGINT), ${fallback})`;
    return body(g, int);
  }, true);
}

/** A year 0-49 is 2000-2049 and 50-99 is 1950-1999. */
function fullYear(y: string): string {
  return bind(y, (v) => `(CASE WHEN ${v} <= 49 THEN ${v} + 2000 WHEN ${v} <= 99 THEN ${v} + 1900 ELSE ${v} END)`);
}

function slashSql(s: string, timeZone: string): string {
  return groups(s, SLASH_DATE_PATTERN, GROUPS, (g, int) => {
    const [a, b, c] = [int('a', 0), int('b', 0), int('c', 0)];
    const ymd = `NOT (${a} BETWEEN 1 AND 31)`;
    const date = {
      year: fullYear(`(CASE WHEN ${ymd} THEN ${a} ELSE ${c} END)`),
      month: `(CASE WHEN ${ymd} THEN ${b} ELSE ${a} END)`,
      day: `(CASE WHEN ${ymd} THEN ${c} ELSE ${b} END)`,
    };
    return instantSql(g, int, date, (wall) => fromWallSql(wall, timeZone));
  });
}

function namedMonthSql(s: string, timeZone: string): string {
  return groups(s, NAMED_MONTH_PATTERN, NAMED_GROUPS, (g, int) => {
    // The first number is the day when it is one (1-31), else the year.
    const b = int('b', 0);
    const dayFirst = `(CASE WHEN ${g}.a1 <> '' THEN ${int('a1', 0)} ELSE ${int('a2', 0)} END)`;
    const isDay = `(${dayFirst} BETWEEN 1 AND 31)`;
    const date = {
      year: fullYear(`(CASE WHEN ${isDay} THEN ${b} ELSE ${dayFirst} END)`),
      month: `list_position([${MONTHS.split('|').map((m) => stringLiteral(m)).join(', ')}], lower(COALESCE(NULLIF(${g}.m1, ''), ${g}.m2)))`,
      day: `(CASE WHEN ${isDay} THEN ${dayFirst} ELSE ${b} END)`,
    };
    const offsetMinutes = (o: string) => `(CASE WHEN starts_with(${o}, '-') THEN -1 ELSE 1 END * (CAST(substr(${o}, 2, 2) AS BIGINT) * 60 + CAST(substr(${o}, 4, 2) AS BIGINT)))`;
    const us = `CASE lower(${g}.us) ${Object.entries(US_ZONES).map(([z, h]) => `WHEN ${stringLiteral(z)} THEN ${h * 60}`).join(' ')} END`;
    return instantSql(g, int, date, (wall) => `(CASE WHEN ${g}.utc <> '' AND ${g}.utcoff <> '' THEN ${wall} - ${offsetMinutes(`${g}.utcoff`)} * 60000`
      + ` WHEN ${g}.utc <> '' THEN ${wall}`
      + ` WHEN ${g}.us <> '' THEN ${wall} - (${us}) * 60000`
      + ` WHEN ${g}.off <> '' THEN ${wall} - ${offsetMinutes(`${g}.off`)} * 60000`
      + ` ELSE ${fromWallSql(wall, timeZone)} END)`);
  });
}

/**
 * The instant of a parsed date and time (groups h, mi, s, frac, ampm of `g`), NaN when a
 * part is out of range; `instant` turns the wall-clock ms into ms since the epoch.
 */
function instantSql(g: string, int: Int, date: { year: string; month: string; day: string }, instant: (wall: string) => string): string {
  const h = int('h', 0);
  const [mi, sec] = [int('mi', 0), int('s', 0)];
  const ms = `COALESCE(TRY_CAST(rpad(left(NULLIF(${g}.frac, ''), 3), 3, '0') AS BIGINT), 0)`;
  const ampm = `lower(${g}.ampm)`;
  const hour = `(CASE WHEN ${ampm} = 'pm' THEN ${h} % 12 + 12 WHEN ${ampm} = 'am' THEN ${h} % 12 ELSE ${h} END)`;
  const valid = `${date.month} BETWEEN 1 AND 12 AND ${date.day} BETWEEN 1 AND 31 AND (${ampm} = '' OR ${h} <= 12)`
    + ` AND ((${hour} <= 23 AND ${mi} <= 59 AND ${sec} <= 59) OR (${hour} = 24 AND ${mi} = 0 AND ${sec} = 0 AND ${ms} = 0))`;
  const wall = `(epoch_ms(make_date(${date.year}, ${date.month}, 1)::TIMESTAMP) + (${date.day} - 1) * ${DAY} + ${hour} * 3600000 + ${mi} * 60000 + ${sec} * 1000 + ${ms})`;
  return `(CASE WHEN ${valid} THEN CAST(${instant(wall)} AS DOUBLE) ELSE ${numberLiteral(NaN)} END)`;
}
