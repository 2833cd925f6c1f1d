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
  { a: 0, b: 28, c: 0 }, { a: 0, b: 91, c: 1 }, { a: 1, b: 43, c: 0 }, { a: 1, b: null, c: 1 },
  { a: 2, b: 81, c: 0 }, { a: 3, b: 19, c: 1 }, { a: 3, b: NaN, c: 2 }, { a: 1, b: 7, c: 1 }, { a: 5, b: 2, c: 2 },
];

describe('impute', () => {
  for (const method of ['value', 'mean', 'median', 'max', 'min']) {
    it(`imputes missing keys per group with ${method}`, () => check({
      values, transform: [{ type: 'impute', field: 'b', key: 'a', groupby: ['c'], method, value: -1 }],
    }));
  }
  it('imputes without groupby (Vega-Lite shape)', () => check({
    values, transform: [{ type: 'impute', field: 'b', groupby: [], key: 'a', method: 'value', value: 0 }],
  }));
  it('puts keyvals first in the domain', () => check({
    values, transform: [{ type: 'impute', field: 'b', key: 'a', keyvals: [4, 1, 9], method: 'value', groupby: ['c'], value: 100 }],
  }));
  it('imputes null values', () => check({
    values, transform: [{ type: 'impute', field: 'b', key: 'a', method: 'value', groupby: ['c'], value: null }],
  }));
  it('defaults the value to 0', () => check({ values, transform: [{ type: 'impute', field: 'b', key: 'a', groupby: ['c'] }] }));
  it('groups by several fields, duplicates included', () => check({
    values: values.map((r, i) => ({ ...r, d: i % 2 ? 'x' : 'y' })),
    transform: [{ type: 'impute', field: 'b', key: 'a', groupby: ['c', 'd', 'd'], method: 'mean' }],
  }));
  it('treats null and empty-string groups as one, like Array#toString', () => check({
    values: [{ k: 1, g: null, v: 1 }, { k: 2, g: '', v: 2 }, { k: 3, g: 'x', v: 3 }],
    transform: [{ type: 'impute', field: 'v', key: 'k', groupby: ['g'] }],
  }));
  it('imputes string and date keys', async () => {
    await check({
      values: [{ k: 'p', g: 1, v: 1 }, { k: 'q', g: 2, v: 2 }, { k: null, g: 1, v: 3 }, { k: 'p', g: 3, v: 4 }],
      transform: [{ type: 'impute', field: 'v', key: 'k', groupby: ['g'], method: 'max' }],
    });
    await check({
      values: [
        { k: new Date(Date.UTC(2020, 0, 1)), g: 'a', v: 1 }, { k: new Date(Date.UTC(2020, 0, 2)), g: 'b', v: 2 },
        { k: new Date(Date.UTC(2020, 0, 3)), g: 'a', v: 3 },
      ],
      transform: [{ type: 'impute', field: 'v', key: 'k', groupby: ['g'], method: 'min' }],
    });
  });
  it('mixes keyvals of another type into the key field', () => check({
    values, transform: [{ type: 'impute', field: 'b', key: 'a', keyvals: ['1', 'z'], groupby: ['c'] }],
  }));
  it('mixes a value of another type into the field (JSON holds no NaN, so none here)', () => check({
    values: values.filter((r) => !Number.isNaN(r.b)), transform: [{ type: 'impute', field: 'b', key: 'a', groupby: ['c'], value: 'n/a' }],
  }));
  it('keeps other fields null on imputed rows and marks them', () => check({
    values: values.map((r) => ({ ...r, extra: 'e' })), transform: [{ type: 'impute', field: 'b', key: 'a', groupby: ['c'] }],
  }));
  it('handles empty input', () => check({ values: [], transform: [{ type: 'impute', field: 'b', key: 'a', groupby: ['c'] }] }));
  it('imputes an empty input from keyvals alone (no groups, no rows)', () => check({
    values: [], transform: [{ type: 'impute', field: 'b', key: 'a', keyvals: [1, 2] }],
  }));
  it('rejects an unknown method and a missing key', async () => {
    for (const t of [{ method: 'mode' }, { key: undefined }]) {
      const err = await runEngine({ values, transform: [{ type: 'impute', field: 'b', key: 'a', ...t }] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TransformError);
      expect((err as RuntimeError).code).toBe('bad_transform');
    }
  });
});
