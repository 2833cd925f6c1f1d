import { describe, expect, it } from 'vitest';
import { check, runEngine } from './stats-check.js';

const values = [
  { a: 3, b: 'x', c: true, d: new Date(Date.UTC(2020, 0, 3)) },
  { a: null, b: 'y', c: false, d: null },
  { a: NaN, b: null, c: null, d: new Date(Date.UTC(2019, 5, 1)) },
  { a: 1, b: 'x', c: true, d: new Date(Date.UTC(2020, 0, 3)) },
  { a: -2.5, b: '', c: false, d: new Date(Date.UTC(2021, 1, 1)) },
  { a: 3, b: 'B', c: true, d: null },
  { a: 1e15, b: 'a', c: null, d: new Date(Date.UTC(1969, 11, 31, 23, 59, 59, 999)) },
];

describe('collect', () => {
  it('passes rows through without a sort', () => check({ values, transform: [{ type: 'collect' }] }));
  for (const order of ['ascending', 'descending']) {
    for (const field of ['a', 'b', 'c', 'd']) {
      it(`sorts by ${field} ${order}, nulls and NaN placed like vega-util compare, ties stable`, () =>
        check({ values, transform: [{ type: 'collect', sort: { field, order } }] }));
    }
  }
  it('sorts by several fields with mixed orders', () =>
    check({ values, transform: [{ type: 'collect', sort: { field: ['b', 'a'], order: ['descending'] } }] }));
  it('treats a missing sort field as all undefined (input order)', () =>
    check({ values, transform: [{ type: 'collect', sort: { field: 'zz' } }] }));
  it('sorts empty input', () => check({ values: [], transform: [{ type: 'collect', sort: { field: 'a' } }] }));
  it('keeps ties in input order over many rows', () => {
    const many = Array.from({ length: 500 }, (_, i) => ({ k: i % 7, i }));
    return check({ values: many, transform: [{ type: 'collect', sort: { field: 'k', order: 'descending' } }] });
  });
  it('rejects a sort on mixed-type values', async () => {
    const mixed = [{ m: 1 }, { m: 'a' }];
    await expect(runEngine({ values: mixed, transform: [{ type: 'collect', sort: { field: 'm' } }] }))
      .rejects.toMatchObject({ name: 'TransformError', code: 'unsupported_transform', path: '/0' });
  });
});
