/**
 * The quartiles and Scott's-rule bandwidth of curve-math against vega-statistics' own
 * functions, bit for bit: small inputs (sorted) and large ones (order statistics found by
 * selection), with duplicates, zeros of both signs, sorted and reversed input.
 */
import * as statistics from 'vega-statistics';
import { describe, expect, it } from 'vitest';
import { estimateBandwidth, quartiles } from '../../src/engine/transforms/curve-math.js';

/** vega-statistics' exports that its local declaration leaves out. */
const vega = statistics as unknown as {
  quartiles(values: ArrayLike<number>): [number, number, number];
  bandwidthNRD(values: ArrayLike<number>): number;
};

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const CASES: [string, (n: number, r: () => number) => number][] = [
  ['uniform', (_n, r) => r() * 1000 - 300],
  ['few distinct values', (_n, r) => Math.floor(r() * 7) - 3],
  ['zeros of both signs', (_n, r) => (r() < 0.4 ? (r() < 0.5 ? -0 : 0) : r() - 0.5)],
  ['sorted', (n) => n / 3],
  ['constant', () => 42],
];

describe('quartiles and bandwidth as vega-statistics computes them', () => {
  for (const size of [1, 2, 5, 100, 4095, 4096, 10_001, 200_000]) {
    for (const [name, draw] of CASES) {
      it(`${name}, ${size} values`, () => {
        const r = random(size + name.length);
        const values = Float64Array.from({ length: size }, (_, i) => draw(i, r));
        for (const input of [values, values.slice().reverse()]) {
          const [q1, , q3] = vega.quartiles(Array.from(input));
          const [a1, a3] = quartiles(input);
          expect(Object.is(a1, q1) || (a1 === 0 && q1 === 0)).toBe(true);
          expect(Object.is(a3, q3) || (a3 === 0 && q3 === 0)).toBe(true);
          expect(estimateBandwidth(input, input.length)).toBe(vega.bandwidthNRD(Array.from(input)));
        }
      });
    }
  }
});
