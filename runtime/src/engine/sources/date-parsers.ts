/**
 * The date parsers a Vega view uses when it reads data, made for the browser's time zone:
 * `parse: {f: "date"}` (vega-util's toDate over Date.parse) and `"date:'%pattern'"` (d3's
 * local-time parser), while `"utc:'%pattern'"` needs no zone.
 */
import { timeFormatDefaultLocale } from 'vega-format';
import { parseDateString } from './date-string.js';
import type { ZoneClock } from './zone-time.js';

/** A d3 time parser: a Date, or null when the value does not match the pattern. */
export type PatternParser = (value: unknown) => Date | null;

const isDateObject = (v: unknown): v is Date => Object.prototype.toString.call(v) === '[object Date]';

/**
 * vega-util's toDate in the clock's zone: numbers and Dates pass through, null and ''
 * become null, anything else goes through Date.parse and so becomes a number (ms, or NaN).
 */
export function createToDate(clock: ZoneClock): (value: unknown) => unknown {
  return (v) => {
    if (v === null || v === undefined || v === '') return null;
    if (typeof v === 'number' || isDateObject(v)) return v;
    return parseDateString(String(v), clock);
  };
}

/** True when a d3 pattern yields an instant by itself (%Z offset, %Q or %s epoch). */
export function patternIsAbsolute(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] !== '%') continue;
    let c = pattern[++i];
    if (c === '-' || c === '_' || c === '0') c = pattern[++i];
    if (c === 'Z' || c === 'Q' || c === 's') return true;
  }
  return false;
}

/** d3's local-time parser for `pattern` as it runs in the clock's zone. */
export function createLocalPatternParser(clock: ZoneClock): (pattern: string) => PatternParser {
  const { utcParse } = timeFormatDefaultLocale();
  return (pattern) => {
    const parse = utcParse(pattern);
    if (patternIsAbsolute(pattern)) return parse;
    // Parse the fields as UTC, then read them as wall-clock time of the zone.
    return (value) => {
      const d = parse(value);
      return d === null ? null : new Date(clock.toInstant(d.getTime()));
    };
  };
}

/** d3's UTC parser for `pattern` (the view's default locale). */
export function utcPatternParser(pattern: string): PatternParser {
  return timeFormatDefaultLocale().utcParse(pattern);
}
