/**
 * Wall-clock time in an IANA time zone, the way a browser in that zone turns local date
 * fields into an instant (`new Date(y, m, d, ...)`, `Date.parse` of a zone-less string).
 * The runtime itself runs in UTC, so local time of the browser is computed here from the
 * zone's offsets instead of from the process's own zone.
 */
import { DataError } from '../../errors.js';

const DAY = 86_400_000;

/** Converts wall-clock times of one zone to instants. */
export interface ZoneClock {
  readonly timeZone: string;
  /** The zone's UTC offset (ms) at an instant. */
  offsetAt(instant: number): number;
  /**
   * The instant of wall-clock time `wall` (ms since the epoch read as if UTC). A time that
   * a DST gap skips moves forward by the gap, and an ambiguous time takes its first
   * occurrence, as JavaScript's local-time conversion does.
   */
  toInstant(wall: number): number;
}

/** A clock for `timeZone`; throws DataError('bad_data') for an unknown zone. */
export function createZoneClock(timeZone: string): ZoneClock {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', era: 'short',
      year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
  } catch (cause) {
    throw new DataError('bad_data', `Unknown time zone "${timeZone}"`, { cause });
  }
  const isUtc = format.resolvedOptions().timeZone === 'UTC';
  // Offsets of whole days (UTC) whose start and end have the same offset; a day holding a
  // transition is computed per instant.
  const days = new Map<number, number | null>();

  function exactOffset(instant: number): number {
    const seconds = Math.floor(instant / 1000) * 1000;
    const parts = format.formatToParts(seconds);
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    const era = parts.find((p) => p.type === 'era')?.value;
    const year = era === 'BC' || era === 'B' ? 1 - get('year') : get('year');
    const wall = new Date(0);
    wall.setUTCFullYear(year, get('month') - 1, get('day'));
    wall.setUTCHours(get('hour'), get('minute'), get('second'), 0);
    return wall.getTime() - seconds;
  }

  function offsetAt(instant: number): number {
    if (isUtc || !Number.isFinite(instant)) return 0;
    const day = Math.floor(instant / DAY);
    const cached = days.get(day);
    if (cached === null) return exactOffset(instant);
    if (cached !== undefined) return cached;
    const start = exactOffset(day * DAY);
    const constant = start === exactOffset(day * DAY + DAY - 1000);
    days.set(day, constant ? start : null);
    return constant ? start : exactOffset(instant);
  }

  function toInstant(wall: number): number {
    if (isUtc || !Number.isFinite(wall)) return wall;
    const before = offsetAt(wall - DAY);
    const after = offsetAt(wall + DAY);
    // The larger offset gives the earlier instant: the first occurrence of a repeated time.
    const [first, second] = before >= after ? [before, after] : [after, before];
    if (offsetAt(wall - first) === first) return wall - first;
    if (offsetAt(wall - second) === second) return wall - second;
    // In a gap: read with the offset in force before the transition (moves forward).
    return wall - before;
  }

  return { timeZone, offsetAt, toInstant };
}
