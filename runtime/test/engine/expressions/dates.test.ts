import { describe, expect, it } from 'vitest';
import { MAX_LEGACY_STRINGS } from '../../../src/engine/expressions/date-parse.js';
import { runEngine } from '../../support/engine.js';
import type { Row } from '../../support/vega-oracle.js';
import { expectFilters, expectFormulas } from './harness.js';

const ZONES = ['UTC', 'America/New_York', 'Asia/Kolkata', 'Europe/Berlin'];

/** Instants around the 2020 DST changes of New York and Berlin, odd milliseconds, nulls. */
const instants = [
  Date.UTC(2020, 2, 8, 6, 59, 59, 999), Date.UTC(2020, 2, 8, 7, 0), Date.UTC(2020, 10, 1, 5, 30), Date.UTC(2020, 10, 1, 6, 30),
  Date.UTC(2020, 2, 29, 0, 59, 59), Date.UTC(2020, 2, 29, 1, 0, 0, 1), Date.UTC(2020, 9, 25, 0, 30), Date.UTC(2020, 9, 25, 1, 30),
  Date.UTC(1969, 11, 31, 23, 0, 0, 123), Date.UTC(2000, 0, 1), Date.UTC(2021, 0, 3, 12), Date.UTC(2024, 11, 31, 22, 15, 7, 9),
];
const rows: Row[] = [
  ...instants.map((ms, i) => ({ d: new Date(ms), ms, h: i % 5, y: 2020 + (i % 3), k: i })),
  { d: null, ms: null, h: null, y: null, k: 99 },
  { d: new Date(0), ms: NaN, h: 2.7, y: 45, k: 100 },
];

/** ISO 8601 date strings (the shapes SQL parses), around DST changes, out of range, empty and null. */
const dateStrings: Row[] = [
  '2020-03-08', '2020-03-08T02:30', '2020-03-08 02:30:15.5', '2020-11-01T01:30:00', '2020-03-29T02:30:00Z', '2020-10-25T01:30+05:30',
  '2020', '2020-02', '2020-02-30', '2020-13-01', '2020-01-05T24:00', '1969-12-31T23:59:59.9999Z', '2020-10-25 01:30:00.123', '', null,
].map((s, k) => ({ s, k }));
const STRING_SCHEMA = [{ name: 's', type: 'string' as const }, { name: 'k', type: 'number' as const }];

const parts = ['year', 'quarter', 'month', 'date', 'day', 'dayofyear', 'week', 'hours', 'minutes', 'seconds', 'milliseconds'];

describe.each(ZONES)('dates in %s', (timeZone) => {
  it('local and UTC parts of dates and of ms numbers', () => expectFormulas([
    ...parts.flatMap((p) => [`${p}(datum.d)`, `utc${p}(datum.d)`, `${p}(datum.ms)`, `utc${p}(datum.ms)`]),
    'time(datum.d)', 'time(datum.ms)', 'timezoneoffset(datum.d)', 'timezoneoffset(datum.ms)',
  ], rows, { timeZone }));

  it('datetime() builds local time, skipping and repeating at DST changes like Date', () => expectFormulas([
    'datetime(2020, 2, 8, datum.h, 30)', 'datetime(2020, 10, 1, datum.h, 30)', 'datetime(2020, 2, 29, datum.h, 30)',
    'datetime(2020, 9, 25, datum.h, 30, 15, 500)', 'datetime(datum.y, 0, 1)', 'datetime(datum.y, datum.h * 5 - 3, 31)',
    'datetime(datum.y, 1, 29, 24 * datum.h)', 'datetime(datum.ms || 0)', 'datetime(datum.d)', 'datetime(datum.y, 13.5, -1.5)',
    'time(datetime(datum.y, 6, 15, 12)) - datum.ms', 'datetime(datum.y)',
  ], rows, { timeZone }));

  it('utc() gives ms since the epoch', () => expectFormulas([
    'utc(datum.y, 0, 1)', 'utc(datum.y, datum.h, 31, 23, 59, 59, 999)', 'utc(datum.y)', 'utc(2020, datum.ms)',
    'utc(datum.y, -1)', 'utc(datum.h, 0)',
  ], rows, { timeZone }));

  it('timeFormat and utcFormat with d3 specifiers', () => expectFormulas([
    'timeFormat(datum.d, "%Y-%m-%d %H:%M:%S.%L")', 'utcFormat(datum.d, "%Y-%m-%dT%H:%M:%S.%LZ")',
    'timeFormat(datum.d, "%b %d, %Y")', 'timeFormat(datum.d, "%a %A %B %e %j %I %p %y %q")',
    'utcFormat(datum.d, "%-d/%-m %_H|%0e %U %u %w")', 'timeFormat(datum.d, "%Z")', 'utcFormat(datum.d, "%Z %Q %s %%")',
    'timeFormat(datum.ms, "%Y-%m-%d %H:%M")', 'utcFormat(datum.ms, "%B %Y")', 'timeFormat(datum.d, "")',
    'timeFormat(datum.d, "week %U of %Y")', 'timeFormat(datum.ms, "%A %e %b %L")',
  ], rows, { timeZone }));

  it('parses ISO 8601 strings as V8 does: a date alone in UTC, a date-time in local time', () => expectFormulas([
    'toDate(datum.s)', 'year(datum.s)', 'month(datum.s)', 'date(datum.s)', 'hours(datum.s)', 'minutes(datum.s)', 'utchours(datum.s)',
    'milliseconds(datum.s)', 'time(datum.s)', 'timezoneoffset(datum.s)',
    'timeFormat(toDate(datum.s), "%Y-%m-%d %H:%M:%S.%L")', 'toDate(datum.s) > datetime(2020, 5, 1)', 'isValid(toDate(datum.s))',
  ], dateStrings, { timeZone, schema: STRING_SCHEMA }));

  it('parses constant strings of any shape as V8 does, in the browser\'s zone', () => expectFormulas([
    'time("2020-01-05")', 'time(" 2020-01-05")', 'time("2020-01-05 ")', 'time("2020-01-05T10:00")', 'time("Jan 5 2020 10:00 GMT ")',
    'time("Jan 5 2020 10:00 UTC+2")', 'time("Sun, 01 Jan 2012 23:00:01")', 'time("2020-03-08T02:30")', 'hours("10 Oct 2011 22:48:00")',
  ], dateStrings.slice(0, 2), { timeZone, schema: STRING_SCHEMA }));

  it('filters on parsed date strings', () => expectFilters([
    'toDate(datum.s) < datetime(2020, 5, 1)', 'hours(datum.s) === 1', 'year(datum.s) === 2020 && month(datum.s) < 3',
  ], dateStrings, { timeZone, schema: [...STRING_SCHEMA, { name: '__i', type: 'number' }] }));

  it('filters on dates', () => expectFilters([
    'datum.d > datetime(2020, 5, 1)', 'hours(datum.d) < 3', 'month(datum.d) === 2 && date(datum.d) === 8',
    'inrange(datum.d, [datetime(2020, 2, 1), datetime(2020, 10, 1)])', 'timeFormat(datum.d, "%H") === "01"',
  ], rows, { timeZone }));
});

describe('datetime() of one value', () => {
  it('makes dates of valid strings and numbers', () => expectFormulas(
    ['datetime(datum.s)', 'time(datetime(datum.s))', 'datetime(datum.n)', 'hours(datetime(datum.s))'],
    [{ s: '2020-03-08T02:30', n: 0 }, { s: '2020-11-01', n: -1.5 }, { s: null, n: null }, { s: '2020-10-25 01:30:00.123', n: 1e12 }],
    { timeZone: 'America/New_York', schema: [{ name: 's', type: 'string' }, { name: 'n', type: 'number' }] }));
  it('leaves an Invalid Date to the browser (a date column has no value for it)', async () => {
    for (const [row, expr] of [[{ s: '2020-13-01' }, 'datetime(datum.s)'], [{ s: '' }, 'datetime(datum.s)'], [{ n: NaN }, 'datetime(datum.n)'], [{ n: 1e16 }, 'datetime(datum.n)']] as const) {
      await expect(runEngine({ values: [row], transform: [{ type: 'formula', expr, as: 'v' }] }), expr)
        .rejects.toMatchObject({ code: 'unsupported_function', message: expect.stringContaining('Invalid Date') });
    }
  });
});

describe('date strings of other shapes', () => {
  it('are parsed by V8 from the data\'s distinct values, in the browser\'s zone', async () => {
    const legacy: Row[] = ['Jan 1, 2000', 'Sun, 01 Jan 2012 23:00:01', '10 Oct 2011 22:48:00', '2020/03/08 02:30', ' 2020-01-05', 'July 15, 2010',
      'Jan 5 2020 10:00 GMT', 'not a date', '2020-03-08T02:30', '', null, 'Jan 1, 2000'].map((v, k) => ({ s: v, k }));
    for (const timeZone of ZONES) {
      await expectFormulas(['toDate(datum.s)', 'year(datum.s)', 'hours(datum.s)', 'utcdate(datum.s)', 'time(datum.s)'], legacy,
        { timeZone, schema: STRING_SCHEMA });
    }
  });
  it('are left to the browser when there are too many distinct ones', async () => {
    const values = Array.from({ length: MAX_LEGACY_STRINGS + 1 }, (_, i) => ({ s: `${1000 + i}-1-1` }));
    await expect(runEngine({ values, transform: [{ type: 'formula', expr: 'year(datum.s)', as: 'y' }] }))
      .rejects.toMatchObject({ code: 'unsupported_function', message: expect.stringContaining('ISO 8601') });
    // ISO strings need no lookup, however many.
    const iso = Array.from({ length: MAX_LEGACY_STRINGS + 1 }, (_, i) => ({ s: `${1000 + i}-01-01` }));
    const out = await runEngine({ values: iso, transform: [{ type: 'formula', expr: 'year(datum.s)', as: 'y' }] });
    expect(out.rows.map((r) => r.y)).toEqual(iso.map((_, i) => 1000 + i));
  });
  it('in the flights files\' and the US slash formats are parsed in SQL, however many distinct ones', async () => {
    // 1,500 distinct strings a minute apart around a DST change, half of them month/day/year with AM/PM.
    const values: Row[] = Array.from({ length: MAX_LEGACY_STRINGS + 500 }, (_, i) => {
      const t = new Date(Date.UTC(2021, 2, 13, 20, 0) + i * 60_000 * 37);
      const [y, mo, d, h, mi] = [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes()];
      const p2 = (n: number) => String(n).padStart(2, '0');
      const s = i % 2 === 0 ? `${y}/${p2(mo)}/${p2(d)} ${p2(h)}:${p2(mi)}` : `${mo}/${d}/${y} ${h % 12 === 0 ? 12 : h % 12}:${p2(mi)} ${h < 12 ? 'AM' : 'PM'}`;
      return { s, k: i };
    });
    for (const timeZone of ['America/New_York', 'Europe/Berlin']) {
      await expectFormulas(['toDate(datum.s)', 'hours(datum.s)', 'date(datum.s)'], values, { timeZone, schema: STRING_SCHEMA });
    }
  });
});
