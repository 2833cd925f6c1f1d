import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createZoneClock } from '../../../src/engine/sources/zone-time.js';
import { parseDateString } from '../../../src/engine/sources/date-string.js';
import { createLocalPatternParser } from '../../../src/engine/sources/date-parsers.js';
import { DataError } from '../../../src/errors.js';

/** Runs `fn` synchronously with the process in `tz`, as a browser there would. */
function inZone<T>(tz: string, fn: () => T): T {
  const previous = process.env.TZ;
  process.env.TZ = tz;
  try {
    return fn();
  } finally {
    if (previous === undefined) delete process.env.TZ;
    else process.env.TZ = previous;
  }
}

const ZONES = ['America/New_York', 'Asia/Kolkata', 'Europe/London', 'Australia/Lord_Howe', 'America/St_Johns'];

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Date-like strings in the shapes data files hold, with and without zones. */
const dateString = fc.record({
  y: fc.integer({ min: 1850, max: 2040 }),
  m: fc.integer({ min: 1, max: 12 }),
  d: fc.integer({ min: 1, max: 28 }),
  h: fc.integer({ min: 0, max: 23 }),
  mi: fc.integer({ min: 0, max: 59 }),
  s: fc.integer({ min: 0, max: 59 }),
  shape: fc.integer({ min: 0, max: 13 }),
  zone: fc.constantFrom('', 'Z', '+05:30', '-0700', ' GMT', ' UTC', ' EST', ' PDT', ' GMT+0100', ' +02:00', ' (CET)', ' z'),
}).map(({ y, m, d, h, mi, s, shape, zone }) => {
  const date = `${y}-${pad(m)}-${pad(d)}`;
  const time = `${pad(h)}:${pad(mi)}`;
  switch (shape) {
    case 0: return date;
    case 1: return `${date}T${time}`;
    case 2: return `${date}T${time}:${pad(s)}${zone.trim().startsWith('(') ? '' : zone.trim()}`;
    case 3: return `${date} ${time}${zone}`;
    case 4: return `${y}/${pad(m)}/${pad(d)} ${time}`;
    case 5: return `${y}/${pad(m)}/${pad(d)} ${time}:${pad(s)}${zone}`;
    case 6: return `${MONTHS[m - 1]} ${d} ${y} ${time}${zone}`;
    case 7: return `${d} ${MONTHS[m - 1]} ${y}${zone}`;
    case 8: return `${pad(m)}/${pad(d)}/${y}`;
    case 9: return `${MONTHS[m - 1]} ${d}, ${y} ${h % 12 || 12}:${pad(mi)} ${h < 12 ? 'AM' : 'PM'}${zone}`;
    case 10: return `${y}-${pad(m)}`;
    case 11: return `${y}`;
    case 12: return `${date}T${time}:${pad(s)}.${pad(mi, 3)}`;
    default: return `${date} ${zone.trim()} ${time}`;
  }
});

describe('Date.parse in a browser time zone', () => {
  const fixed = [
    '2001/01/01 00:47', '2001-01-01', '2001-01-01T00:00', '2001-01-01T00:00Z', '2001-01-01 00:00',
    '2011-03-13 02:30', '2011-11-06 01:30', '2011-03-13T02:30:00', 'March 13, 2011 2:30 AM', '1 Jan 2000 UTC',
    '2000-01-01 UTC', '10:00 2001-01-01', '2001', '2001-06', '1883-11-18 12:00', '12/31/1999 23:59:59.999',
    '+002001-01-01T00:00', '2001-01-01T24:00', '99-01-01 00:00', 'Jan 1, 99 10:00', 'Tue Mar 01 2011 00:00:00 GMT-0500 (EST)',
    '2020-03-29 01:30', '2020-10-25 01:30', 'not a date', '', '2001-13-01', '2001-01-01T10:00+05', 'Sat, 01 Jan 2000 10:00:00 +0000',
  ];
  for (const tz of ZONES) {
    it(`matches V8 on chosen strings in ${tz}`, () => {
      const clock = createZoneClock(tz);
      const expected = inZone(tz, () => fixed.map((s) => Date.parse(s)));
      expect(fixed.map((s) => parseDateString(s, clock))).toEqual(expected);
    });
    it(`matches V8 on generated strings in ${tz}`, () => {
      const clock = createZoneClock(tz);
      fc.assert(fc.property(fc.array(dateString, { minLength: 20, maxLength: 20 }), (strings) => {
        const expected = inZone(tz, () => strings.map((s) => Date.parse(s)));
        expect(strings.map((s) => parseDateString(s, clock))).toEqual(expected);
      }), { numRuns: 60, seed: 7 });
    });
  }
});

describe('local wall-clock time', () => {
  for (const tz of ZONES) {
    it(`turns wall times into the instants new Date(y, m, ...) gives in ${tz}, across DST`, () => {
      const clock = createZoneClock(tz);
      const walls: number[] = [];
      // Every 20 minutes over 2020-2021 (two DST cycles), plus a spread over 1880-2030.
      for (let t = Date.UTC(2020, 0, 1); t < Date.UTC(2022, 0, 1); t += 20 * 60_000) walls.push(t);
      for (let t = Date.UTC(1880, 0, 1); t < Date.UTC(2030, 0, 1); t += 86_400_000 * 3.7 + 1_234_000) walls.push(t);
      const expected = inZone(tz, () => walls.map((w) => {
        const d = new Date(w);
        return new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()).getTime();
      }));
      const actual = walls.map((w) => clock.toInstant(w));
      const firstDiff = actual.findIndex((v, i) => v !== expected[i]);
      expect(firstDiff === -1 ? null : new Date(walls[firstDiff]).toISOString()).toBeNull();
    });
    it(`d3 local patterns equal d3.timeParse in ${tz}`, async () => {
      const { timeFormatDefaultLocale } = await import('vega-format');
      const patterns = ['%Y-%m-%d %H:%M', '%d/%m/%Y %I:%M %p', '%Y-%m-%dT%H:%M:%S%Z', '%Q', '%b %d %Y', '%Y %U %a'];
      const values = ['2021-03-14 02:30', '2021-11-07 01:30', '14/03/2021 02:30 AM', '2021-03-14T02:30:00+0100',
        '1615703400000', 'Mar 14 2021', '2021 10 Sun', 'junk'];
      const local = createLocalPatternParser(createZoneClock(tz));
      const expected = inZone(tz, () => patterns.map((p) => values.map((v) => timeFormatDefaultLocale().timeParse(p)(v)?.getTime() ?? null)));
      const actual = patterns.map((p) => values.map((v) => local(p)(v)?.getTime() ?? null));
      expect(actual).toEqual(expected);
    });
  }
  it('refuses an unknown zone', () => {
    expect(() => createZoneClock('Mars/Olympus')).toThrow(DataError);
  });
});
