/**
 * Vega time units as SQL: the unit list and its validation (vega-time `timeUnits`), the
 * automatic unit choice (`timeBin`), and SQL that floors an instant and offsets it the way
 * vega-time's timeFloor/utcFloor and d3-time's intervals do.
 *
 * Everything runs on BIGINT milliseconds. Local time follows JavaScript's Date: fields are
 * read from the wall clock of the browser's zone, a floored wall clock becomes an instant
 * the way `new Date(y, m, d, ...)` resolves it (a time skipped by a DST change moves
 * forward by the gap, a repeated time takes its first occurrence), and day-or-longer
 * offsets move the wall clock like the Date setters do. Calendar arithmetic uses day
 * numbers (days since 1970-01-01 on the wall clock) so week counts match d3-time exactly.
 */
import { TransformError } from '../../errors.js';
import { offsetSql, zoneOffsets } from '../time/zone-offsets.js';

export const TIME_UNITS = [
  'year', 'quarter', 'month', 'week', 'isoweek', 'date', 'day', 'dayofyear',
  'hours', 'minutes', 'seconds', 'milliseconds',
] as const;

export type TimeUnit = typeof TIME_UNITS[number];

const DAY_MS = 86400000;

/** Checks and sorts units like vega-time's `timeUnits` (same errors, as TransformError). */
export function normalizeTimeUnits(units: unknown): TimeUnit[] {
  const list = (Array.isArray(units) ? units : units === undefined || units === null ? [] : [units]).slice();
  if (list.length === 0) throw new TransformError('bad_transform', 'Missing time unit.');
  const seen = new Set<TimeUnit>();
  for (const u of list) {
    if (typeof u !== 'string' || !(TIME_UNITS as readonly string[]).includes(u)) {
      throw new TransformError('bad_transform', `Invalid time unit: ${String(u)}.`);
    }
    seen.add(u as TimeUnit);
  }
  const has = (u: TimeUnit) => seen.has(u);
  const kinds = (has('week') || has('isoweek') || has('day') ? 1 : 0)
    + (has('quarter') || has('month') || has('date') ? 1 : 0)
    + (has('dayofyear') ? 1 : 0);
  if (kinds > 1 || (has('week') && has('isoweek'))) {
    throw new TransformError('bad_transform', `Incompatible time units: ${list.join(',')}`);
  }
  return (list as TimeUnit[]).sort((a, b) => TIME_UNITS.indexOf(a) - TIME_UNITS.indexOf(b));
}

// -- automatic units (vega-time timeBin) --

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MILLI_UNITS: TimeUnit[] = ['year', 'month', 'date', 'hours', 'minutes', 'seconds', 'milliseconds'];
const SECOND_UNITS = MILLI_UNITS.slice(0, -1);
const MINUTE_UNITS = SECOND_UNITS.slice(0, -1);
const HOUR_UNITS = MINUTE_UNITS.slice(0, -1);
const DAY_UNITS = HOUR_UNITS.slice(0, -1);
const BIN_INTERVALS: [TimeUnit[], number, number][] = [
  [SECOND_UNITS, 1, SECOND], [SECOND_UNITS, 5, 5 * SECOND], [SECOND_UNITS, 15, 15 * SECOND],
  [SECOND_UNITS, 30, 30 * SECOND], [MINUTE_UNITS, 1, MINUTE], [MINUTE_UNITS, 5, 5 * MINUTE],
  [MINUTE_UNITS, 15, 15 * MINUTE], [MINUTE_UNITS, 30, 30 * MINUTE], [HOUR_UNITS, 1, HOUR],
  [HOUR_UNITS, 3, 3 * HOUR], [HOUR_UNITS, 6, 6 * HOUR], [HOUR_UNITS, 12, 12 * HOUR],
  [DAY_UNITS, 1, DAY], [['year', 'week'], 1, 7 * DAY], [['year', 'month'], 1, 30 * DAY],
  [['year', 'month'], 3, 90 * DAY], [['year'], 1, 365 * DAY],
];

/** Units and step for an extent of instants (ms), as vega-time's `timeBin` picks them. */
export function timeBin(extent: [number, number], maxbins?: number): { units: TimeUnit[]; step: number } {
  const max = maxbins || 40;
  const target = Math.abs(extent[1] - extent[0]) / max;
  // bisector(...).right: the first interval whose duration exceeds the target.
  let i = 0;
  while (i < BIN_INTERVALS.length && BIN_INTERVALS[i][2] <= target) i++;
  if (i === BIN_INTERVALS.length) {
    return { units: ['year'], step: tickStep(extent[0] / (365 * DAY), extent[1] / (365 * DAY), max) };
  }
  if (i > 0) {
    const pick = BIN_INTERVALS[target / BIN_INTERVALS[i - 1][2] < BIN_INTERVALS[i][2] / target ? i - 1 : i];
    return { units: pick[0], step: pick[1] };
  }
  return { units: MILLI_UNITS, step: Math.max(tickStep(extent[0], extent[1], max), 1) };
}

/** d3-array's tickStep: a nice step (1, 2 or 5 times a power of ten) for about `count` ticks. */
export function tickStep(start: number, stop: number, count: number): number {
  const reverse = stop < start;
  const inc = reverse ? tickIncrement(stop, start, count) : tickIncrement(start, stop, count);
  return (reverse ? -1 : 1) * (inc < 0 ? 1 / -inc : inc);
}

function tickIncrement(start: number, stop: number, count: number): number {
  const step = (stop - start) / Math.max(0, count);
  const power = Math.floor(Math.log10(step));
  const error = step / 10 ** power;
  const factor = error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1;
  let i1: number;
  let i2: number;
  let inc: number;
  if (power < 0) {
    inc = 10 ** -power / factor;
    i1 = Math.round(start * inc);
    i2 = Math.round(stop * inc);
    if (i1 / inc < start) ++i1;
    if (i2 / inc > stop) --i2;
    inc = -inc;
  } else {
    inc = 10 ** power * factor;
    i1 = Math.round(start / inc);
    i2 = Math.round(stop / inc);
    if (i1 * inc < start) ++i1;
    if (i2 * inc > stop) --i2;
  }
  if (i2 < i1 && count >= 0.5 && count < 2) return tickIncrement(start, stop, count * 2);
  return inc;
}

// -- SQL building blocks on BIGINT milliseconds and day numbers --

/** floor(a / b) as BIGINT. */
const fdiv = (a: string, b: number | string) => `CAST(floor((${a}) / (${b})) AS BIGINT)`;
/** a mod b, never negative. */
const pmod = (a: string, b: number) => `((((${a}) % ${b}) + ${b}) % ${b})`;
/** Day of week of a day number, 0 = Sunday (1970-01-01 was a Thursday). */
const dow = (d: string) => pmod(`(${d}) + 4`, 7);
/** The Sunday on or before a day number; the Monday on or before it. */
const sunday = (d: string) => `((${d}) - ${dow(d)})`;
const monday = (d: string) => `((${d}) - ${pmod(`(${d}) + 3`, 7)})`;
/** Day number of January 1st of a year. */
const jan1 = (y: string) => `CAST(epoch_ms(make_timestamp(CAST(${y} AS BIGINT), 1, 1, 0, 0, 0.0)) / ${DAY_MS} AS BIGINT)`;
/** Year of a day number. */
const yearOfDay = (d: string) => `year(make_timestamp((${d}) * ${DAY_MS * 1000}))`;
/** Day of the year on which ISO week 1 starts (<= 0: the preceding December). */
const isoWeekOne = (y: string) => monday(`${jan1(y)} + 3`);
const isoWeekOneDate = (y: string) => `(${isoWeekOne(y)} - ${jan1(y)} + 1)`;
/** vega-time's weekday(week, day, firstDay). */
const weekday = (week: string, day: string, y: string) => `((${day}) + (${week}) * 7 - (${dow(jan1(y))} + 6) % 7)`;

/** The wall-clock fields a floor reads, as columns of an inner query. */
export interface WallFields {
  /** Day number of the wall clock date. */
  day: string;
  year: string;
  /** 0-based month. */
  month: string;
  date: string;
  hours: string;
  minutes: string;
  seconds: string;
  milliseconds: string;
}

/** SELECT-list items that split a wall-clock ms column into WallFields named with `prefix`. */
export function wallFieldColumns(wall: string, prefix: string, q: (name: string) => string): string[] {
  const tod = `((${wall}) - ${fdiv(wall, DAY_MS)} * ${DAY_MS})`;
  const ts = `make_timestamp((${wall}) * 1000)`;
  return [
    `${fdiv(wall, DAY_MS)} AS ${q(`${prefix}day`)}`,
    `year(${ts}) AS ${q(`${prefix}year`)}`,
    `month(${ts}) - 1 AS ${q(`${prefix}month`)}`,
    `day(${ts}) AS ${q(`${prefix}date`)}`,
    `${fdiv(tod, 3600000)} AS ${q(`${prefix}hours`)}`,
    `${fdiv(tod, 60000)} % 60 AS ${q(`${prefix}minutes`)}`,
    `${fdiv(tod, 1000)} % 60 AS ${q(`${prefix}seconds`)}`,
    `${tod} % 1000 AS ${q(`${prefix}milliseconds`)}`,
  ];
}

/**
 * The week and day counts vega-time reads through d3-time's `count`, precomputed as
 * columns of an inner query (they are long expressions in local time).
 */
export interface Counts {
  week: string;
  isoweek: string;
  isoyear: string;
  dayofyear: string;
}

/** Which counts a unit list reads. */
export function countsNeeded(units: TimeUnit[]): (keyof Counts)[] {
  const u = new Set(units);
  const out: (keyof Counts)[] = [];
  if (u.has('week')) out.push('week');
  if (u.has('isoweek')) out.push('isoyear', 'isoweek');
  if (u.has('dayofyear')) out.push('dayofyear');
  return out;
}

/** ISO week-numbering year of the wall date: the year of its week's Thursday. */
export function isoYearSql(f: WallFields): string {
  return yearOfDay(`${monday(f.day)} + 3`);
}

/**
 * The two local midnights (day numbers) d3 counts between, and the interval in days:
 * weeks since the Sunday on or before December 31st of the previous year, ISO weeks since
 * week one's Monday, days since December 31st.
 */
export function countSpan(kind: 'week' | 'isoweek' | 'dayofyear', f: WallFields, isoyear: string): [string, string, number] {
  switch (kind) {
    case 'week': return [sunday(`${jan1(f.year)} - 1`), sunday(f.day), 7];
    case 'isoweek': return [isoWeekOne(isoyear), monday(f.day), 7];
    default: return [`${jan1(f.year)} - 1`, f.day, 1];
  }
}

/**
 * d3's count from the instants two midnights resolve to (`si`, `ei`, ms): the instant
 * difference corrected by getTimezoneOffset(), which JavaScript truncates to whole
 * minutes. Across a seconds-precise offset change (local mean time) or a skipped
 * midnight this is one lower than the calendar difference; in UTC it equals it.
 */
export function localCountSql(si: string, ei: string, days: number, timeZone: string): string {
  const minutes = (instant: string) => `CAST(trunc(${zoneOffsetSql(instant, timeZone)} / 60000) AS BIGINT)`;
  return fdiv(`${ei} - ${si} + (${minutes(ei)} - ${minutes(si)}) * 60000`, days * DAY_MS);
}

/** The calendar difference in whole intervals (UTC counts). */
export function utcCountSql(s: string, e: string, days: number): string {
  return `((${e}) - (${s})) // ${days}`;
}

type Getter = (f: WallFields, y: string, c: Counts) => string;

const GET: Record<string, Getter> = {
  year: (f) => f.year,
  quarter: (f) => fdiv(f.month, 3),
  month: (f) => f.month,
  date: (f) => f.date,
  hours: (f) => f.hours,
  minutes: (f) => f.minutes,
  seconds: (f) => f.seconds,
  milliseconds: (f) => f.milliseconds,
  dayofyear: (_f, _y, c) => c.dayofyear,
  week: (_f, _y, c) => c.week,
  weekday: (f, y, c) => weekday(c.week, dow(f.day), y),
  day: (f, y) => weekday('1', dow(f.day), y),
  isoweek: (_f, _y, c) => c.isoweek,
  yearisoweek: (_f, _y, c) => c.isoyear,
  isoweekday: (f, y, c) => `(${isoWeekOneDate(y)} + (${c.isoweek} - 1) * 7 + ${pmod(`${dow(f.day)} + 6`, 7)})`,
};

const INVERSE: Record<string, (v: string, y: string) => string> = {
  quarter: (q) => `(3 * (${q}))`,
  week: (w, y) => weekday(w, '0', y),
  isoweek: (w, y) => `(${isoWeekOneDate(y)} + ((${w}) - 1) * 7)`,
};

/** vega-time's getUnit: the getter, stepped (with a phase for 1-based units), then inverted. */
function unitSql(f: WallFields, y: string, c: Counts, key: string, step: number | false, phase: number): string {
  const raw = GET[key](f, y, c);
  let v = raw;
  if (step !== false && step > 1) {
    v = phase
      ? `(${phase} + ${step} * floor(((${raw}) - ${phase}) / ${step}))`
      : `(${step} * floor((${raw}) / ${step}))`;
  }
  const inv = INVERSE[key];
  return inv ? inv(v, y) : v;
}

/** SQL for the floored year (the first part of the floor: later parts depend on it). */
export function floorYearSql(units: TimeUnit[], step: number, f: WallFields, c: Counts): string {
  const u = new Set(units);
  const last = units[units.length - 1];
  if (u.has('year')) {
    return `trunc(${unitSql(f, '', c, u.has('isoweek') ? 'yearisoweek' : 'year', last === 'year' && step, 0)})`;
  }
  return u.has('isoweek') ? '2015' : '2012';
}

/** SQL for the floored wall clock in ms, given the floored year `y`. */
export function floorWallSql(units: TimeUnit[], step: number, f: WallFields, y: string, c: Counts): string {
  const u = new Set(units);
  const last = units[units.length - 1];
  const part = (unit: TimeUnit, phase = 0, key: string = unit) => unitSql(f, y, c, key, unit === last && step, phase);
  const m = u.has('month') ? part('month') : u.has('quarter') ? part('quarter') : '0';
  const d = u.has('week') && u.has('day') ? part('day', 1, 'weekday')
    : u.has('isoweek') && u.has('day') ? part('day', 1, 'isoweekday')
      : u.has('week') ? part('week', 1)
        : u.has('isoweek') ? part('isoweek', 1)
          : u.has('day') ? part('day', 1)
            : u.has('date') ? part('date', 1)
              : u.has('dayofyear') ? part('dayofyear', 1)
                : '1';
  const time = (unit: TimeUnit) => (u.has(unit) ? `trunc(${part(unit)})` : '0');
  // new Date(y, m, d, H, M, S, L): fields are truncated, days overflow into later months.
  return `(epoch_ms(make_timestamp(CAST(${y} AS BIGINT) + ${fdiv(`trunc(${m})`, 12)}, ${pmod(`CAST(trunc(${m}) AS BIGINT)`, 12)} + 1, 1, 0, 0, 0.0))`
    + ` + (CAST(trunc(${d}) AS BIGINT) - 1) * ${DAY_MS} + ${time('hours')} * 3600000 + ${time('minutes')} * 60000`
    + ` + ${time('seconds')} * 1000 + ${time('milliseconds')})`;
}

// -- local time zone conversions --

/**
 * Offset of the zone from UTC (ms) at an instant given in ms: a CASE tree over the zone's
 * transitions from the platform's tz data (what the browser's Date uses), several times
 * faster than a per-row zone conversion. `ms` is repeated inside: pass a column or a
 * short expression.
 */
export function zoneOffsetSql(ms: string, timeZone: string): string {
  return offsetSql(zoneOffsets(timeZone), `(${ms})`);
}

/** Wall clock (ms) of an instant (ms) in the zone. */
export function toWallSql(ms: string, timeZone: string): string {
  return `((${ms}) + ${zoneOffsetSql(ms, timeZone)})`;
}

/**
 * The instant a wall clock (ms) denotes, resolved like JavaScript's Date: the earlier of
 * two candidates in a repeated hour, the offset before the change in a skipped one. The
 * offsets a day either side (`before`, `after`: columns or SQL from `zoneOffsetSql`)
 * bracket any change, zones changing at most once in two days.
 */
export function fromWallSql(wall: string, before: string, after: string, timeZone: string): string {
  const c1 = `((${wall}) - ${before})`;
  const c2 = `((${wall}) - ${after})`;
  const valid = (c: string, off: string) => `(${zoneOffsetSql(c, timeZone)} = ${off})`;
  return `(CASE WHEN ${before} = ${after} THEN ${c1}
    WHEN ${valid(c1, before)} AND ${valid(c2, after)} THEN least(${c1}, ${c2})
    WHEN ${valid(c1, before)} THEN ${c1} WHEN ${valid(c2, after)} THEN ${c2} ELSE ${c1} END)`;
}

/** The zone offsets a day before and after a wall clock, for fromWallSql. */
export function bracketOffsetsSql(wall: string, timeZone: string): [string, string] {
  return [zoneOffsetSql(`(${wall}) - ${DAY_MS}`, timeZone), zoneOffsetSql(`(${wall}) + ${DAY_MS}`, timeZone)];
}

/** Milliseconds of a fixed-length interval unit, or undefined for calendar units. */
export function fixedUnitMs(unit: TimeUnit): number | undefined {
  switch (unit) {
    case 'hours': return HOUR;
    case 'minutes': return MINUTE;
    case 'seconds': return SECOND;
    case 'milliseconds': return 1;
    default: return undefined;
  }
}

/** Days and months a calendar interval unit moves by per step. */
export function calendarUnit(unit: TimeUnit): { days: number; months: number } {
  switch (unit) {
    case 'year': return { days: 0, months: 12 };
    case 'quarter': return { days: 0, months: 3 };
    case 'month': return { days: 0, months: 1 };
    case 'week': case 'isoweek': return { days: 7, months: 0 };
    default: return { days: 1, months: 0 };
  }
}

/**
 * A wall clock (ms) moved by whole days and months the way Date#setDate/setMonth/
 * setFullYear do: the month carries into the year, the day of the month overflows.
 */
export function addCalendarSql(f: WallFields, days: number, months: number): string {
  const m = `(${f.month} + ${months})`;
  return `(epoch_ms(make_timestamp(${f.year} + ${fdiv(m, 12)}, ${pmod(m, 12)} + 1, 1, 0, 0, 0.0))`
    + ` + (${f.date} - 1 + ${days}) * ${DAY_MS} + ${f.hours} * 3600000 + ${f.minutes} * 60000`
    + ` + ${f.seconds} * 1000 + ${f.milliseconds})`;
}
