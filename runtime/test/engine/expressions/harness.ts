/**
 * Compares many expressions at once: each becomes a formula (or a filter) over the same
 * rows, run through the engine on DuckDB and through Vega, and every expression whose
 * values differ is reported by its source.
 */
import { expect } from 'vitest';
import { rowFunction } from '../../../src/engine/expressions/row-function.js';
import type { Schema } from '../../../src/engine/types.js';
import { diffValues } from '../../support/compare.js';
import { runEngine } from '../../support/engine.js';
import { runVega, type PipelineCase, type Row } from '../../support/vega-oracle.js';

export interface ExprOptions {
  timeZone?: string;
  signals?: Record<string, unknown>;
  datasets?: Record<string, Row[]>;
  schema?: Schema;
}

/** Rows covering nulls, NaN, infinities, negatives, empty and numeric strings, unicode and dates. */
export const ROWS: Row[] = [
  { n: 1.5, m: 2, s: 'abc', t: 'b', b: true, d: new Date(Date.UTC(2020, 2, 8, 6, 30, 15, 250)) },
  { n: -2.5, m: 0, s: '', t: 'a', b: false, d: new Date(Date.UTC(2020, 2, 8, 7, 30)) },
  { n: null, m: -3, s: null, t: null, b: null, d: null },
  { n: NaN, m: 7, s: ' 12 ', t: '12', b: true, d: new Date(Date.UTC(2020, 10, 1, 5, 45)) },
  { n: 0, m: -0.5, s: '0', t: 'A', b: false, d: new Date(Date.UTC(2020, 10, 1, 6, 15, 59, 999)) },
  { n: Infinity, m: 1e21, s: 'héllo wörld 🦆', t: 'é', b: true, d: new Date(Date.UTC(1969, 11, 31, 23, 59, 59, 1)) },
  { n: -Infinity, m: 1e-7, s: '1e3', t: 'z', b: false, d: new Date(Date.UTC(2021, 0, 1, 0, 0)) },
  { n: 123456.789, m: 0.1, s: 'Infinity', t: 'true', b: true, d: new Date(Date.UTC(2024, 1, 29, 23, 0)) },
  { n: 42, m: 3, s: 'false', t: '0x1F', b: true, d: new Date(Date.UTC(2019, 11, 29, 12, 0)) },
];

/** Column types of ROWS (so an all-null column still has its type). */
export const ROWS_SCHEMA: Schema = [
  { name: 'n', type: 'number' }, { name: 'm', type: 'number' }, { name: 's', type: 'string' },
  { name: 't', type: 'string' }, { name: 'b', type: 'boolean' }, { name: 'd', type: 'date' },
];

function caseOf(values: Row[], transform: unknown[], o: ExprOptions): PipelineCase {
  return { values, transform, timeZone: o.timeZone, signals: o.signals, datasets: o.datasets };
}

/** Each expression as a formula over `values`; all must equal Vega's. */
export async function expectFormulas(exprs: string[], values: Row[] = ROWS, o: ExprOptions = {}): Promise<void> {
  const transform = exprs.map((expr, i) => ({ type: 'formula', expr, as: `o${i}` }));
  const c = caseOf(values, transform, o);
  const expected = await runVega(c);
  const actual = await runEngine(c, [], o.schema ?? (values === ROWS ? ROWS_SCHEMA : undefined));
  const failures: string[] = [];
  exprs.forEach((expr, i) => {
    const key = `o${i}`;
    const got = actual.rows.map((r) => r[key]);
    const want = expected.rows.map((r) => r[key]);
    const d = diffValues(got, want);
    if (d) failures.push(`${expr}: ${d}\n  engine: ${show(got)}\n  vega:   ${show(want)}`);
  });
  expect(failures, failures.join('\n')).toEqual([]);
}

/**
 * Each expression as a JavaScript function of the row (what index cells are filtered
 * with), applied to each of `values`; all must equal Vega's formula values.
 */
export async function expectRowFunctions(exprs: string[], values: Row[] = ROWS, o: ExprOptions = {}): Promise<void> {
  const transform = exprs.map((expr, i) => ({ type: 'formula', expr, as: `o${i}` }));
  const expected = await runVega(caseOf(values, transform, o));
  const scope = {
    timeZone: o.timeZone ?? 'UTC',
    signal: (name: string) => o.signals?.[name],
    data: (name: string) => o.datasets?.[name],
  };
  const failures: string[] = [];
  exprs.forEach((expr, i) => {
    const f = rowFunction(expr, scope);
    const got = values.map((v) => f({ ...v }));
    const want = expected.rows.map((r) => r[`o${i}`]);
    const d = diffValues(got, want);
    if (d) failures.push(`${expr}: ${d}\n  row function: ${show(got)}\n  vega:         ${show(want)}`);
  });
  expect(failures, failures.join('\n')).toEqual([]);
}

/** Each expression as a filter over `values`; the kept rows must equal Vega's. */
export async function expectFilters(exprs: string[], values: Row[] = ROWS, o: ExprOptions = {}): Promise<void> {
  const failures: string[] = [];
  for (const expr of exprs) {
    const c = caseOf(values.map((r, i) => ({ ...r, __i: i })), [{ type: 'filter', expr }], o);
    const schema = o.schema ?? (values === ROWS ? [...ROWS_SCHEMA, { name: '__i', type: 'number' as const }] : undefined);
    const [actual, expected] = await Promise.all([runEngine(c, [], schema), runVega(c)]);
    const got = actual.rows.map((r) => r.__i);
    const want = expected.rows.map((r) => r.__i);
    if (diffValues(got, want)) failures.push(`${expr}: engine kept ${show(got)}, vega kept ${show(want)}`);
  }
  expect(failures, failures.join('\n')).toEqual([]);
}

function show(values: unknown[]): string {
  if (values.length > 12) return `${show(values.slice(0, 12))}… (${values.length} values)`;
  return JSON.stringify(values, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
}
