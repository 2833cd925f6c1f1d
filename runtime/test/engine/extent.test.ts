import { describe, expect, it } from 'vitest';
import { check, helperQueries, runEngine } from './stats-check.js';

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
  it('computes the extents of a chain of bins in one scan, as Vega does one by one', async () => {
    const rows = values.map((r, i) => ({ ...r, y: i * 3 - 4 }));
    const chain = [
      { type: 'extent', field: 'x', signal: 'ex' }, { type: 'bin', field: 'x', extent: { signal: 'ex' }, maxbins: 5, as: ['x0', 'x1'] },
      { type: 'formula', expr: 'datum.y * 2', as: 'z' },
      { type: 'extent', field: 'y', signal: 'ey' }, { type: 'bin', field: 'y', extent: { signal: 'ey' }, maxbins: 5, as: ['y0', 'y1'] },
      { type: 'extent', field: 'z', signal: 'ez' },
    ];
    const before = helperQueries.count;
    await check({ values: rows, transform: chain }, { signals: ['ex', 'ey', 'ez'] });
    // x, y and z in one query: the formula writing z reads only the input's columns.
    expect(helperQueries.count - before).toBe(1);
  });
  it('reads ahead the extent of a field a formula derives only from the input, with the formula\'s values', async () => {
    const rows = values.map((r, i) => ({ ...r, y: i * 3 - 4 }));
    const run = async (transform: unknown[], signals: string[], queries: number) => {
      const before = helperQueries.count;
      await check({ values: rows, transform }, { signals });
      expect(helperQueries.count - before).toBe(queries);
    };
    const head = [{ type: 'extent', field: 'x', signal: 'ex' }, { type: 'bin', field: 'x', extent: { signal: 'ex' }, maxbins: 5, as: ['x0', 'x1'] }];
    // Dates, strings and guards compile ahead too.
    await run([...head, { type: 'formula', expr: 'hours(datum.d) + minutes(datum.d) / 60', as: 't' }, { type: 'extent', field: 't', signal: 'et' },
      { type: 'formula', expr: 'isValid(datum.s) ? +datum.s : datum.y', as: 'u' }, { type: 'extent', field: 'u', signal: 'eu' }], ['ex', 'et', 'eu'], 1);
    // A formula over a bin's output, or over another formula's field, waits for them.
    await run([...head, { type: 'formula', expr: 'datum.x0 * 2', as: 'z' }, { type: 'extent', field: 'z', signal: 'ez' }], ['ex', 'ez'], 2);
    await run([...head, { type: 'formula', expr: 'datum.y + 1', as: 'y' }, { type: 'formula', expr: 'datum.y * 2', as: 'z' },
      { type: 'extent', field: 'z', signal: 'ez' }, { type: 'extent', field: 'y', signal: 'ey' }], ['ex', 'ey', 'ez'], 2);
  });
  it('reads an extent after the transform that writes its field, not before', () =>
    check({ values, transform: [
      { type: 'extent', field: 'x', signal: 'e1' }, { type: 'formula', expr: 'datum.x * -2', as: 'x' }, { type: 'extent', field: 'x', signal: 'e2' },
      { type: 'extent', field: 'b', signal: 'e3' }, { type: 'filter', expr: 'datum.b' }, { type: 'extent', field: 'x', signal: 'e4' },
    ] }, { signals: ['e1', 'e2', 'e3', 'e4'] }));
  it('rejects a missing field parameter', async () => {
    await expect(runEngine({ values, transform: [{ type: 'extent', signal: 'e' }] }))
      .rejects.toMatchObject({ name: 'TransformError', code: 'bad_transform' });
  });
});
