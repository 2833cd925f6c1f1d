import { describe, expect, it } from 'vitest';
import { awkwardDoubles, check, checkExact, runEngine } from './stats-check.js';

const OPS = ['count', 'valid', 'missing', 'distinct', 'sum', 'product', 'mean', 'average', 'variance',
  'variancep', 'stdev', 'stdevp', 'stderr', 'median', 'q1', 'q3', 'min', 'max'];

const values = [
  { g: 'a', x: 3, s: 'p', d: new Date(Date.UTC(2020, 0, 3)) },
  { g: 'b', x: null, s: 'q', d: null },
  { g: 'a', x: NaN, s: '', d: new Date(Date.UTC(2020, 0, 3, 0, 0, 0, 250)) },
  { g: null, x: -2.5, s: 'q', d: new Date(Date.UTC(2021, 1, 1)) },
  { g: 'a', x: 1, s: null, d: new Date(Date.UTC(2020, 0, 3)) },
  { g: 'b', x: 7, s: 'r', d: null },
];

describe('joinaggregate', () => {
  it('adds a count to every row, keeping row order', () =>
    check({ values, transform: [{ type: 'joinaggregate', groupby: ['g'] }] }));
  it('aggregates over all rows without groupby', () =>
    check({ values, transform: [{ type: 'joinaggregate', fields: ['x', 'x'], ops: ['sum', 'max'], as: ['total', 'top'] }] }));
  it('computes every op by group', () =>
    check({ values, transform: [{ type: 'joinaggregate', groupby: ['g'], fields: OPS.map(() => 'x'), ops: OPS }] }));
  it('computes ops over strings and dates', () =>
    check({ values, transform: [{ type: 'joinaggregate', groupby: ['g'], fields: ['s', 's', 's', 'd', 'd'], ops: ['distinct', 'min', 'missing', 'max', 'mean'] }] }));
  it('writes aliased groupby values and the first date of a one-second group', () =>
    check({ values, transform: [{ type: 'joinaggregate', groupby: [{ field: 'g', as: 'G' }, 'd'], fields: ['x'], ops: ['count'] }] }));
  it('overwrites an existing field with the aggregate', () =>
    check({ values, transform: [{ type: 'joinaggregate', groupby: ['g'], fields: ['x'], ops: ['sum'], as: ['x'] }] }));
  it('handles empty input', () => check({ values: [], transform: [{ type: 'joinaggregate', groupby: ['g'], fields: ['x'], ops: ['mean'] }] }));
  it('computes the share-of-total pattern inputs', () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({ k: `k${i % 4}`, v: (i * 37) % 101 }));
    return check({ values: rows, transform: [{ type: 'joinaggregate', groupby: ['k'], fields: ['v', 'v'], ops: ['sum', 'median'] }] });
  });
  it('rejects row-object ops and unknown ops', async () => {
    await expect(runEngine({ values, transform: [{ type: 'joinaggregate', fields: ['x'], ops: ['values'] }] }))
      .rejects.toMatchObject({ name: 'TransformError', code: 'unsupported_transform', path: '/0' });
    await expect(runEngine({ values, transform: [{ type: 'joinaggregate', fields: ['x'], ops: ['exponential'] }] }))
      .rejects.toMatchObject({ name: 'TransformError', code: 'unsupported_transform' });
  });
});

describe('joinaggregate arithmetic matches Vega bit for bit', () => {
  const FOLD_OPS = ['sum', 'product', 'mean', 'average', 'variance', 'variancep', 'stdev', 'stdevp', 'stderr'];
  const rows = awkwardDoubles(1500, 11).map((x, i) => ({
    k: i % 5 === 0 ? null : `k${(i * 3) % 4}`,
    x: i % 19 === 4 ? null : i % 29 === 9 ? NaN : x,
  }));
  const names = FOLD_OPS.map((op) => `${op}_x`);
  it('by group, null keys included', () =>
    checkExact({ values: rows, transform: [{ type: 'joinaggregate', groupby: ['k'], fields: FOLD_OPS.map(() => 'x'), ops: FOLD_OPS }] }, names));
  it('over all rows', () =>
    checkExact({ values: rows, transform: [{ type: 'joinaggregate', fields: FOLD_OPS.map(() => 'x'), ops: FOLD_OPS }] }, names));
  it('gives NaN to the rows of a group without valid values', () =>
    checkExact({ values: [{ k: 1, x: null }, { k: 2, x: 0.1 }, { k: 1, x: NaN }, { k: 2, x: 0.2 }], transform: [{ type: 'joinaggregate', groupby: ['k'], fields: FOLD_OPS.map(() => 'x'), ops: FOLD_OPS }] }, names));
});
