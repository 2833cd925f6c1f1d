import { describe, expect, it } from 'vitest';
import { compileExpression } from '../../../src/engine/expressions/index.js';
import { RuntimeError } from '../../../src/errors.js';
import { ROWS, expectFilters, expectFormulas } from './harness.js';

const signals = {
  lo: 0, hi: 10, label: "it's", list: ['a', 'b', '12'], nums: [1, 2, 42], obj: { k: 'v', n: 3, 'a b': [4] },
  range: [-1, 2], when: Date.UTC(2020, 2, 8, 7), flag: false, none: null,
};

describe('signals in row expressions', () => {
  it('are inlined, including member access and calls over them', () => expectFormulas([
    'datum.n > lo && datum.n < hi', 'datum.s + label', 'indexof(list, datum.t)', 'list[1] + datum.s', 'obj.n * datum.m',
    'obj["a b"][0] + datum.m', 'inrange(datum.m, range)', 'datum.d > when', 'flag ? datum.n : datum.m', 'none == datum.n',
    'nums[datum.m]', '{a: 1, b: 2}[datum.t]', 'list[datum.m - 1]', 'length(list) + datum.m', 'join(list, "-") + datum.t',
    'datum.m > max(nums[0], lo)', 'timeFormat(when, "%H:%M") + datum.t', 'datum[list[0]]', 'datum[obj.k]',
  ], ROWS, { signals, timeZone: 'America/New_York' }));
  it('in filters', () => expectFilters(['datum.n >= lo', 'indexof(list, datum.t) !== -1', 'flag || datum.b', 'inrange(datum.m, range)'], ROWS, { signals }));
  it('a lookup whose values differ in type is only usable as a truth value', async () => {
    const scope = { schema: [{ name: 't', type: 'string' as const }], timeZone: 'UTC', data: () => undefined, signal: (n: string) => (signals as Record<string, unknown>)[n] };
    expect(() => compileExpression('obj[datum.t]', scope).sql).toThrow(expect.objectContaining({ code: 'unsupported_function' }));
    await expectFilters(['obj[datum.t]', '!obj[datum.t]'], ROWS.map((r, i) => ({ ...r, t: ['k', 'n', 'a b', 'zz', null][i % 5] })), { signals });
  });
  it('an unknown signal raises unknown_signal', () => {
    const scope = {
      schema: [], timeZone: 'UTC', data: () => undefined,
      signal: (n: string) => { throw new RuntimeError('unknown_signal', `Unknown signal "${n}"`); },
    };
    expect(() => compileExpression('datum.x + nope', scope)).toThrow(expect.objectContaining({ code: 'unknown_signal' }));
  });
});
