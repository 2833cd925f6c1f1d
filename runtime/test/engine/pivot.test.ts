import { describe, expect, it } from 'vitest';
import { RuntimeError, TransformError } from '../../src/errors.js';
import { PIVOT_OPS } from '../../src/engine/transforms/pivot.js';
import { expectRowsEqual } from '../support/compare.js';
import { runEngine } from '../support/engine.js';
import { runVega, type PipelineCase } from '../support/vega-oracle.js';

async function check(c: PipelineCase) {
  const [actual, expected] = await Promise.all([runEngine(c), runVega(c)]);
  try {
    expectRowsEqual(actual.rows, expected.rows);
  } catch (e) {
    throw new Error(`${JSON.stringify(c.transform)}: ${(e as Error).message}`, { cause: e });
  }
}

const values = [
  { country: 'Norway', type: 'gold', count: 14 }, { country: 'Norway', type: 'silver', count: 14 },
  { country: 'Norway', type: 'bronze', count: 11 }, { country: 'Germany', type: 'gold', count: 14 },
  { country: 'Germany', type: 'silver', count: 10 }, { country: 'Germany', type: 'bronze', count: null },
  { country: 'Canada', type: 'gold', count: 11 }, { country: 'Canada', type: 'silver', count: NaN },
  { country: 'Canada', type: 'gold', count: 3 }, { country: null, type: null, count: 8 },
  { country: 'Norway', type: 'gold', count: 2.5 },
];

describe('pivot', () => {
  it('sums per group with fields sorted ascending', () => check({
    values, transform: [{ type: 'pivot', field: 'type', value: 'count', groupby: ['country'] }],
  }));
  it('computes every supported op', async () => {
    for (const op of PIVOT_OPS) {
      await check({ values, transform: [{ type: 'pivot', field: 'type', value: 'count', groupby: ['country'], op }] });
    }
  });
  it('limits the pivoted fields after sorting', () => check({
    values, transform: [{ type: 'pivot', field: 'type', value: 'count', groupby: ['country'], limit: 2 }],
  }));
  it('pivots without groupby', () => check({ values, transform: [{ type: 'pivot', field: 'type', value: 'count' }] }));
  it('pivots on numbers, NaN and null keys', () => check({
    values: [{ g: 'a', k: 2, v: 1 }, { g: 'a', k: 10, v: 2 }, { g: 'b', k: NaN, v: 3 }, { g: 'b', k: null, v: 4 }, { g: 'a', k: -0, v: 5 }, { g: 'b', k: 0, v: 6 }],
    transform: [{ type: 'pivot', field: 'k', value: 'v', groupby: ['g'], op: 'sum' }],
  }));
  it('pivots on booleans and aggregates strings with min/max/count', async () => {
    const rows = [{ g: 1, k: true, v: 'b' }, { g: 1, k: false, v: 'a' }, { g: 2, k: true, v: '' }, { g: 1, k: true, v: 'c' }];
    for (const op of ['min', 'max', 'count', 'valid', 'missing', 'distinct']) {
      await check({ values: rows, transform: [{ type: 'pivot', field: 'k', value: 'v', groupby: ['g'], op }] });
    }
  });
  it('groups by several fields in first-seen order', () => check({
    values: values.map((r, i) => ({ ...r, half: i < 5 ? 'first' : 'second' })),
    transform: [{ type: 'pivot', field: 'type', value: 'count', groupby: ['half', 'country'], op: 'mean' }],
  }));
  it('handles empty input', () => check({ values: [], transform: [{ type: 'pivot', field: 'type', value: 'count', groupby: ['country'] }] }));
  it('rejects an unknown op and pivoting on dates', async () => {
    const a = await runEngine({ values, transform: [{ type: 'pivot', field: 'type', value: 'count', op: 'mode' }] }).catch((e: unknown) => e);
    expect(a).toBeInstanceOf(TransformError);
    expect((a as RuntimeError).code).toBe('bad_transform');
    const b = await runEngine({ values: [{ d: new Date(0), v: 1 }], transform: [{ type: 'pivot', field: 'd', value: 'v' }] }).catch((e: unknown) => e);
    expect(b).toBeInstanceOf(TransformError);
    expect((b as RuntimeError).code).toBe('unsupported_transform');
  });
});
