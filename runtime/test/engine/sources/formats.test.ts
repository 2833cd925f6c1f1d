import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DataType, tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../../src/errors.js';
import { expectRowsEqual, type Row } from '../../support/compare.js';
import { DATA_DIR, rowsOf, tempDir, testLoader, vegaRead } from './helpers.js';

const ZONES = ['America/New_York', 'Asia/Kolkata'];

async function checkUrl(file: string, format: Record<string, unknown> | undefined, timeZone = 'UTC', dir = DATA_DIR) {
  const loader = await testLoader({ dataRoots: [dir] });
  const relation = await loader.loadUrl(file, format, { timeZone });
  const expected = vegaRead(readFileSync(path.join(dir, file), 'utf8'), format, timeZone);
  const actual = await rowsOf(relation);
  expect(actual.length).toBe(expected.length);
  expectRowsEqual(actual, expected);
  return { relation, actual, expected };
}

describe('text formats against vega-loader read', () => {
  it('cars.json as is', async () => {
    const { relation } = await checkUrl('cars.json', undefined);
    expect(relation.schema.find((c) => c.name === 'Year')?.type).toBe('string');
  });
  it('cars.json with parse auto (ISO dates as numbers)', async () => {
    const { relation } = await checkUrl('cars.json', { type: 'json', parse: 'auto' }, 'America/New_York');
    expect(relation.schema.find((c) => c.name === 'Year')?.type).toBe('number');
  });
  it('seattle-weather.csv without parse keeps strings', async () => {
    const { relation } = await checkUrl('seattle-weather.csv', { type: 'csv' });
    expect(relation.schema.every((c) => c.type === 'string')).toBe(true);
  });
  it('seattle-weather.csv with parse auto', () => checkUrl('seattle-weather.csv', { type: 'csv', parse: 'auto' }, 'Asia/Kolkata'));
  it('seattle-weather.csv with typed parse', () =>
    checkUrl('seattle-weather.csv', { type: 'csv', parse: { date: 'date', precipitation: 'number', wind: 'integer', weather: 'string' } }));
  it('unemployment.tsv with parse auto', () => checkUrl('unemployment.tsv', { type: 'tsv', parse: 'auto' }));
  it('github.csv booleans and strings', () => checkUrl('github.csv', { type: 'csv', parse: { count: 'boolean', time: 'string' } }));
  it('sp500.csv with a utc pattern', () => checkUrl('sp500.csv', { type: 'csv', parse: { date: 'utc:"%b %d %Y"', price: 'number' } }));

  for (const tz of ZONES) {
    it(`flights-2k.json dates parsed in ${tz}`, async () => {
      const { relation, actual } = await checkUrl('flights-2k.json', { parse: { date: 'date' } }, tz);
      // vega-util's toDate gives numbers (ms), not Dates.
      expect(relation.schema.find((c) => c.name === 'date')?.type).toBe('number');
      expect(typeof actual[0].date).toBe('number');
    });
    it(`github.csv dates (Date.parse) in ${tz}`, () => checkUrl('github.csv', { type: 'csv', parse: { time: 'date', count: 'number' } }, tz));
    it(`github.csv local pattern in ${tz}`, async () => {
      const { relation } = await checkUrl('github.csv', { type: 'csv', parse: { time: 'date:"%Y/%m/%d %H:%M:%S"' } }, tz);
      expect(relation.schema.find((c) => c.name === 'time')?.type).toBe('date');
    });
    it(`github.csv parse auto in ${tz}`, () => checkUrl('github.csv', { type: 'csv', parse: 'auto' }, tz));
  }
});

describe('handmade files', () => {
  const dir = tempDir();
  const dst = [
    'when,label,n',
    '2021-03-14 02:30,gap,1',
    '2021-11-07 01:30,repeat,2',
    '2021-03-14T02:30:00,iso local,3',
    '2021-03-14,iso date,4',
    '2021-11-07T01:30:00Z,iso utc,5',
    '2021-11-07T01:30:00-07:00,offset,',
    'March 28 2021 02:30,month name,7',
    'Mar 28 2021 02:30 GMT+0100,gmt offset,8',
    '1890-06-01 12:00,old,9',
    ',empty,10',
    'not a date,text,x',
  ].join('\n');
  writeFileSync(path.join(dir, 'dst.csv'), dst);
  writeFileSync(path.join(dir, 'pipe.txt'), 'a|b|c\n1|x|true\n2|y|false\n|z|\n');
  writeFileSync(path.join(dir, 'nested.json'), JSON.stringify({
    meta: { rows: [{ a: 1, b: { c: [1, 2] } }, { a: 'two', d: null }, { a: 3.5, b: null, e: true }] },
  }));
  writeFileSync(path.join(dir, 'bom.csv'), '\uFEFFx,y\n1,2\n');
  writeFileSync(path.join(dir, 'values.json'), JSON.stringify([1, 'a', null, true]));

  const zones = [...ZONES, 'Europe/London', 'UTC'];
  for (const tz of zones) {
    it(`DST and zone-less strings parse as the browser would in ${tz}`, () =>
      checkUrl('dst.csv', { type: 'csv', parse: { when: 'date', n: 'number' } }, tz, dir));
    it(`local patterns across DST in ${tz}`, () =>
      checkUrl('dst.csv', { type: 'csv', parse: { when: 'date:"%Y-%m-%d %H:%M"' } }, tz, dir));
    it(`parse auto on mixed strings in ${tz}`, () => checkUrl('dst.csv', { type: 'csv', parse: 'auto' }, tz, dir));
  }
  it('dsv with a delimiter and parse', () => checkUrl('pipe.txt', { type: 'dsv', delimiter: '|', parse: { a: 'number', c: 'boolean' } }, 'UTC', dir));
  it('json property with nested and mixed values', async () => {
    const { relation } = await checkUrl('nested.json', { type: 'json', property: 'meta.rows' }, 'UTC', dir);
    expect(relation.schema.map((c) => [c.name, c.type])).toEqual([['a', 'object'], ['b', 'object'], ['d', 'number'], ['e', 'boolean']]);
  });
  it('a byte order mark is dropped', async () => {
    const loader = await testLoader({ dataRoots: [dir] });
    expect(await rowsOf(await loader.loadUrl('bom.csv', { type: 'csv' }, { timeZone: 'UTC' }))).toEqual([{ x: '1', y: '2' }]);
  });
  it('primitive values are ingested as {data}', () => checkUrl('values.json', { type: 'json' }, 'UTC', dir));
});

describe('inline values', () => {
  const cases: [string, unknown, Record<string, unknown> | undefined][] = [
    ['objects', [{ a: 1, b: 'x' }, { a: null, c: [1, { d: 2 }] }], undefined],
    ['primitives', [3, 'x', null, false], undefined],
    ['csv text', 'a,b\n1,2001-01-01 10:00\n2,', { type: 'csv', parse: { a: 'number', b: 'date' } }],
    ['json text with property', '{"x":{"y":[{"k":"2021-03-14T02:30"}]}}', { type: 'json', property: 'x.y', parse: { k: 'date' } }],
    ['objects with a pattern', [{ d: '14/03/2021 02:30' }, { d: 'bad' }], { parse: { d: 'date:"%d/%m/%Y %H:%M"' } }],
  ];
  for (const [name, values, format] of cases) {
    for (const tz of ['UTC', 'America/New_York']) {
      it(`${name} in ${tz}`, async () => {
        const loader = await testLoader();
        const before = JSON.stringify(values);
        const actual = await rowsOf(await loader.loadValues(values, format, { timeZone: tz }));
        expectRowsEqual(actual, vegaRead(JSON.parse(before), format, tz));
        // Vega parses in place; the caller's values are left as they were.
        expect(JSON.stringify(values)).toBe(before);
      });
    }
  }
  it('client rows keep their types, Dates included', async () => {
    const loader = await testLoader();
    const rows: Row[] = [{ t: new Date(Date.UTC(2020, 0, 1)), v: 1, s: 'a' }, { t: null, v: NaN, s: null }];
    const relation = await loader.loadRows(rows);
    expect(relation.schema).toEqual([{ name: 't', type: 'date' }, { name: 'v', type: 'number' }, { name: 's', type: 'string' }]);
    expectRowsEqual(await rowsOf(relation), rows);
  });
});

describe('arrow and parquet', () => {
  it('flights-200k.arrow equals the Arrow values Vega reads', async () => {
    const loader = await testLoader();
    const relation = await loader.loadUrl('flights-200k.arrow', { type: 'arrow' }, { timeZone: 'UTC' });
    const table = tableFromIPC(readFileSync(path.join(DATA_DIR, 'flights-200k.arrow')));
    const names = table.schema.fields.map((f) => f.name);
    const expected: Row[] = [];
    for (let i = 0; i < table.numRows; i++) {
      const row: Row = {};
      names.forEach((n, c) => { row[n] = table.getChildAt(c)?.get(i); });
      expected.push(row);
    }
    // Integer columns are flagged as whole numbers.
    expect(relation.schema).toEqual(table.schema.fields.map((f) => (DataType.isInt(f.type) ? { name: f.name, type: 'number', integral: true } : { name: f.name, type: 'number' })));
    expect(relation.schema.some((c) => c.integral)).toBe(true);
    expectRowsEqual(await rowsOf(relation), expected);
  });

  it('flights-3m.parquet loads through DuckDB in seconds', async () => {
    const loader = await testLoader();
    const start = Date.now();
    const relation = await loader.loadUrl('flights-3m.parquet', { type: 'parquet' }, { timeZone: 'UTC' });
    expect(Date.now() - start).toBeLessThan(20_000);
    expect(relation.schema).toEqual([
      { name: 'date', type: 'date' }, { name: 'delay', type: 'number', integral: true }, { name: 'distance', type: 'number', integral: true },
      { name: 'origin', type: 'string' }, { name: 'destination', type: 'string' },
    ]);
    const { testEngine } = await import('../../support/engine.js');
    const engine = await testEngine();
    const [count] = await engine.queryRows(`SELECT count(*)::DOUBLE AS n, max(__vf_order) AS m FROM (${relation.sql})`);
    expect(count).toEqual({ n: 3_000_000, m: 2_999_999 });
    const head = await engine.queryRows(`SELECT * EXCLUDE (__vf_order) FROM (${relation.sql}) ORDER BY __vf_order LIMIT 3`);
    const direct = await engine.queryRows(`SELECT date, delay::DOUBLE AS delay, distance::DOUBLE AS distance, origin, destination FROM read_parquet('${path.join(DATA_DIR, 'flights-3m.parquet')}') LIMIT 3`);
    expect(head).toEqual(direct);
    expect(head[0].date).toBeInstanceOf(Date);
  });

  it('refuses parses that would change Parquet values', async () => {
    const loader = await testLoader();
    const err = await loader.loadUrl('flights-3m.parquet', { type: 'parquet', parse: { origin: 'number' } }, { timeZone: 'UTC' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).code).toBe('bad_data');
  });
});

describe('unsupported formats', () => {
  for (const format of [{ type: 'topojson', feature: 'states' }, { type: 'topojson', mesh: 'states' }, { type: 'xml' }]) {
    it(`refuses ${JSON.stringify(format)} with bad_data`, async () => {
      const loader = await testLoader();
      const err = await loader.loadUrl('us-10m.json', format, { timeZone: 'UTC' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DataError);
      expect((err as DataError).code).toBe('bad_data');
      expect((err as Error).message).toMatch(format.type === 'topojson' ? /topojson.*browser/ : /Unknown data format/);
    });
  }
  it('reports malformed json as bad_data', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'broken.json'), '[{"a": 1},');
    const loader = await testLoader({ dataRoots: [dir] });
    const err = await loader.loadUrl('broken.json', undefined, { timeZone: 'UTC' }).catch((e: unknown) => e);
    expect((err as DataError).code).toBe('bad_data');
  });
});
