/**
 * Member access into nested values (objects and arrays parsed from JSON text) against
 * Vega: members of every JSON type, missing members, null holders, arrays by index,
 * chains guarded by `&&` as Vega-Lite writes them, in formulas and filters.
 */
import { describe, expect, it } from 'vitest';
import type { Schema } from '../../../src/engine/types.js';
import { runEngine } from '../../support/engine.js';
import { runVega, type Row } from '../../support/vega-oracle.js';
import { expectRowsEqual } from '../../support/compare.js';
import { expectFilters, expectFormulas } from './harness.js';

const rows: Row[] = [
  { k: 0, o: { v: 1.5, s: 'a', b: true, n: null, arr: [10, 20, 30], sub: { x: 5, y: { z: 'deep' } } } },
  { k: 1, o: { v: -2, s: '', b: false, arr: [], sub: { x: 0 } } },
  { k: 2, o: null },
  { k: 3, o: { v: 0, s: 'b', n: null, arr: [1], sub: null } },
  { k: 4, o: { 'a/b': 7, 'c~d': 8, '2': 'two' } },
];
const schema: Schema = [{ name: 'k', type: 'number' }, { name: 'o', type: 'object', exactJson: true }];

describe('nested values', () => {
  it('reads members of every type, missing members as undefined, guarded by &&', () => expectFormulas([
    'datum.o && datum.o.v', 'datum.o && datum.o.v * 2', 'datum.o && datum.o.s', 'datum.o && datum.o.b', 'datum.o && datum.o.n',
    'datum.o && datum.o.arr && datum.o.arr[1]', 'datum.o && datum.o.sub && datum.o.sub.x + 1', 'datum.o && datum.o.sub && datum.o.sub.y && datum.o.sub.y.z',
    'datum.o && datum.o["a/b"]', 'datum.o && datum.o["c~d"]', 'datum.o && datum.o[2]', 'isValid(datum.o && datum.o.n)', 'datum.o ? datum.o.v : -1',
  ], rows, { schema }));

  it('filters on nested members', () => expectFilters([
    'datum.o && datum.o.v > 0', 'datum.o && datum.o.s === "a"', 'datum.o && datum.o.arr && datum.o.arr[0] >= 10', 'datum.o && !datum.o.sub',
  ], rows, { schema: [...schema, { name: '__i', type: 'number' }] }));

  it('reads into the elements of flattened arrays', async () => {
    const values = [{ k: 0, items: [{ a: 1, t: 'x' }, { a: 2 }, null] }, { k: 1, items: [] }, { k: 2, items: [{ a: -3, t: 'y' }] }];
    const c = {
      values,
      transform: [{ type: 'flatten', fields: ['items'], as: ['item'] }, { type: 'formula', expr: 'datum.item && datum.item.a * 10', as: 'v' },
        { type: 'formula', expr: 'datum.item && datum.item.t', as: 't' }],
    };
    const [actual, expected] = await Promise.all([
      runEngine(c, [], [{ name: 'k', type: 'number' }, { name: 'items', type: 'object', exactJson: true }]), runVega(c)]);
    expectRowsEqual(actual.rows.map(({ k, v, t }) => ({ k, v, t })), expected.rows.map(({ k, v, t }) => ({ k, v, t })));
  });

  it('refuses what JSON does not hold exactly, and what only JS computes', async () => {
    for (const expr of ['datum.o && datum.o.arr && datum.o.arr.length', 'datum.o && datum.o.constructor']) {
      await expect(runEngine({ values: rows, transform: [{ type: 'formula', expr, as: 'v' }] }, [], schema), expr)
        .rejects.toMatchObject({ code: 'unsupported_function' });
    }
    // Nested values not known to be exact JSON (built in SQL, sent by a client) are not read into.
    await expect(runEngine({ values: rows, transform: [{ type: 'formula', expr: 'datum.o && datum.o.v', as: 'v' }] }, [], [schema[0], { name: 'o', type: 'object' }]))
      .rejects.toMatchObject({ code: 'unsupported_function' });
    // Strings among the holders: JS would index their characters.
    await expect(runEngine({ values: [{ o: 'abc' }, { o: { v: 1 } }], transform: [{ type: 'formula', expr: 'datum.o && datum.o[0]', as: 'v' }] }, [], [{ name: 'o', type: 'object', exactJson: true }]))
      .rejects.toMatchObject({ code: 'unsupported_function' });
  });
});
