import { describe, expect, it } from 'vitest';
import { RuntimeError, TransformError } from '../../src/errors.js';
import { expectRowsEqual } from '../support/compare.js';
import { runEngine } from '../support/engine.js';
import { runVega, type PipelineCase } from '../support/vega-oracle.js';

async function check(c: PipelineCase) {
  const [actual, expected] = await Promise.all([runEngine(c), runVega(c)]);
  try {
    expectRowsEqual(actual.rows, expected.rows);
  } catch (e) {
    throw new Error(`${JSON.stringify(c.transform)} in ${c.timeZone ?? 'UTC'}: ${(e as Error).message}`, { cause: e });
  }
}

/** A fixed-seed generator (mulberry32) so the random instants are the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rnd = random(42);
const instants: number[] = [];
// Every 20 minutes across DST changes of the zones under test (both directions).
for (const start of [
  '2020-03-08T04:00:00Z', '2020-11-01T03:00:00Z', // New York
  '2020-03-29T00:00:00Z', '2020-10-25T00:00:00Z', // Berlin
  '2018-11-03T23:00:00Z', '2019-02-16T23:00:00Z', // Sao Paulo (midnight skipped / repeated)
  '2020-04-04T14:00:00Z', // Lord Howe (30-minute change)
]) {
  const t0 = Date.parse(start);
  for (let i = 0; i < 18; i++) instants.push(t0 + i * 20 * 60000 + 1234);
}
// Year, month and week boundaries, and random instants from 1850 to 2100.
for (const s of ['2011-12-31T23:59:59.999Z', '2012-01-01T00:00:00Z', '2015-12-31T12:00:00Z', '2016-01-03T00:00:00Z',
  '2020-12-31T23:30:00Z', '2021-01-01T05:00:00Z', '2021-01-04T02:00:00Z', '1969-12-31T23:59:59.999Z', '1970-01-01T00:00:00Z',
  '1900-06-15T10:10:10.010Z', '1850-02-03T04:05:06.007Z', '2100-12-31T23:59:59.999Z']) instants.push(Date.parse(s));
for (let i = 0; i < 60; i++) instants.push(Math.round(-3.8e12 + rnd() * 7.9e12));

const dateRows = instants.map((t, i) => ({ i, d: new Date(t) }));
const numberRows = instants.map((t, i) => ({ i, d: t }));

const UNITS: string[][] = [
  ['year'], ['quarter'], ['month'], ['week'], ['isoweek'], ['date'], ['day'], ['dayofyear'],
  ['hours'], ['minutes'], ['seconds'], ['milliseconds'],
  ['year', 'quarter'], ['year', 'quarter', 'month'], ['year', 'month'], ['year', 'month', 'date'],
  ['year', 'month', 'date', 'hours'], ['year', 'month', 'date', 'hours', 'minutes'],
  ['year', 'month', 'date', 'hours', 'minutes', 'seconds'], ['year', 'week'], ['year', 'week', 'day'],
  ['year', 'week', 'day', 'hours'], ['year', 'isoweek'], ['year', 'isoweek', 'day'], ['year', 'dayofyear'],
  ['quarter', 'month'], ['month', 'date'], ['month', 'date', 'hours'], ['week', 'day'], ['isoweek', 'day'],
  ['day', 'hours'], ['hours', 'minutes'], ['hours', 'minutes', 'seconds'], ['minutes', 'seconds'],
  ['seconds', 'milliseconds'], ['date', 'hours'],
];
const STEPS: [string[], number][] = [
  [['year'], 2], [['year'], 5], [['quarter'], 2], [['month'], 2], [['month'], 5], [['year', 'month'], 3],
  [['week'], 2], [['isoweek'], 3], [['date'], 3], [['day'], 2], [['dayofyear'], 10], [['year', 'week', 'day'], 3],
  [['hours'], 3], [['minutes'], 15], [['seconds'], 7], [['milliseconds'], 250], [['year', 'month', 'date', 'hours'], 6],
];

const ZONES = ['America/New_York', 'Asia/Kolkata', 'Europe/Berlin', 'America/Sao_Paulo', 'Australia/Lord_Howe'];

describe('timeunit: every unit combination, local time across DST changes', () => {
  for (const tz of ZONES) {
    it(`floors and offsets in ${tz}`, async () => {
      for (const units of UNITS) {
        await check({ values: dateRows, timeZone: tz, transform: [{ type: 'timeunit', field: 'd', units, as: ['s', 'e'] }] });
      }
    });
    it(`applies step to the smallest unit in ${tz}`, async () => {
      for (const [units, step] of STEPS) {
        await check({ values: dateRows, timeZone: tz, transform: [{ type: 'timeunit', field: 'd', units, step }] });
      }
    });
  }
});

describe('timeunit: UTC', () => {
  it('floors every unit combination in UTC whatever the browser zone', async () => {
    for (const units of UNITS) {
      await check({ values: dateRows, timeZone: 'America/New_York', transform: [{ type: 'timeunit', field: 'd', units, timezone: 'utc' }] });
    }
  });
  it('applies steps in UTC', async () => {
    for (const [units, step] of STEPS) {
      await check({ values: dateRows, timeZone: 'Asia/Kolkata', transform: [{ type: 'timeunit', field: 'd', units, step, timezone: 'utc' }] });
    }
  });
});

describe('timeunit: inputs and parameters', () => {
  it('reads numbers as milliseconds (local and UTC)', async () => {
    for (const units of [['year', 'month', 'date'], ['hours', 'minutes'], ['year', 'week']]) {
      await check({ values: numberRows, timeZone: 'Europe/Berlin', transform: [{ type: 'timeunit', field: 'd', units }] });
      await check({ values: numberRows, timeZone: 'Europe/Berlin', transform: [{ type: 'timeunit', field: 'd', units, timezone: 'utc' }] });
    }
  });
  it('truncates fractional milliseconds like Date#setTime', () => check({
    values: [{ d: 1.7 }, { d: -1.7 }, { d: 999.9 }, { d: -0.5 }],
    transform: [{ type: 'timeunit', field: 'd', units: ['milliseconds'] }],
  }));
  it('maps null to null and keeps other fields', () => check({
    values: [{ d: new Date(Date.UTC(2020, 5, 6)), x: 'a' }, { d: null, x: 'b' }, { d: new Date(Date.UTC(2021, 0, 1)), x: null }],
    timeZone: 'America/New_York',
    transform: [{ type: 'timeunit', field: 'd', units: ['year', 'month'], as: ['ym', 'ym_end'] }],
  }));
  it('reads a field no row has as null', () => check({
    values: [{ x: 1 }, { x: 2 }], transform: [{ type: 'timeunit', field: 'nope', units: ['year'] }],
  }));
  it('handles empty input', () => check({ values: [], transform: [{ type: 'timeunit', field: 'd', units: ['month'] }] }));
  it('writes only the start without interval', () => check({
    values: dateRows.slice(0, 10), timeZone: 'America/New_York',
    transform: [{ type: 'timeunit', field: 'd', units: ['day'], interval: false }],
  }));
  it('overwrites the input field in place', () => check({
    values: dateRows.slice(0, 10), timeZone: 'Asia/Kolkata',
    transform: [{ type: 'timeunit', field: 'd', units: ['date'], as: ['d', 'i'] }],
  }));
  it('picks units from the data extent without units', async () => {
    const spans = [
      [Date.UTC(2020, 0, 1), Date.UTC(2020, 0, 1, 0, 0, 0, 30)],
      [Date.UTC(2020, 0, 1), Date.UTC(2020, 0, 1, 0, 20)],
      [Date.UTC(2020, 0, 1), Date.UTC(2020, 0, 3)],
      [Date.UTC(2020, 0, 1), Date.UTC(2020, 8, 1)],
      [Date.UTC(1990, 0, 1), Date.UTC(2020, 0, 1)],
      [Date.UTC(1000, 0, 1), Date.UTC(2020, 0, 1)],
    ];
    for (const [lo, hi] of spans) {
      const values = Array.from({ length: 25 }, (_, i) => ({ d: new Date(lo + ((hi - lo) * i) / 24) }));
      await check({ values, timeZone: 'America/New_York', transform: [{ type: 'timeunit', field: 'd' }] });
      await check({ values, timeZone: 'America/New_York', transform: [{ type: 'timeunit', field: 'd', maxbins: 5, timezone: 'utc' }] });
    }
  });
  it('picks units from an explicit extent', () => check({
    values: dateRows.slice(0, 20), timeZone: 'Europe/Berlin',
    transform: [{ type: 'timeunit', field: 'd', extent: [new Date(Date.UTC(2020, 0, 1)), new Date(Date.UTC(2020, 1, 1))], maxbins: 10 }],
  }));
  it('runs the shapes Vega-Lite emits', async () => {
    const values = dateRows.slice(0, 40).map((r) => ({ ...r, date_end: new Date(+r.d + 40 * 86400000) }));
    for (const t of [
      { field: 'date', type: 'timeunit', units: ['month'], as: ['month_date', 'month_date_end'] },
      { field: 'date', type: 'timeunit', units: ['year'], step: 2, as: ['year_step_2_date', 'year_step_2_date_end'] },
      { field: 'date', type: 'timeunit', units: ['year', 'week'], as: ['yearweek_date', 'yearweek_date_end'] },
      { field: 'date_end', type: 'timeunit', units: ['month'], as: ['month_date_end', 'month_date_end_end'] },
    ]) {
      await check({ values: values.map((r) => ({ date: r.d, date_end: r.date_end })), timeZone: 'America/New_York', transform: [t] });
    }
  });
  it('sets the floor signal with the unit and the data span', async () => {
    const c: PipelineCase = {
      values: [{ d: new Date(Date.UTC(2020, 1, 10)) }, { d: new Date(Date.UTC(2020, 4, 3)) }, { d: null }],
      transform: [{ type: 'timeunit', field: 'd', units: ['year', 'month'], signal: 'tu' }],
    };
    const [actual, expected] = await Promise.all([runEngine(c, ['tu']), runVega(c, ['tu'])]);
    expectRowsEqual(actual.rows, expected.rows);
    const vegaFloor = expected.signals.tu as { unit: string; units: string[]; step: number; start: Date; stop: Date };
    expect(actual.signals.tu).toEqual({
      unit: vegaFloor.unit, units: vegaFloor.units, step: vegaFloor.step, start: vegaFloor.start, stop: vegaFloor.stop,
    });
  });
  it('gives null where Vega makes an Invalid Date (NaN, out of range)', async () => {
    const c: PipelineCase = { values: [{ d: NaN }, { d: 9e15 }, { d: 0 }], transform: [{ type: 'timeunit', field: 'd', units: ['year'] }] };
    const [actual, expected] = await Promise.all([runEngine(c), runVega(c)]);
    // DuckDB has no invalid TIMESTAMP; Vega's Invalid Date travels as null.
    expect(expected.rows.slice(0, 2).map((r) => Number.isNaN(+(r.unit0 as Date)))).toEqual([true, true]);
    expect(actual.rows.slice(0, 2).map((r) => r.unit0)).toEqual([null, null]);
    expectRowsEqual(actual.rows.slice(2), expected.rows.slice(2));
  });
});

describe('timeunit: bad parameters', () => {
  const bad = async (t: Record<string, unknown>, code: string) => {
    const err = await runEngine({ values: dateRows.slice(0, 2), transform: [{ type: 'timeunit', field: 'd', ...t }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransformError);
    expect((err as RuntimeError).code).toBe(code);
    expect((err as RuntimeError).path).toBe('/0');
  };
  it('rejects unknown units', () => bad({ units: ['fortnight'] }, 'bad_transform'));
  it('rejects incompatible units', () => bad({ units: ['month', 'week'] }, 'bad_transform'));
  it('rejects week with isoweek', () => bad({ units: ['week', 'isoweek'] }, 'bad_transform'));
  it('rejects an empty unit list', () => bad({ units: [] }, 'bad_transform'));
  it('rejects an unknown time zone mode', () => bad({ units: ['year'], timezone: 'mars' }, 'bad_transform'));
  it('rejects parameters Vega does not know', () => bad({ units: ['year'], inferUnits: true }, 'unsupported_transform'));
});
