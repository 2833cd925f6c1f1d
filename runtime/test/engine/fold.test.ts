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
  { country: 'A', gold: 3, silver: 1, note: 'x' },
  { country: 'B', gold: null, silver: NaN, note: null },
  { country: null, gold: 0, silver: 2.5, note: 'z' },
];

describe('fold', () => {
  it('emits one row per field, row by row', () => check({ values, transform: [{ type: 'fold', fields: ['gold', 'silver'] }] }));
  it('names the outputs with as', () => check({ values, transform: [{ type: 'fold', fields: ['silver', 'gold'], as: ['k', 'v'] }] }));
  it('mixes value types of different fields', () => check({ values, transform: [{ type: 'fold', fields: ['gold', 'note'] }] }));
  it('folds dates', () => check({
    values: [{ a: new Date(Date.UTC(2020, 1, 2)), b: new Date(Date.UTC(2021, 5, 6)) }, { a: null, b: new Date(0) }],
    transform: [{ type: 'fold', fields: ['a', 'b'] }],
  }));
  it('reads a field no row has as null', () => check({ values, transform: [{ type: 'fold', fields: ['gold', 'nope'] }] }));
  it('overwrites existing fields named by as', () => check({ values, transform: [{ type: 'fold', fields: ['gold', 'silver'], as: ['country', 'gold'] }] }));
  it('handles empty input', () => check({ values: [], transform: [{ type: 'fold', fields: ['gold', 'silver'] }] }));
  it('folds nothing with no fields', () => check({ values, transform: [{ type: 'fold', fields: [] }] }));
  it('keeps order through a later stack (Vega-Lite shape)', () => check({
    values: [{ x: 1, 'sin(x)': 0.84, 'cos(x)': 0.54 }, { x: 2, 'sin(x)': 0.91, 'cos(x)': -0.42 }],
    transform: [
      { type: 'fold', fields: ['sin(x)', 'cos(x)'], as: ['key', 'value'] },
      { type: 'stack', groupby: ['x'], field: 'value', sort: { field: ['key'], order: ['ascending'] }, as: ['s', 'e'], offset: 'zero' },
    ],
  }));
  it('rejects a missing fields parameter', async () => {
    const err = await runEngine({ values, transform: [{ type: 'fold' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransformError);
    expect((err as RuntimeError).code).toBe('bad_transform');
  });
});
