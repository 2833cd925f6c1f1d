import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileExpression } from '../../../src/engine/expressions/index.js';
import { ExpressionError } from '../../../src/errors.js';
import { ROWS_SCHEMA, expectFilters, expectFormulas } from './harness.js';

const leaf = fc.constantFrom(
  'datum.n', 'datum.m', 'datum.s', 'datum.t', 'datum.b', 'datum.missing', 'null', '0', '1', '-2.5', '"a"', '""', '"3"',
  'true', 'false', 'NaN', '1e21', '0.1', 'datum.d',
);
const binary = ['+', '-', '*', '/', '%', '<', '<=', '>', '>=', '==', '!=', '===', '!==', '&&', '||', '&', '|', '>>'];
const unaryOps = ['-', '+', '!'];
const calls = ['abs', 'round', 'floor', 'sqrt', 'isValid', 'isNumber', 'toNumber', 'toBoolean', 'upper', 'trim', 'parseFloat',
  'lower', 'isString', 'isDate', 'toString', 'hours', 'year', 'utcmonth', 'time', 'isNaN', 'parseInt'];

const expr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(tie('e'), fc.constantFrom(...binary), tie('e')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(fc.constantFrom(...unaryOps), tie('e')).map(([op, a]) => `${op}(${a})`),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([a, b, c]) => `(${a} ? ${b} : ${c})`),
    fc.tuple(fc.constantFrom(...calls), tie('e')).map(([f, a]) => `${f}(${a})`),
  ),
})).e;

const scope = { schema: ROWS_SCHEMA, timeZone: 'UTC', signal: () => undefined, data: () => undefined };

/** Whether the expression compiles (to a column value, or only to a truth value). */
function compiles(source: string, asColumn: boolean, timeZone = 'UTC'): boolean {
  try {
    const c = compileExpression(source, { ...scope, timeZone });
    if (asColumn) void c.sql;
    return true;
  } catch (e) {
    if (e instanceof ExpressionError && e.code === 'unsupported_function') return false;
    throw e;
  }
}

describe('random expressions', () => {
  const samples = fc.sample(expr.filter((e) => e.includes('datum') && e.length < 200), { numRuns: 120, seed: 20260 });
  it('as formulas equal Vega', async () => {
    const typed = samples.filter((e) => compiles(e, true));
    expect(typed.length).toBeGreaterThan(40);
    await expectFormulas(typed);
  });
  it('as formulas equal Vega in another time zone', () =>
    expectFormulas(samples.filter((e) => compiles(e, true, 'Asia/Kolkata') && /hours|year|utcmonth|datum\.d/.test(e)), undefined, { timeZone: 'Asia/Kolkata' }));
  it('as filters equal Vega', async () => {
    const usable = samples.filter((e) => compiles(e, false));
    expect(usable.length).toBeGreaterThan(60);
    await expectFilters(usable.slice(0, 60));
  });
});
