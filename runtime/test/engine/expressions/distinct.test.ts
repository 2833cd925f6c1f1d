import { describe, expect, it } from 'vitest';
import { parse } from '../../../src/engine/expressions/ast.js';
import { compileExpression } from '../../../src/engine/expressions/index.js';
import { distinctBound } from '../../../src/engine/expressions/distinct.js';
import type { Schema } from '../../../src/engine/types.js';
import { runEngine } from '../../support/engine.js';
import type { Row } from '../../support/vega-oracle.js';

const SCHEMA: Schema = [
  { name: 'd', type: 'date' }, { name: 'x', type: 'number' }, { name: 'b', type: 'boolean' },
  { name: 's', type: 'string' }, { name: 'k', type: 'number', distinct: 5 },
];
const bound = (source: string) => distinctBound(parse(source), SCHEMA);

describe('distinct-value bounds of expressions', () => {
  it('bounds calendar fields whatever their argument, with NULL and NaN counted', () => {
    expect(bound('hours(datum.d)')).toBe(26);
    expect(bound('utcminutes(datum.x)')).toBe(62);
    expect(bound('month(datum.s)')).toBe(14);
    expect(bound('hours(datum.d) + minutes(datum.d) / 60')).toBe(26 * 62);
    expect(bound('datum.x > 3')).toBe(4);
    expect(bound('datum.b')).toBe(4);
  });
  it('combines bounds: products through operators and pure functions, sums through choices', () => {
    expect(bound('datum.k * 2 + 1')).toBe(5);
    expect(bound('floor(datum.k / 3) - day(datum.d)')).toBe(5 * 9);
    expect(bound('datum.x > 0 ? hours(datum.d) : datum.k')).toBe(26 + 5);
    expect(bound('if(datum.b, quarter(datum.d), 0)')).toBe(6 + 1);
    expect(bound('datum.k || seconds(datum.d)')).toBe(5 + 62);
    expect(bound('-datum.k')).toBe(5);
    expect(bound('42')).toBe(1);
  });
  it('leaves unbounded what reads values of unknown count', () => {
    for (const source of ['datum.x', 'datum.x + hours(datum.d)', 'year(datum.d)', 'time(datum.d)', 'datum.s + "a"',
      'datum.missing', 'datum.x > 0 ? 1 : datum.x', 'substring(datum.s, 0, 1)', '[datum.k]']) {
      expect(bound(source), source).toBeUndefined();
    }
  });
  it('reports unbounded past 2^31 values', () => {
    expect(bound('milliseconds(datum.d) * milliseconds(datum.d) * milliseconds(datum.d) * milliseconds(datum.d)')).toBeUndefined();
  });
  it('comes with the compiled expression', () => {
    const scope = { schema: SCHEMA, timeZone: 'UTC', signal: () => 2, data: () => undefined };
    expect(compileExpression('hours(datum.d) * sig', scope).distinct).toBe(26);
    expect(compileExpression('datum.x * 2', scope).distinct).toBeUndefined();
  });

  // The bound must hold for what the SQL produces: count the values DuckDB gives.
  const rows: Row[] = Array.from({ length: 3000 }, (_, i) => ({
    d: i % 97 === 0 ? null : new Date(Date.UTC(1965 + (i % 70), i % 12, 1 + (i % 31), (i * 7) % 24, (i * 13) % 60, (i * 17) % 60, (i * 31) % 1000)),
    x: i % 89 === 0 ? NaN : i % 83 === 0 ? null : (i * 7.3) % 101 - 50,
    b: i % 3 === 0 ? null : i % 2 === 0,
    s: i % 5 === 0 ? 'not a date' : String(i),
  }));
  const key = (v: unknown) => (v instanceof Date ? `date:${v.getTime()}` : Object.is(v, -0) ? 'number:-0' : `${typeof v}:${String(v)}`);
  const exprs = [
    'hours(datum.d) + minutes(datum.d) / 60', 'utcseconds(datum.d) * 1000 + utcmilliseconds(datum.d)', 'month(datum.s)',
    'datum.x > 0 ? day(datum.d) : -dayofyear(datum.d)', 'floor(datum.x) > 3', 'if(datum.b, week(datum.d), quarter(datum.d))',
  ];
  for (const timeZone of ['UTC', 'America/New_York', 'Asia/Kolkata']) {
    it(`holds for the values the SQL produces (${timeZone})`, async () => {
      const schema = SCHEMA.slice(0, 4);
      const out = await runEngine({ values: rows, transform: exprs.map((expr, i) => ({ type: 'formula', expr, as: `o${i}` })), timeZone }, [], schema);
      exprs.forEach((expr, i) => {
        const seen = new Set(out.rows.map((r) => key(r[`o${i}`])));
        expect(seen.size, expr).toBeGreaterThan(1);
        expect(seen.size, expr).toBeLessThanOrEqual(distinctBound(parse(expr), schema) as number);
      });
    });
  }
});
