import { describe, it } from 'vitest';
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

  it('filters on dates', () => expectFilters([
    'datum.d > datetime(2020, 5, 1)', 'hours(datum.d) < 3', 'month(datum.d) === 2 && date(datum.d) === 8',
    'inrange(datum.d, [datetime(2020, 2, 1), datetime(2020, 10, 1)])', 'timeFormat(datum.d, "%H") === "01"',
  ], rows, { timeZone }));
});
