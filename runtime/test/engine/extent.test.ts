import { describe, expect, it } from 'vitest';
import { check, runEngine } from './stats-check.js';

const values = [
  { x: 3, s: '10', d: new Date(Date.UTC(2020, 0, 3)), b: true },
  { x: null, s: 'abc', d: null, b: false },
  { x: NaN, s: '', d: new Date(Date.UTC(2019, 5, 1)), b: null },
  { x: -7.25, s: ' 2e3 ', d: new Date(Date.UTC(2021, 1, 1, 12)), b: true },
  { x: 1e300, s: null, d: null, b: false },
];

describe('extent', () => {
  for (const field of ['x', 's', 'd', 'b']) {
    it(`computes [min, max] of ${field} like Vega (toNumber, nulls and NaN skipped)`, () =>
      check({ values, transform: [{ type: 'extent', field, signal: 'ext' }] }, { signals: ['ext'] }));
  }
  it('is [undefined, undefined] for no valid value', () =>
    check({ values: [{ x: null }, { x: NaN }], transform: [{ type: 'extent', field: 'x', signal: 'ext' }] }, { signals: ['ext'] }));
  it('is [undefined, undefined] for empty input', () =>
    check({ values: [], transform: [{ type: 'extent', field: 'x', signal: 'ext' }] }, { signals: ['ext'] }));
  it('is [undefined, undefined] when a value is infinite', () =>
    check({ values: [{ x: 1 }, { x: Infinity }], transform: [{ type: 'extent', field: 'x', signal: 'ext' }] }, { signals: ['ext'] }));
  it('passes rows through unchanged', async () => {
    const rows = await check({ values, transform: [{ type: 'extent', field: 'x', signal: 'ext' }] }, { signals: ['ext'] });
    expect(rows).toHaveLength(values.length);
  });
  it('defines the signal from a field given as an object', async () => {
    const out = await runEngine({ values, transform: [{ type: 'extent', field: { field: 'x' }, signal: 'e' }] }, ['e']);
    expect(out.signals.e).toEqual([-7.25, 1e300]);
  });
  it('rejects a missing field parameter', async () => {
    await expect(runEngine({ values, transform: [{ type: 'extent', signal: 'e' }] }))
      .rejects.toMatchObject({ name: 'TransformError', code: 'bad_transform' });
  });
});
