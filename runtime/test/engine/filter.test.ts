import { describe, expect, it } from 'vitest';
import { expectRowsEqual } from '../support/compare.js';
import { runEngine } from '../support/engine.js';
import { runVega, type PipelineCase } from '../support/vega-oracle.js';
import { inferSchema } from '../../src/engine/duckdb.js';
import { lastSql, runEngine as runWithSchema } from './stats-check.js';

const values = [
  { a: 1, b: 'x', c: true }, { a: null, b: 'y', c: false }, { a: NaN, b: null, c: null },
  { a: 0, b: '', c: true }, { a: -3, b: '0', c: false }, { a: 7, b: 'z', c: true },
];

async function check(c: PipelineCase) {
  const [actual, expected] = await Promise.all([runEngine(c), runVega(c)]);
  expectRowsEqual(actual.rows, expected.rows);
}

describe('filter', () => {
  it('keeps truthy rows in order', () => check({ values, transform: [{ type: 'filter', expr: 'datum.a' }] }));
  it('treats NaN, null, 0 and the empty string as false', () => check({ values, transform: [{ type: 'filter', expr: 'datum.b' }] }));
  it('keeps rows of mixed-type predicates by truthiness', () => check({ values, transform: [{ type: 'filter', expr: 'datum.c ? datum.a : datum.b' }] }));
  it('composes with formulas and signals', () => check({
    values,
    transform: [
      { type: 'formula', expr: 'datum.a * k', as: 'ak' },
      { type: 'filter', expr: 'datum.ak >= lo && indexof(["x", "z", ""], datum.b) !== -1' },
      { type: 'filter', expr: '!isNaN(datum.ak)' },
    ],
    signals: { k: 2, lo: 0 },
  }));
  it('filters on a selection store and passes all rows through an empty one', () => check({
    values,
    transform: [
      { type: 'filter', expr: '!length(data("empty")) || vlSelectionTest("empty", datum)' },
      { type: 'filter', expr: 'vlSelectionTest("sel", datum)' },
    ],
    datasets: { empty: [], sel: [{ unit: 'u', fields: [{ field: 'a', type: 'R' }], values: [[-5, 1]] }] },
  }));
  it('keeps nothing from empty input', () => check({ values: [], transform: [{ type: 'filter', expr: 'datum.a > 0' }] }));
  it('fails with bad_expression on a syntax error', async () => {
    await expect(runEngine({ values, transform: [{ type: 'filter', expr: 'datum.a >' }] })).rejects.toMatchObject({ code: 'bad_expression', path: '/0' });
  });

  it('keeps the valid rows of a whole-number column by its validity alone, as Vega does', async () => {
    // Vega-Lite's filter for a quantitative field, over a column read from an integer one.
    const rows = Array.from({ length: 50 }, (_, i) => ({ n: i % 7 === 0 ? null : i - 20, x: i % 5 === 0 ? NaN : i / 3 }));
    const schema = inferSchema(rows).map((c) => (c.name === 'n' ? { ...c, integral: true as const } : c));
    const c: PipelineCase = { values: rows, transform: [{ type: 'filter', expr: 'isValid(datum["n"]) && isFinite(+datum["n"]) && isValid(datum["x"]) && isFinite(+datum["x"])' }] };
    const [actual, expected] = await Promise.all([runWithSchema(c, [], schema), runVega(c)]);
    expectRowsEqual(actual.rows, expected.rows);
    expect(expected.rows.length).toBeGreaterThan(0);
    expect(lastSql.value).toContain('"n" IS NOT NULL');
    expect(lastSql.value).toContain('isfinite("x")');
    // As a value rather than a predicate, false (not NULL) where the field is null.
    const v: PipelineCase = { values: rows, transform: [{ type: 'formula', expr: 'isValid(datum.n) && isFinite(+datum.n)', as: 'ok' }] };
    const [av, ev] = await Promise.all([runWithSchema(v, [], schema), runVega(v)]);
    expectRowsEqual(av.rows, ev.rows);
  });
});
