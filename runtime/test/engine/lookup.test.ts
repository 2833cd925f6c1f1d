import { describe, expect, it } from 'vitest';
import { RuntimeError, TransformError } from '../../src/errors.js';
import { expectRowsEqual } from '../support/compare.js';
import { runEngine } from '../support/engine.js';
import { runVega, type PipelineCase } from '../support/vega-oracle.js';

async function check(c: PipelineCase) {
  const [actual, expected] = await Promise.all([runEngine(c), runVega(c)]);
  expectRowsEqual(actual.rows, expected.rows);
}

const airports = [
  { iata: 'JFK', state: 'NY', latitude: 40.6, longitude: -73.8 },
  { iata: 'SFO', state: 'CA', latitude: 37.6, longitude: -122.4 },
  { iata: 'BOS', state: null, latitude: 42.4, longitude: NaN },
  { iata: 'SFO', state: 'CA2', latitude: 1, longitude: 2 },
  { iata: null, state: 'NULLKEY', latitude: 0, longitude: 0 },
];
const flights = [
  { origin: 'JFK', destination: 'SFO', n: 1 }, { origin: 'SFO', destination: 'XXX', n: 2 },
  { origin: 'BOS', destination: 'JFK', n: 3 }, { origin: null, destination: 'BOS', n: 4 },
  { origin: 'LAX', destination: null, n: 5 },
];

describe('lookup', () => {
  it('copies values, the last duplicate key winning (Vega-Lite shape)', () => check({
    values: flights, datasets: { source_2: airports },
    transform: [{ type: 'lookup', from: 'source_2', key: 'iata', fields: ['origin'], values: ['state', 'latitude', 'longitude'] }],
  }));
  it('renames values and looks up several fields', () => check({
    values: flights, datasets: { source_2: airports },
    transform: [{ type: 'lookup', from: 'source_2', key: 'iata', fields: ['origin', 'destination'], values: ['latitude', 'longitude'], as: ['lat1', 'lon1', 'lat2', 'lon2'] }],
  }));
  it('uses the default for missing keys only', async () => {
    for (const d of [0, 'none', -1.5]) {
      await check({
        values: flights, datasets: { a: airports },
        transform: [{ type: 'lookup', from: 'a', key: 'iata', fields: ['destination'], values: ['latitude'], default: d }],
      });
    }
  });
  it('copies the whole row with as and no values', () => check({
    values: flights, datasets: { a: airports.map((r) => ({ iata: r.iata, state: r.state, latitude: r.latitude })) },
    transform: [{ type: 'lookup', from: 'a', key: 'iata', fields: ['origin'], as: ['geo'] }],
  }));
  it('matches numbers and strings by their string form', () => check({
    values: [{ id: 1 }, { id: 2.5 }, { id: null }, { id: -0 }, { id: 3 }],
    datasets: { a: [{ k: '1', v: 'one' }, { k: '2.5', v: 'two and a half' }, { k: 'null', v: 'null string' }, { k: '0', v: 'zero' }] },
    transform: [{ type: 'lookup', from: 'a', key: 'k', fields: ['id'], values: ['v'] }],
  }));
  it('matches numeric keys, NaN and null included', () => check({
    values: [{ id: 1 }, { id: NaN }, { id: null }, { id: 0 }],
    datasets: { a: [{ k: 1, v: 10 }, { k: NaN, v: 20 }, { k: null, v: 30 }, { k: -0, v: 40 }] },
    transform: [{ type: 'lookup', from: 'a', key: 'k', fields: ['id'], values: ['v'] }],
  }));
  it('matches dates', () => check({
    values: [{ d: new Date(Date.UTC(2020, 0, 1)) }, { d: new Date(Date.UTC(2021, 0, 1)) }],
    datasets: { a: [{ d: new Date(Date.UTC(2020, 0, 1)), v: 'new year' }] },
    transform: [{ type: 'lookup', from: 'a', key: 'd', fields: ['d'], values: ['v'] }],
  }));
  it('overwrites fields named by as', () => check({
    values: flights, datasets: { a: airports },
    transform: [{ type: 'lookup', from: 'a', key: 'iata', fields: ['origin'], values: ['state'], as: ['n'] }],
  }));
  it('handles empty input and an empty index', async () => {
    await check({ values: [], datasets: { a: airports }, transform: [{ type: 'lookup', from: 'a', key: 'iata', fields: ['origin'], values: ['state'] }] });
    await check({ values: flights, datasets: { a: [] }, transform: [{ type: 'lookup', from: 'a', key: 'iata', fields: ['origin'], values: ['state'], default: 'none' }] });
  });
  it('rejects bad parameter combinations and unknown datasets', async () => {
    const bad = async (t: Record<string, unknown>, cls: typeof RuntimeError, code: string) => {
      const err = await runEngine({ values: flights, datasets: { a: airports }, transform: [{ type: 'lookup', from: 'a', key: 'iata', fields: ['origin'], ...t }] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(cls);
      expect((err as RuntimeError).code).toBe(code);
    };
    await bad({}, TransformError, 'bad_transform');
    await bad({ fields: ['origin', 'destination'], values: ['state'] }, TransformError, 'bad_transform');
    await bad({ values: ['state'], as: ['a', 'b'] }, TransformError, 'bad_transform');
    await bad({ from: 'nope', values: ['state'] }, RuntimeError, 'unknown_dataset');
  });
});
