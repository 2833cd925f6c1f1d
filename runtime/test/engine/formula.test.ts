import { describe, expect, it } from 'vitest';
import { expectRowsEqual } from '../support/compare.js';
import { runEngine } from '../support/engine.js';
import { runVega, type PipelineCase } from '../support/vega-oracle.js';

const values = [
  { a: 1, b: 'x', c: true, d: new Date(Date.UTC(2020, 0, 1)) },
  { a: null, b: 'y', c: false, d: null },
  { a: NaN, b: null, c: null, d: new Date(Date.UTC(2021, 5, 1, 12)) },
  { a: -4, b: '', c: true, d: new Date(Date.UTC(1999, 11, 31)) },
];

async function check(c: PipelineCase) {
  const [actual, expected] = await Promise.all([runEngine(c), runVega(c)]);
  expectRowsEqual(actual.rows, expected.rows);
  // Field order follows Vega's objects.
  expect(actual.rows.map((r) => Object.keys(r).filter((k) => r[k] !== null))).toEqual(
    expected.rows.map((r) => Object.keys(r).filter((k) => r[k] !== null && r[k] !== undefined)));
}

describe('formula', () => {
  it('adds a field', () => check({ values, transform: [{ type: 'formula', expr: 'datum.a * 2 + 1', as: 'z' }] }));
  it('replaces a field in place', () => check({ values, transform: [{ type: 'formula', expr: 'upper(datum.b)', as: 'b' }] }));
  it('adds and replaces fields whose names hold commas, spaces and quotes', () => check({
    values: values.map(({ a, b }) => ({ a, "f(x, 'y')": b, 'g, "h"': a })),
    transform: [
      { type: 'formula', expr: 'datum.a + 1', as: "f(x, 'y')" },
      { type: 'formula', expr: 'datum["g, \\"h\\""] * 2', as: 'k, l' },
    ],
  }));
  it('chains formulas that read earlier ones', () => check({
    values,
    transform: [
      { type: 'formula', expr: 'datum.a > 0 ? "pos" : "neg"', as: 'sign' },
      { type: 'formula', expr: 'datum.sign + ":" + datum.b', as: 'label' },
      { type: 'formula', expr: 'year(datum.d)', as: 'y' },
      { type: 'formula', expr: 'datetime(datum.y, 1, 1)', as: 'feb' },
    ],
    timeZone: 'Europe/Berlin',
  }));
  it('writes null, undefined and constants', () => check({
    values,
    transform: [
      { type: 'formula', expr: 'null', as: 'n' }, { type: 'formula', expr: 'datum.nope', as: 'u' },
      { type: 'formula', expr: 'PI', as: 'pi' }, { type: 'formula', expr: 'sig * 2', as: 's2' },
    ],
    signals: { sig: 21 },
  }));
  it('works on empty input', () => check({ values: [], transform: [{ type: 'formula', expr: 'datum.a + 1', as: 'z' }] }));
  it('fails with unsupported_function on values of mixed types', async () => {
    const c = { values, transform: [{ type: 'formula', expr: 'datum.c ? datum.a : datum.b', as: 'z' }] };
    await expect(runEngine(c)).rejects.toMatchObject({ code: 'unsupported_function', path: '/0' });
  });
});
