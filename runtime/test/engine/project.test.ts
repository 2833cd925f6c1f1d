import { describe, it } from 'vitest';
import { expectRowsEqual } from '../support/compare.js';
import { runEngine } from '../support/engine.js';
import { runVega, type PipelineCase } from '../support/vega-oracle.js';

const values = [
  { a: 1, b: 'x', c: true },
  { a: null, b: 'y', c: false },
  { a: NaN, b: null, c: null },
];

async function check(c: PipelineCase) {
  const [actual, expected] = await Promise.all([runEngine(c), runVega(c)]);
  expectRowsEqual(actual.rows, expected.rows);
}

describe('project', () => {
  it('keeps and renames fields in order', () => check({ values, transform: [{ type: 'project', fields: ['b', 'a'], as: ['B'] }] }));
  it('yields nulls for a missing field', () => check({ values, transform: [{ type: 'project', fields: ['zz', 'c'] }] }));
  it('passes rows through without fields', () => check({ values, transform: [{ type: 'project' }] }));
});
