/**
 * `Date.parse` in SQL for the slash-separated dates V8 reads with its legacy parser: the
 * flights files' `2001/01/14 21:55` and the US `1/14/2001 9:55 PM`, as real files hold
 * them. V8's rules, reproduced here:
 * - three numbers `a/b/c`: year/month/day when `a` is not a day (outside 1-31), else
 *   month/day/year; a year 0-49 is 2000-2049 and 50-99 is 1950-1999, however many digits;
 * - a month outside 1-12 or a day outside 1-31 is NaN; a day past the month's end rolls
 *   into the next month;
 * - the time `h:m[:s[.fff]]`: with AM/PM the hour must be 0-12 (12 AM is 0, 12 PM is 12);
 *   an hour over 23, a minute or second over 59 is NaN, except 24:00:00.000 (next day);
 *   digits after the milliseconds are dropped;
 * - no zone can be named in these shapes: the wall-clock time is read in the browser's zone.
 * Other legacy strings (month names, zones, other separators) stay with V8 (a lookup).
 */
import { numberLiteral, stringLiteral } from '../sql.js';
import { fromWallSql } from './functions/dates.js';
import { bind } from './values.js';

export const SLASH_DATE_PATTERN = '([0-9]{1,4})/([0-9]{1,4})/([0-9]{1,4})'
  + '(?: +([0-9]{1,2}):([0-9]{1,2})(?::([0-9]{1,2})(?:[.]([0-9]+))?)?(?: +([AaPp][Mm]))?)?';
const GROUPS = ['a', 'b', 'c', 'h', 'mi', 's', 'frac', 'ampm'];
const DAY = 86_400_000;

/** SQL TRUE when `s` (not NULL) has a shape `slashDateParseSql` reads. */
export function slashDateShapeSql(s: string): string {
  return `regexp_full_match(${s}, ${stringLiteral(SLASH_DATE_PATTERN)})`;
}

/** SQL for `Date.parse(s)` (a DOUBLE of ms, NaN when invalid) of a string of that shape, local in `timeZone`. */
export function slashDateParseSql(s: string, timeZone: string): string {
  return bind(`regexp_extract(${s}, ${stringLiteral(`^${SLASH_DATE_PATTERN}$`)}, [${GROUPS.map((g) => stringLiteral(g)).join(', ')}])`, (g) => {
    const int = (name: string, fallback: number) => `COALESCE(TRY_CAST(NULLIF(${g}.${name}, '') AS BIGINT), ${fallback})`;
    const [a, b, c] = [int('a', 0), int('b', 0), int('c', 0)];
    const ymd = `NOT (${a} BETWEEN 1 AND 31)`;
    const year = bind(`(CASE WHEN ${ymd} THEN ${a} ELSE ${c} END)`, (y) => `(CASE WHEN ${y} <= 49 THEN ${y} + 2000 WHEN ${y} <= 99 THEN ${y} + 1900 ELSE ${y} END)`);
    const month = `(CASE WHEN ${ymd} THEN ${b} ELSE ${a} END)`;
    const day = `(CASE WHEN ${ymd} THEN ${c} ELSE ${b} END)`;
    const h = int('h', 0);
    const [mi, sec] = [int('mi', 0), int('s', 0)];
    const ms = `COALESCE(TRY_CAST(rpad(left(NULLIF(${g}.frac, ''), 3), 3, '0') AS BIGINT), 0)`;
    const ampm = `lower(${g}.ampm)`;
    const hour = `(CASE WHEN ${ampm} = 'pm' THEN ${h} % 12 + 12 WHEN ${ampm} = 'am' THEN ${h} % 12 ELSE ${h} END)`;
    const valid = `${month} BETWEEN 1 AND 12 AND ${day} BETWEEN 1 AND 31 AND (${ampm} = '' OR ${h} <= 12)`
      + ` AND ((${hour} <= 23 AND ${mi} <= 59 AND ${sec} <= 59) OR (${hour} = 24 AND ${mi} = 0 AND ${sec} = 0 AND ${ms} = 0))`;
    const wall = `(epoch_ms(make_date(${year}, ${month}, 1)::TIMESTAMP) + (${day} - 1) * ${DAY} + ${hour} * 3600000 + ${mi} * 60000 + ${sec} * 1000 + ${ms})`;
    return `(CASE WHEN ${valid} THEN CAST(${fromWallSql(wall, timeZone)} AS DOUBLE) ELSE ${numberLiteral(NaN)} END)`;
  }, true);
}
