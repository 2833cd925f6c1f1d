/**
 * Vega's date functions in JavaScript with the browser's zone passed explicitly, so a
 * server in any zone computes what that browser computes.
 */
import { ExpressionError } from '../../errors.js';
import { formatTimeJs, tokenizeTimeFormat, dayOfYear, weekOfYear } from './time-format.js';
import { fromWallTime, localDateTime, localFields, utcDateTime, type LocalFields } from './zoned-time.js';

const MAX_TIME = 8.64e15;
/** A date alone, read as UTC; with a space around it V8's legacy parser reads it as local time. */
const ISO_DATE = /^[+-]?\d{4,6}(-\d\d(-\d\d)?)?$/;
/** A string that names its offset. */
const ZONED = /(Z|[+-]\d\d:?\d\d|(GMT|UTC)([+-]\d{1,4})?)$/i;

/** Time value of `new Date(x)` for one argument, reading zone-less strings in `timeZone`. */
export function toInstant(x: unknown, timeZone: string): number {
  if (x instanceof Date) return x.getTime();
  if (typeof x === 'string' || (typeof x === 'object' && x !== null)) {
    const s = String(x);
    const parsed = Date.parse(s);
    if (Number.isNaN(parsed) || ISO_DATE.test(s) || ZONED.test(s.trim())) return parsed;
    // Parsed in this process's zone: recover the wall time, then read it in the browser's.
    const wall = parsed - new Date(parsed).getTimezoneOffset() * 60_000;
    return fromWallTime(timeZone, wall);
  }
  const n = Number(x);
  return Number.isFinite(n) && Math.abs(n) <= MAX_TIME ? Math.trunc(n) + 0 : NaN;
}

function utcFields(ms: number): LocalFields {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(), month: d.getUTCMonth(), date: d.getUTCDate(), day: d.getUTCDay(),
    hours: d.getUTCHours(), minutes: d.getUTCMinutes(), seconds: d.getUTCSeconds(),
    milliseconds: d.getUTCMilliseconds(), timezoneOffset: 0,
  };
}

export function fieldsOf(x: unknown, timeZone: string, utc: boolean): LocalFields {
  const ms = toInstant(x, timeZone);
  return utc ? utcFields(ms) : localFields(timeZone, ms);
}

type DateFn = (args: unknown[], timeZone: string) => unknown;

function part(utc: boolean, pick: (f: LocalFields, ms: number) => number): DateFn {
  return ([d], tz) => {
    const ms = toInstant(d, tz);
    return Number.isNaN(ms) ? NaN : pick(utc ? utcFields(ms) : localFields(tz, ms), ms);
  };
}

function dateParts(utc: boolean, prefix: string): Record<string, DateFn> {
  return {
    [`${prefix}year`]: part(utc, (f) => f.year),
    [`${prefix}quarter`]: ([d], tz) => 1 + ~~(fieldsOf(d, tz, utc).month / 3),
    [`${prefix}month`]: part(utc, (f) => f.month),
    [`${prefix}date`]: part(utc, (f) => f.date),
    [`${prefix}day`]: part(utc, (f) => f.day),
    [`${prefix}dayofyear`]: part(utc, (f) => dayOfYear(f)),
    [`${prefix}week`]: part(utc, (f) => weekOfYear(f)),
    [`${prefix}hours`]: part(utc, (f) => f.hours),
    [`${prefix}minutes`]: part(utc, (f) => f.minutes),
    [`${prefix}seconds`]: part(utc, (f) => f.seconds),
    [`${prefix}milliseconds`]: part(utc, (f) => f.milliseconds),
  };
}

function format(utc: boolean): DateFn {
  return ([value, spec], tz) => {
    if (value === null) return 'null';
    const tokens = tokenizeTimeFormat(String(spec));
    if (!tokens) throw new ExpressionError('unsupported_function', `format ${JSON.stringify(spec)} uses an unsupported directive`);
    // d3 converts a non-Date with `new Date(+value)`.
    const ms = value instanceof Date ? value.getTime() : toInstant(Number(value), tz);
    return formatTimeJs(tokens, utc ? utcFields(ms) : localFields(tz, ms), ms);
  };
}

/** Date functions by name. */
export const DATE_FUNCTIONS: Record<string, DateFn> = {
  ...dateParts(false, ''),
  ...dateParts(true, 'utc'),
  // `quarter` and `utcquarter` come from the loop above as "quarter"/"utcquarter".
  time: ([d], tz) => toInstant(d, tz),
  timezoneoffset: ([d], tz) => localFields(tz, toInstant(d, tz)).timezoneOffset,
  datetime: (args, tz) => {
    if (args.length === 0) throw new ExpressionError('unsupported_function', 'datetime() reads the clock');
    if (args.length === 1) return new Date(toInstant(args[0], tz));
    return new Date(localDateTime(tz, args.map(Number)));
  },
  utc: (args) => utcDateTime(args.map(Number)),
  timeFormat: format(false),
  utcFormat: format(true),
};
