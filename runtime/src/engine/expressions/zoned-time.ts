/**
 * Local time in an explicit IANA zone, for JavaScript evaluation on a server whose own
 * zone is not the browser's. Follows what a browser's Date does: local fields of an
 * instant, and for a local wall time that is skipped or repeated by a daylight-saving
 * change, the offset in force before the change.
 */

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const MAX_TIME = 8.64e15;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Minutes the zone is ahead of UTC at instant `ms` (the negation of getTimezoneOffset). */
export function zoneOffsetMinutes(timeZone: string, ms: number): number {
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_TIME) return NaN;
  if (timeZone === 'UTC') return 0;
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) parts[p.type] = p.value;
  let year = Number(parts.year);
  if (parts.era === 'BC' || parts.era === 'B') year = 1 - year;
  const wall = Date.UTC(0, Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const wallMs = new Date(wall).setUTCFullYear(year);
  const floored = ms - (((ms % 1000) + 1000) % 1000);
  return Math.round((wallMs - floored) / MS_PER_MINUTE);
}

/** The wall-clock time of instant `ms` in the zone, as ms since the epoch read as UTC. */
export function toWallTime(timeZone: string, ms: number): number {
  return ms + zoneOffsetMinutes(timeZone, ms) * MS_PER_MINUTE;
}

/** The instant of a wall-clock time (ms since the epoch read as UTC) in the zone. */
export function fromWallTime(timeZone: string, wall: number): number {
  if (!Number.isFinite(wall)) return NaN;
  const before = zoneOffsetMinutes(timeZone, wall - MS_PER_DAY);
  const after = zoneOffsetMinutes(timeZone, wall + MS_PER_DAY);
  const valid = (offset: number) => zoneOffsetMinutes(timeZone, wall - offset * MS_PER_MINUTE) === offset;
  if (valid(before)) return wall - before * MS_PER_MINUTE;
  if (valid(after)) return wall - after * MS_PER_MINUTE;
  return wall - before * MS_PER_MINUTE;
}

/** Local fields of an instant, like Date's local getters in that zone. */
export interface LocalFields {
  year: number; month: number; date: number; day: number;
  hours: number; minutes: number; seconds: number; milliseconds: number;
  /** Date#getTimezoneOffset: minutes UTC is ahead of local time. */
  timezoneOffset: number;
}

export function localFields(timeZone: string, ms: number): LocalFields {
  const offset = zoneOffsetMinutes(timeZone, ms);
  const d = new Date(ms + offset * MS_PER_MINUTE);
  return {
    year: d.getUTCFullYear(), month: d.getUTCMonth(), date: d.getUTCDate(), day: d.getUTCDay(),
    hours: d.getUTCHours(), minutes: d.getUTCMinutes(), seconds: d.getUTCSeconds(),
    milliseconds: d.getUTCMilliseconds(), timezoneOffset: offset === 0 ? 0 : -offset,
  };
}

/** `new Date(y, m, d, H, M, S, L)` in the zone: years 0-99 mean 1900-1999, like Date. */
export function localDateTime(timeZone: string, args: number[]): number {
  const wall = utcDateTime(args);
  return Number.isNaN(wall) ? NaN : timeClip(fromWallTime(timeZone, wall));
}

/** `Date.UTC(y, m, d, H, M, S, L)` (a number of ms). */
export function utcDateTime(args: number[]): number {
  const [y, m = 0, d = 1, h = 0, mi = 0, s = 0, ms = 0] = args;
  return Date.UTC(y, m, d, h, mi, s, ms);
}

function timeClip(ms: number): number {
  return Math.abs(ms) > MAX_TIME ? NaN : Math.trunc(ms) + 0;
}
