import { describe, expect, it } from 'vitest';
import { LimitError, RuntimeError, TransformError } from '../../src/errors.js';
import { expectRowsEqual } from '../support/compare.js';
import { runEngine } from '../support/engine.js';
import { runVega, type PipelineCase } from '../support/vega-oracle.js';

async function check(c: PipelineCase) {
  const [actual, expected] = await Promise.all([runEngine(c), runVega(c)]);
  expectRowsEqual(actual.rows, expected.rows);
}

describe('sequence', () => {
  it('generates start + i * step like d3 range (Vega-Lite shape)', () => check({
    values: [], transform: [{ type: 'sequence', start: 0, stop: 12.7, step: 0.1, as: 'x' }],
  }));
  it('defaults step to 1 and the field to data', () => check({ values: [], transform: [{ type: 'sequence', start: 2, stop: 9 }] }));
  it('counts down with a negative step', () => check({ values: [], transform: [{ type: 'sequence', start: 5, stop: -3, step: -1.5 }] }));
  it('generates nothing for an empty or reversed range', async () => {
    await check({ values: [], transform: [{ type: 'sequence', start: 3, stop: 3 }] });
    await check({ values: [], transform: [{ type: 'sequence', start: 3, stop: 1 }] });
    await check({ values: [], transform: [{ type: 'sequence', start: NaN, stop: 1 }] });
  });
  it('treats step 0 as 1', () => check({ values: [], transform: [{ type: 'sequence', start: 0, stop: 3, step: 0 }] }));
  it('passes incoming rows through ahead of the sequence, as Vega does', () => check({
    values: [{ a: 'x', data: 10 }, { a: 'y', data: null }], transform: [{ type: 'sequence', start: 0, stop: 3 }],
  }));
  it('feeds later transforms', () => check({
    values: [], transform: [{ type: 'sequence', start: 0, stop: 4, as: 'v' }, { type: 'stack', field: 'v', offset: 'normalize' }],
  }));
  it('rejects missing bounds and huge sequences', async () => {
    const missing = await runEngine({ values: [], transform: [{ type: 'sequence', start: 0 }] }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(TransformError);
    expect((missing as RuntimeError).code).toBe('bad_transform');
    for (const stop of [2e7, 3e9]) {
      const huge = await runEngine({ values: [], transform: [{ type: 'sequence', start: 0, stop }] }).catch((e: unknown) => e);
      expect(huge).toBeInstanceOf(LimitError);
      expect((huge as RuntimeError).code).toBe('limit_exceeded');
    }
  });
});
