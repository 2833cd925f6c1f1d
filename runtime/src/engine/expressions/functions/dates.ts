/**
 * Date functions in SQL. Dates are TIMESTAMP holding the UTC instant; local fields come
 * from the browser's zone through ICU (`timezone(zone, ts::TIMESTAMPTZ)` is the wall
 * clock). A number argument is ms since the epoch, as `new Date(n)` reads it; NULL is
 * `new Date(null)`, the epoch. Invalid dates give NaN fields, like Date.
 */
import { numberLiteral, stringLiteral, timestampLiteral } from '../../sql.js';
import { unsupported } from '../ast.js';
import { toInstant } from '../js-dates.js';
import { formatTimeJs, formatTimeSql, tokenizeTimeFormat, weekSql } from '../time-format.js';
import { bind, numSql, sqlVal, type Val } from '../values.js';
import { localFields } from '../zoned-time.js';
import { isFixedZone, offsetSql, zoneOffsets } from '../../time/zone-offsets.js';
import { arg, constArg, type FnContext, type SqlFunction } from './context.js';
import { dateStringParser } from '../date-parse.js';

const NAN = numberLiteral(NaN);
const DAY = 86_400_000;

/** A TIMESTAMP for `new Date(v)`, NULL when the date is invalid. */
export function instantSql(v: Val, ctx: FnContext): string {
  if (v.kind === 'const') {
    const ms = toInstant(v.value, ctx.scope.timeZone);
    return Number.isNaN(ms) ? 'NULL::TIMESTAMP' : timestampLiteral(ms);
  }
  if (v.kind === 'sql') {
    switch (v.type) {
      case 'date': return `COALESCE(${v.sql}, make_timestamp(0::BIGINT))`;
      case 'number': return msToTimestamp(`COALESCE(${v.sql}, 0::DOUBLE)`);
      case 'boolean': return `make_timestamp(CAST(COALESCE(${v.sql}, FALSE) AS BIGINT) * 1000)`;
      case 'null': return 'make_timestamp(0::BIGINT)';
      case 'undefined': return 'NULL::TIMESTAMP';
      case 'string': {
        // new Date(null) is the epoch; new Date('') is invalid.
        const parse = dateStringParser(v.sql, ctx);
        return bind(v.sql, (s) => `(CASE WHEN ${s} IS NULL THEN make_timestamp(0::BIGINT) WHEN ${s} = '' THEN NULL::TIMESTAMP`
          + ` ELSE ${msToTimestamp(parse(s))} END)`, true);
      }
      default: break;
    }
  }
  throw unsupported(ctx.name, ctx.source, `dates from ${v.kind === 'sql' ? v.type : 'mixed'} values are not supported`);
}

/** TIMESTAMP of a DOUBLE of ms (TimeClip: truncated, NULL beyond ±8.64e15 or NaN). */
function msToTimestamp(ms: string): string {
  return bind(ms, (n) => `(CASE WHEN isfinite(${n}) AND abs(${n}) <= 8.64e15 THEN make_timestamp(CAST(trunc(${n}) AS BIGINT) * 1000) END)`);
}

/** Longest instant expression the offset CASE tree repeats; longer ones convert through ICU. */
const MAX_TREE_ARGUMENT = 240;

/**
 * The wall-clock TIMESTAMP of an instant in the zone: the instant plus the zone's offset,
 * looked up in a CASE tree over the zone's transitions (the platform's tz data, as the
 * browser's Date; several times faster per row than an ICU conversion).
 */
export function wallSql(ts: string, timeZone: string): string {
  if (timeZone === 'UTC') return ts;
  const zone = zoneOffsets(timeZone);
  if (isFixedZone(zone)) return `(${ts} + to_milliseconds(${zone.offsets[0]}))`;
  if (ts.length > MAX_TREE_ARGUMENT) return icuWallSql(ts, timeZone);
  const ms = `epoch_ms(${ts})`;
  return `make_timestamp((${ms} + ${offsetSql(zone, ms)}) * 1000)`;
}

/** The wall clock through ICU: compact SQL, for the nested uses where a CASE tree would multiply. */
function icuWallSql(ts: string, timeZone: string): string {
  return timeZone === 'UTC' ? ts : `timezone(${stringLiteral(timeZone)}, CAST(${ts} AS TIMESTAMPTZ))`;
}

/** Offset in ms of the zone at instant `t` (BIGINT ms). */
function offsetMs(t: string, timeZone: string): string {
  return bind(t, (x) => `(epoch_ms(${icuWallSql(`make_timestamp(${x} * 1000)`, timeZone)}) - ${x})`, true);
}

/** Instant (BIGINT ms) of a wall time (BIGINT ms), using the offset before a DST change. */
export function fromWallSql(wall: string, timeZone: string): string {
  if (timeZone === 'UTC') return wall;
  // The same offset a day before and after: no change near, the common case.
  return bind(wall, (w) => bind(offsetMs(`(${w} - ${DAY})`, timeZone), (b) => bind(offsetMs(`(${w} + ${DAY})`, timeZone), (a) =>
    `(CASE WHEN ${a} = ${b} AND ${offsetMs(`(${w} - ${b})`, timeZone)} = ${b} THEN ${w} - ${b}`
    + ` WHEN ${offsetMs(`(${w} - ${b})`, timeZone)} = ${b} THEN ${w} - ${b}`
    + ` WHEN ${offsetMs(`(${w} - ${a})`, timeZone)} = ${a} THEN ${w} - ${a} ELSE ${w} - ${b} END)`, true), true), true);
}

/** Date.UTC over compiled arguments: a DOUBLE of ms, NaN when invalid. */
function utcMsSql(args: Val[], ctx: FnContext): string {
  const defaults = [NaN, 0, 1, 0, 0, 0, 0];
  const n = defaults.map((d, i) => (i < args.length ? numSql(args[i], ctx.source) : numberLiteral(d)));
  const finite = n.map((x) => `isfinite(${x})`).join(' AND ');
  const t = n.map((x) => `trunc(${x})`);
  const year = bind(t[0], (y) => `(CASE WHEN ${y} >= 0 AND ${y} <= 99 THEN 1900 + ${y} ELSE ${y} END + floor(${t[1]} / 12))`);
  const month = bind(t[1], (m) => `(${m} - floor(${m} / 12) * 12)`);
  const clampInt = (x: string) => `CAST(least(greatest(${x}, -250000), 250000) AS BIGINT)`;
  const day = `epoch_ms(make_date(${clampInt(year)}, ${clampInt(month)} + 1, 1)::TIMESTAMP)`;
  const ms = `(${day} + (${t[2]} - 1) * ${DAY} + ${t[3]} * 3600000 + ${t[4]} * 60000 + ${t[5]} * 1000 + ${t[6]})`;
  return `(CASE WHEN ${finite} AND abs(${year}) < 250000 THEN ${ms} ELSE ${NAN} END)`;
}

function timeClip(ms: string): string {
  return bind(ms, (x) => `(CASE WHEN abs(${x}) <= 8.64e15 THEN ${x} ELSE ${NAN} END)`);
}

function datetimeFn(args: Val[], ctx: FnContext): Val {
  if (args.length === 0) throw unsupported('datetime', ctx.source, 'datetime() reads the clock');
  if (args.length === 1) {
    const v = args[0];
    const ts = instantSql(v, ctx);
    // A date column holds no Invalid Date (NULL is null, read as the epoch): where a
    // value might not make a valid date, the browser computes the expression.
    if (v.kind === 'sql' && (v.type === 'number' || v.type === 'string')) {
      if (!ctx.scope.requireAll) throw unsupported(ctx.name, ctx.source, 'datetime() of a value that may not be a valid date');
      ctx.scope.requireAll(`(${v.sql} IS NULL OR ${ts} IS NOT NULL)`, 'datetime() of a value that is not a valid date (an Invalid Date has no SQL value)');
    }
    return sqlVal('date', ts);
  }
  const wall = utcMsSql(args, ctx);
  return sqlVal('date', bind(wall, (w) => `(CASE WHEN isnan(${w}) OR abs(${w}) > 8.64e15 + ${DAY} THEN NULL::TIMESTAMP`
    + ` ELSE ${msToTimestamp(`CAST(${fromWallSql(`CAST(${w} AS BIGINT)`, ctx.scope.timeZone)} AS DOUBLE)`)} END)`));
}

type Part = (w: string) => string;

const PARTS: Record<string, Part> = {
  year: (w) => `year(${w})`,
  // 1 + ~~(NaN / 3) is 1 for an invalid date.
  quarter: (w) => `COALESCE(quarter(${w}), 1)`,
  month: (w) => `month(${w}) - 1`,
  date: (w) => `day(${w})`,
  day: (w) => `dayofweek(${w})`,
  dayofyear: (w) => `dayofyear(${w})`,
  week: (w) => weekSql(w),
  hours: (w) => `hour(${w})`,
  minutes: (w) => `minute(${w})`,
  seconds: (w) => `second(${w})`,
  milliseconds: (w) => `millisecond(${w}) % 1000`,
};

function partFn(part: Part, utc: boolean): SqlFunction {
  return (args, ctx) => {
    const v = arg(args, 0);
    const ts = instantSql(v, ctx);
    const w = utc ? ts : wallSql(ts, ctx.scope.timeZone);
    // A date (null reads as the epoch) is always valid: its fields are never NaN or NULL.
    if (v.kind === 'sql' && (v.type === 'date' || v.type === 'null')) {
      return sqlVal('number', bind(w, (x) => `CAST(${part(x)} AS DOUBLE)`, !utc), true);
    }
    return sqlVal('number', bind(w, (x) => `COALESCE(CAST(${part(x)} AS DOUBLE), ${NAN})`, !utc), true);
  };
}

function formatFn(utc: boolean): SqlFunction {
  return (args, ctx) => {
    const spec = constArg(args, 1, ctx, 'the format');
    const tokens = tokenizeTimeFormat(String(spec));
    if (!tokens) throw unsupported(ctx.name, ctx.source, `format ${JSON.stringify(spec)} uses an unsupported directive`);
    const v = arg(args, 0);
    const invalid = stringLiteral(formatTimeJs(tokens, localFields('UTC', NaN), NaN));
    const isNull = v.kind === 'sql' ? `${v.sql} IS NULL` : v.kind === 'const' && v.value === null ? 'TRUE' : 'FALSE';
    const ts = v.kind === 'sql' && v.type === 'date' ? v.sql : instantSql(v, ctx);
    const body = bind(ts, (t) => `(CASE WHEN ${t} IS NULL THEN ${invalid} ELSE ${bind(utc ? t : wallSql(t, ctx.scope.timeZone), (w) =>
      formatTimeSql(tokens, w, `epoch_ms(${t})`, `((epoch_ms(${w}) - epoch_ms(${t})) // 60000)`), true)} END)`, true);
    return sqlVal('string', `(CASE WHEN ${isNull} THEN 'null' ELSE ${body} END)`, true);
  };
}

export const DATE_SQL_FUNCTIONS: Record<string, SqlFunction> = {
  ...Object.fromEntries(Object.entries(PARTS).flatMap(([name, part]) => [
    [name, partFn(part, false)], [`utc${name}`, partFn(part, true)],
  ])),
  time: (args, ctx) => sqlVal('number', `COALESCE(CAST(epoch_ms(${instantSql(arg(args, 0), ctx)}) AS DOUBLE), ${NAN})`),
  timezoneoffset: (args, ctx) => sqlVal('number', bind(instantSql(arg(args, 0), ctx), (t) =>
    `COALESCE(CAST((epoch_ms(${t}) - epoch_ms(${wallSql(t, ctx.scope.timeZone)})) / 60000 AS DOUBLE), ${NAN})`, true)),
  datetime: datetimeFn,
  utc: (args, ctx) => {
    if (args.length === 0) return sqlVal('number', NAN);
    return sqlVal('number', timeClip(utcMsSql(args, ctx)));
  },
  timeFormat: formatFn(false),
  utcFormat: formatFn(true),
};
