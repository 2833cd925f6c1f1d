/**
 * Shared oracle check for the statistics transform tests: the same case through the
 * engine and through Vega, rows and signals compared.
 */
import { expect } from 'vitest';
import { diffValues, expectRowsEqual, type Row } from '../support/compare.js';
import { inferSchema } from '../../src/engine/duckdb.js';
import { compileExpression, evaluateExpression } from '../../src/engine/expressions/index.js';
import { queryRowsOf } from '../../src/engine/output.js';
import { compilePipeline, createTransformRegistry } from '../../src/engine/pipeline.js';
import { columnList, ident } from '../../src/engine/sql.js';
import { DEFAULT_TRANSFORMS } from '../../src/engine/transforms/index.js';
import type { Schema } from '../../src/engine/types.js';
import { RuntimeError } from '../../src/errors.js';
import { testEngine } from '../support/engine.js';
import { runVega, type PipelineCase, type PipelineOutput } from '../support/vega-oracle.js';

const registry = createTransformRegistry(DEFAULT_TRANSFORMS);
let tables = 0;

/**
 * The engine side, like support/engine's runEngine, except that a `{signal}` parameter
 * naming a signal reads it directly: these tests exercise the transforms (extent feeding
 * bin), not the expression evaluator.
 */
/** Helper queries transforms ran while compiling (extents), counted across runEngine calls. */
export const helperQueries = { count: 0 };

/** The SQL of the relations the last runEngine call evaluated. */
export const lastSql = { value: '' };

export async function runEngine(c: PipelineCase, signalNames: string[] = [], inputSchema?: Schema): Promise<PipelineOutput> {
  const engine = await testEngine();
  const table = `stats_input_${++tables}`;
  const schema = inputSchema ?? inferSchema(c.values);
  await engine.createTableFromRows(table, c.values, schema);
  const signals = c.signals ?? {};
  try {
    const { relation, signals: defined } = await compilePipeline(
      { sql: `SELECT ${columnList(schema)} FROM ${ident(table)}`, schema },
      c.transform,
      {
        transforms: registry,
        compileExpr: compileExpression,
        evaluateExpr: (source, scope) => (/^[A-Za-z_$][\w$]*$/.test(source) ? scope.signal(source) : evaluateExpression(source, scope)),
        queryRows: (sql) => { helperQueries.count++; return engine.queryRows(sql); },
        timeZone: c.timeZone ?? 'UTC',
        signal: (name) => {
          if (name in signals) return signals[name];
          throw new RuntimeError('unknown_signal', `Unknown signal "${name}"`);
        },
        data: (name) => c.datasets?.[name],
      },
    );
    lastSql.value = relation.sql;
    const rows = await queryRowsOf(engine, relation);
    const out: Record<string, unknown> = {};
    for (const n of signalNames) out[n] = defined.get(n);
    return { rows, signals: out };
  } finally {
    await engine.exec(`DROP TABLE ${ident(table)}`);
  }
}

/** Deep copy as JSON would carry it, with null members dropped (the engine's nested values are JSON). */
export function asJson(value: unknown): unknown {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (typeof v === 'object' && v !== null) {
      const out: Row = {};
      for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = strip(x);
      return out;
    }
    return v;
  };
  return value === undefined ? null : strip(JSON.parse(JSON.stringify(value)));
}

/** Vega's bin signal is the bin accessor function; the engine defines it as data. */
export function binSignalOf(value: unknown): unknown {
  if (typeof value !== 'function') return value;
  const f = value as unknown as Record<string, unknown>;
  return { fields: f.fields, fname: f.fname, start: f.start, step: f.step, stop: f.stop };
}

export interface CheckOptions {
  signals?: string[];
  /** Fields holding objects (argmin, argmax, values), compared as JSON. */
  jsonFields?: string[];
  /** The engine's input schema, when not inferred from the rows (e.g. flagged columns). */
  schema?: Schema;
}

/** Runs `c` on both sides and asserts the same rows (and signals); returns the engine rows. */
export async function check(c: PipelineCase, options: CheckOptions = {}): Promise<Row[]> {
  const names = options.signals ?? [];
  const [actual, expected] = await Promise.all([runEngine(c, names, options.schema), runVega(c, names)]);
  const json = (rows: Row[]) => rows.map((r) => {
    const out = { ...r };
    for (const f of options.jsonFields ?? []) if (f in out) out[f] = asJson(out[f]);
    return out;
  });
  expectRowsEqual(json(actual.rows), json(undefinedAsNaN(expected.rows, actual.rows)));
  for (const n of names) {
    const d = diffValues(actual.signals[n], binSignalOf(expected.signals[n]));
    if (d) expect.fail(`signal ${n} differs at ${d}: ${JSON.stringify(actual.signals[n])} vs ${JSON.stringify(binSignalOf(expected.signals[n]))}`);
  }
  return actual.rows;
}

/**
 * The engine carries an aggregate Vega leaves undefined (a mean of no valid value) as NaN:
 * a table has no undefined, and NaN reads the same in a chart. Vega's rows hold such an
 * output as an own property set to undefined; only there does an engine NaN count as equal.
 */
export function undefinedAsNaN(expected: Row[], actual: Row[]): Row[] {
  return expected.map((row, i) => {
    const out = { ...row };
    for (const key of Object.keys(row)) {
      const v = actual[i]?.[key];
      if (row[key] === undefined && typeof v === 'number' && Number.isNaN(v)) out[key] = NaN;
    }
    return out;
  });
}

/**
 * Runs `c` on both sides and asserts that the numeric `fields` are the same doubles, bit
 * for bit (Object.is: -0 is not 0, NaN is NaN), with Vega's undefined read as NaN.
 * Returns the Vega rows.
 */
export async function checkExact(c: PipelineCase, fields: string[]): Promise<Row[]> {
  const [actual, expected] = await Promise.all([runEngine(c), runVega(c)]);
  expect(actual.rows.length).toBe(expected.rows.length);
  expected.rows.forEach((row, i) => {
    for (const f of fields) {
      const want = row[f] === undefined ? NaN : row[f];
      const got = actual.rows[i][f];
      if (!Object.is(got, want)) expect.fail(`row ${i}, field ${f}: engine ${String(got)}, Vega ${String(want)}`);
    }
  });
  return expected.rows;
}

/** A seeded generator of doubles in [0, 1) (mulberry32), for reproducible test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Doubles of mixed signs and magnitudes, whose sums depend on the order of addition. */
export function awkwardDoubles(count: number, seed: number): number[] {
  const rand = seededRandom(seed);
  const fixed = [1e16, 1, -1e16, 3.3, 0.1, 0.2, 0.3, -0.1, 1e-10, 123456.789, -7.25e15, 2.5];
  const out = fixed.slice(0, Math.min(count, fixed.length));
  while (out.length < count) out.push((rand() - 0.5) * 10 ** Math.floor(rand() * 24 - 6));
  return out;
}
