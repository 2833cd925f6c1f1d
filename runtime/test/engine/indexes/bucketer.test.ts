/**
 * The bucket of a value (how many cuts are at most it), found through a guess table,
 * equals a plain count for any cuts and values: duplicates of cuts, values on cuts, just
 * beside them, outside the range, infinite cuts and values, -0.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bucketer } from '../../../src/engine/indexes/bucketed.js';

const count = (cuts: number[], v: number) => cuts.filter((c) => c <= v).length;

describe('bucketer', () => {
  it('counts the cuts at most a value, for any cuts and values', () => {
    const num = fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(0, -0, 1e-300, -1e-300, Number.MAX_VALUE, -Infinity, Infinity));
    fc.assert(fc.property(fc.uniqueArray(num, { minLength: 0, maxLength: 200, comparator: (a, b) => a === b }), fc.array(num, { maxLength: 50 }), (raw, values) => {
      const cuts = [...raw].sort((a, b) => a - b);
      const of = bucketer(Float64Array.from(cuts));
      for (const v of [...values, ...cuts, ...cuts.map((c) => c + Math.abs(c) * 1e-15), ...cuts.map((c) => c - Math.abs(c) * 1e-15)]) {
        expect(of(v)).toBe(count(cuts, v));
      }
    }), { numRuns: 300, seed: 11 });
  });

  it('spreads dense cuts over a narrow range without losing any', () => {
    const cuts = Array.from({ length: 4000 }, (_, i) => 1 + i * 1e-12);
    const of = bucketer(Float64Array.from(cuts));
    for (let i = 0; i < cuts.length; i += 7) expect(of(cuts[i])).toBe(i + 1);
    expect(of(0)).toBe(0);
    expect(of(2)).toBe(cuts.length);
  });
});
