import { describe, expect, it } from 'vitest';
import { RuntimeError, TransformError } from '../../src/errors.js';
import { expectRowsEqual } from '../support/compare.js';
import { runEngine } from '../support/engine.js';
import { runVega, type PipelineCase } from '../support/vega-oracle.js';

async function check(c: PipelineCase) {
  const [actual, expected] = await Promise.all([runEngine(c), runVega(c)]);
  expectRowsEqual(actual.rows, expected.rows);
}

describe('identifier', () => {
  it('numbers rows from 1 in order', () => check({
    values: [{ a: 'x' }, { a: null }, { a: 'z' }, { a: 'w' }], transform: [{ type: 'identifier', as: '_vgsid_' }],
  }));
  it('keeps truthy values and numbers only the falsy ones', () => check({
    values: [{ id: 5 }, { id: 0 }, { id: null }, { id: NaN }, { id: -2 }, { id: 0 }],
    transform: [{ type: 'identifier', as: 'id' }],
  }));
  it('numbers after a filter-like reordering stage (fold)', () => check({
    values: [{ a: 1, b: 2 }, { a: 3, b: 4 }],
    transform: [{ type: 'fold', fields: ['a', 'b'] }, { type: 'identifier', as: '_vgsid_' }],
  }));
  it('mixes numbers into a string field like Vega', () => check({
    values: [{ id: 'a' }, { id: '' }, { id: null }, { id: 'b' }], transform: [{ type: 'identifier', as: 'id' }],
  }));
  it('handles empty input', () => check({ values: [], transform: [{ type: 'identifier', as: '_vgsid_' }] }));
  it('requires as', async () => {
    const err = await runEngine({ values: [{ a: 1 }], transform: [{ type: 'identifier' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransformError);
    expect((err as RuntimeError).code).toBe('bad_transform');
  });
});
