import { describe, expect, it } from 'vitest';
import { RuntimeError, TransformError } from '../../src/errors.js';
import { expectRowsEqual } from '../support/compare.js';
import { runEngine } from '../support/engine.js';
import { runVega, type PipelineCase } from '../support/vega-oracle.js';

async function check(c: PipelineCase) {
  const [actual, expected] = await Promise.all([runEngine(c), runVega(c)]);
  expectRowsEqual(actual.rows, expected.rows);
}

const values = [
  { a: 'x', b: 3, c: 'p', k: 1 }, { a: 'y', b: 1.5, c: 'q', k: 2 }, { a: 'x', b: -2, c: 'q', k: 3 },
  { a: 'x', b: 4, c: 'r', k: null }, { a: 'y', b: null, c: 'p', k: 4 }, { a: null, b: 7, c: 'p', k: 5 },
  { a: 'x', b: -1, c: 'p', k: 2 }, { a: 'y', b: 0.1, c: null, k: 2 }, { a: null, b: 0.2, c: 'q', k: NaN },
];

const OFFSETS = ['zero', 'center', 'normalize'];

describe('stack', () => {
  for (const offset of OFFSETS) {
    it(`stacks in row order (${offset})`, () => check({ values, transform: [{ type: 'stack', field: 'b', groupby: ['a'], offset, as: ['s', 'e'] }] }));
    it(`sorts within stacks, nulls and NaN first (${offset})`, () => check({
      values, transform: [{ type: 'stack', field: 'b', groupby: ['a'], sort: { field: ['k'] }, offset }],
    }));
    it(`sorts descending by several fields (${offset})`, () => check({
      values, transform: [{ type: 'stack', field: 'b', groupby: ['a'], sort: { field: ['c', 'k'], order: ['descending', 'ascending'] }, offset }],
    }));
    it(`stacks everything without groupby (${offset})`, () => check({ values, transform: [{ type: 'stack', field: 'b', offset }] }));
    it(`stacks ones without a field (${offset})`, () => check({ values, transform: [{ type: 'stack', groupby: ['c'], offset }] }));
    it(`propagates NaN like Vega (${offset})`, () => check({
      values: [{ g: 1, v: 1 }, { g: 1, v: NaN }, { g: 1, v: 2 }, { g: 2, v: 0 }, { g: 2, v: 0 }, { g: 3, v: -4 }],
      transform: [{ type: 'stack', field: 'v', groupby: ['g'], offset }],
    }));
  }
  it('groups NaN, null and infinities together like JSON.stringify', () => check({
    values: [{ g: NaN, v: 1 }, { g: null, v: 2 }, { g: Infinity, v: 3 }, { g: 0, v: 4 }, { g: -0, v: 5 }],
    transform: [{ type: 'stack', field: 'v', groupby: ['g'] }],
  }));
  it('groups by dates and booleans', () => check({
    values: [
      { d: new Date(Date.UTC(2020, 0, 1)), t: true, v: 1 }, { d: new Date(Date.UTC(2020, 0, 2)), t: true, v: 2 },
      { d: new Date(Date.UTC(2020, 0, 1)), t: false, v: 3 }, { d: new Date(Date.UTC(2020, 0, 1)), t: true, v: 4 },
    ],
    transform: [{ type: 'stack', field: 'v', groupby: ['d', 't'], sort: { field: 'd', order: 'descending' } }],
  }));
  it('coerces strings and booleans like unary plus', () => check({
    values: [{ v: '3' }, { v: ' 4 ' }, { v: '' }, { v: 'abc' }, { v: '1e2' }],
    transform: [{ type: 'stack', field: 'v' }],
  }));
  it('reads a field no row has as undefined (NaN)', () => check({
    values: [{ a: 1 }, { a: 2 }], transform: [{ type: 'stack', field: 'zz', groupby: ['a'] }],
  }));
  it('handles empty input', () => check({ values: [], transform: [{ type: 'stack', field: 'b', groupby: ['a'] }] }));
  it('overwrites existing output fields in place', () => check({ values: values.map((r) => ({ ...r, y0: 'old' })), transform: [{ type: 'stack', field: 'b' }] }));
  it('runs the shapes Vega-Lite emits', async () => {
    const rows = values.map((r, i) => ({ ...r, 'ranges.1': i % 3, 'a.b': r.a }));
    for (const t of [
      { type: 'stack', groupby: ['a'], field: 'b', sort: { field: [], order: [] }, as: ['b_start', 'b_end'], offset: 'zero' },
      { type: 'stack', groupby: ['a'], field: 'b', sort: { field: ['c'], order: ['descending'] }, as: ['b_start', 'b_end'], offset: 'zero' },
      { type: 'stack', groupby: [], field: 'b', sort: { field: ['c'], order: ['ascending'] }, as: ['y', 'y2'], offset: 'normalize' },
      { type: 'stack', groupby: [], field: 'ranges\\.1', sort: { field: [], order: [] }, as: ['ranges.1._start', 'ranges.1._end'], offset: 'zero' },
      { type: 'stack', groupby: ['a\\.b'], field: 'b', sort: { field: [], order: [] }, as: ['b_start', 'b_end'], offset: 'zero' },
      { type: 'stack', groupby: ['c', 'c'], field: 'b', sort: { field: [], order: [] }, as: ['b_start', 'b_end'], offset: 'center' },
    ]) {
      await check({ values: rows, transform: [t] });
    }
  });
  it('rejects an unknown offset and a malformed sort', async () => {
    for (const t of [{ offset: 'wiggle' }, { sort: 'k' }]) {
      const err = await runEngine({ values, transform: [{ type: 'stack', field: 'b', ...t }] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TransformError);
      expect((err as RuntimeError).code).toBe('bad_transform');
    }
  });
});
