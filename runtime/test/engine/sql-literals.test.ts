/**
 * Number literals reach DuckDB bit for bit: every double written by numberLiteral (and by
 * the curve transforms' exact literals) reads back as the same double, so values inlined
 * into SQL (brush bounds, signal values, bin boundaries) compare as they do in Vega.
 */
import { describe, expect, it } from 'vitest';
import { numberLiteral } from '../../src/engine/sql.js';
import { exactNumberLiteral } from '../../src/engine/transforms/curve-output.js';
import { testEngine, runEngine } from '../support/engine.js';
import { runVega } from '../support/vega-oracle.js';

/** Seeded doubles across magnitudes, with the edge values. */
function doubles(): number[] {
  let s = 7;
  const r = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const out = [0.30000000000000004, 0.0033962412473479355, 5e-324, Number.MAX_VALUE, -Number.MIN_VALUE, 2 ** 53 + 2, 1e21, 123456789.12345679];
  for (let i = 0; i < 3000; i++) out.push((r() - 0.5) * 10 ** Math.floor(r() * 40 - 20));
  return out;
}

describe('number literals', () => {
  for (const [name, lit] of [['numberLiteral', numberLiteral], ['exactNumberLiteral', exactNumberLiteral]] as const) {
    it(`${name} reads back every double exactly, NaN, infinities and -0 included`, async () => {
      const engine = await testEngine();
      const values = [...doubles(), NaN, Infinity, -Infinity, -0, 0];
      const out = await engine.queryColumns!(`SELECT unnest([${values.map((v) => lit(v)).join(', ')}]) AS v`);
      const read = (out.columns[0] as { values: Float64Array }).values;
      const wrong = values.filter((v, i) => !Object.is(read[i], v));
      expect(wrong).toEqual([]);
    });
  }
  it('a signal inlined into a filter compares as in Vega at the last bit', async () => {
    // Bounds a numeric literal read an ulp off, each beside that neighbouring double.
    const bounds = [-0.0033962412473479355, -0.014044875432949522, -0.000014286861850288266];
    const values = bounds.flatMap((b) => [b, b + Math.abs(b) * Number.EPSILON, b - Math.abs(b) * Number.EPSILON]).map((x) => ({ x }));
    for (const lo of bounds) {
      const c = { values, signals: { lo }, transform: [{ type: 'filter', expr: 'datum.x == lo' }] };
      const [a, e] = await Promise.all([runEngine(c), runVega(c)]);
      // Plain objects: Vega's tuples carry a symbol-keyed id.
      expect(a.rows.map((r) => ({ ...r }))).toEqual(e.rows.map((r) => ({ x: r.x })));
      expect(a.rows).toHaveLength(1);
    }
  });
});
