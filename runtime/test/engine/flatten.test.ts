import { describe, expect, it } from 'vitest';
import { QueryError, RuntimeError, TransformError } from '../../src/errors.js';
import { expectRowsEqual } from '../support/compare.js';
import { runEngine } from '../support/engine.js';
import { runVega, type PipelineCase } from '../support/vega-oracle.js';

async function check(c: PipelineCase) {
  const [actual, expected] = await Promise.all([runEngine(c), runVega(c)]);
  expectRowsEqual(actual.rows, expected.rows);
}

const values = [
  { k: 'a', foo: [1, 2, 3], bar: ['x', 'y'] },
  { k: 'b', foo: [], bar: ['z'] },
  { k: 'c', foo: [4, null, -0.5], bar: [] },
];

describe('flatten', () => {
  it('flattens one array field (Vega-Lite shape)', () => check({ values, transform: [{ type: 'flatten', fields: ['foo'], as: ['foo'] }] }));
  it('flattens fields side by side, padding with null, with an index', () => check({
    values, transform: [{ type: 'flatten', fields: ['foo', 'bar'], index: 'idx' }],
  }));
  it('names outputs with as', () => check({ values, transform: [{ type: 'flatten', fields: ['bar', 'foo'], as: ['b'] }] }));
  it('keeps nested objects and mixed elements', () => check({
    values: [{ k: 1, v: [{ a: 1 }, 'two', 3, true, [4]] }, { k: 2, v: [null] }],
    transform: [{ type: 'flatten', fields: ['v'], index: 'i' }],
  }));
  it('flattens strings into characters and drops rows without a length', () => check({
    values: [{ v: [1, 2] }, { v: 5 }, { v: 'hey' }, { v: { a: 1 } }],
    transform: [{ type: 'flatten', fields: ['v'] }],
  }));
  it('flattens a plain string field', () => check({ values: [{ s: 'ab' }, { s: '' }, { s: 'c' }], transform: [{ type: 'flatten', fields: ['s'], index: 'i' }] }));
  it('handles empty input', () => check({ values: [], transform: [{ type: 'flatten', fields: ['foo'] }] }));
  it('fails on null like Vega', async () => {
    const c: PipelineCase = { values: [{ v: [1] }, { v: null }], transform: [{ type: 'flatten', fields: ['v'] }] };
    // Vega logs the TypeError and leaves the output dataset without rows.
    await expect(runVega(c)).rejects.toThrow(TypeError);
    const err = await runEngine(c).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueryError);
    expect((err as RuntimeError).code).toBe('query_failed');
  });
  it('requires fields', async () => {
    const err = await runEngine({ values, transform: [{ type: 'flatten' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransformError);
    expect((err as RuntimeError).code).toBe('bad_transform');
  });
});
