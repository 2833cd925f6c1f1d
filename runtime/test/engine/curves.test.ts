/**
 * The curve transforms (kde, regression, loess, quantile) against Vega run headless: the
 * same rows in the same order with the same doubles, bit for bit, over seeded random data
 * with duplicates, NaN, nulls, groups and tiny groups.
 */
import { describe, expect, it } from 'vitest';
import { normalizeValue, type Row } from '../support/compare.js';
import { runEngine } from '../support/engine.js';
import { runVega, type PipelineCase } from '../support/vega-oracle.js';
import { CancelledError, LimitError, RuntimeError, TransformError } from '../../src/errors.js';
import { inferSchema } from '../../src/engine/duckdb.js';
import { compileExpression, evaluateExpression } from '../../src/engine/expressions/index.js';
import { queryRowsOf } from '../../src/engine/output.js';
import { compilePipeline, createTransformRegistry, type PipelineOptions } from '../../src/engine/pipeline.js';
import { columnList, ident } from '../../src/engine/sql.js';
import { DEFAULT_TRANSFORMS } from '../../src/engine/transforms/index.js';
import { testEngine } from '../support/engine.js';

/** A seeded generator (a 32-bit LCG), so every run draws the same data. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface DataOptions {
  n: number;
  seed: number;
  /** Share of x values that are null / NaN. */
  nulls?: number;
  nans?: number;
  /** Draw from few values (duplicates). */
  levels?: number;
  groups?: (string | null)[];
}

function makeRows({ n, seed, nulls = 0, nans = 0, levels, groups = ['a'] }: DataOptions): Row[] {
  const r = random(seed);
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    const u = r();
    let x: number | null = levels ? Math.floor(r() * levels) / 2 - 3 : (r() - 0.3) * 40 + (i % 3);
    if (u < nulls) x = null;
    else if (u < nulls + nans) x = NaN;
    const y = x === null || Number.isNaN(x) ? r() * 10 : 3 + 0.5 * x + Math.sin(x) * 2 + r() * 4 + (r() < 0.05 ? null as unknown as number : 0);
    rows.push({ g: groups[Math.floor(r() * groups.length)], h: i % 2 === 0, x, y: Number.isNaN(y) ? null : y, p: 0.5 + r() * 9 });
  }
  return rows;
}

/** Exact comparison: same rows, same fields, numbers identical (NaN equal to NaN); null and undefined alike. */
function expectExact(actual: Row[], expected: Row[]): void {
  const norm = (rows: Row[]) => rows.map((row) => {
    const out: Row = {};
    for (const [k, v] of Object.entries(row)) if (v !== undefined && v !== null) out[k] = normalizeValue(v);
    return out;
  });
  const a = norm(actual);
  const e = norm(expected);
  expect(a.length, 'row count').toBe(e.length);
  for (let i = 0; i < a.length; i++) {
    expect(Object.keys(a[i]).sort(), `fields of row ${i}`).toEqual(Object.keys(e[i]).sort());
    for (const k of Object.keys(e[i])) {
      const x = a[i][k];
      const y = e[i][k];
      const same = typeof y === 'number' ? typeof x === 'number' && (Object.is(x, y) || (x === 0 && y === 0)) : JSON.stringify(x) === JSON.stringify(y);
      if (!same) expect.fail(`row ${i} field ${k}: ${String(x)} != ${String(y)} (${JSON.stringify(a[i])} vs ${JSON.stringify(e[i])})`);
    }
  }
}

async function check(c: PipelineCase): Promise<Row[]> {
  const [actual, expected] = await Promise.all([runEngine(c), runVega(c)]);
  expectExact(actual.rows, expected.rows);
  return actual.rows;
}

const GROUPS = ['a', 'b', null, '', 'c'];
const DATASETS: [string, DataOptions][] = [
  ['plain', { n: 300, seed: 1 }],
  ['nulls and NaN in groups', { n: 400, seed: 2, nulls: 0.1, nans: 0.05, groups: GROUPS }],
  ['duplicates', { n: 500, seed: 3, levels: 12, groups: ['a', 'b'] }],
  ['tiny groups', { n: 7, seed: 4, nulls: 0.2, groups: ['a', 'b', 'c', 'd', 'e'] }],
];

describe('kde', () => {
  for (const [name, opts] of DATASETS) {
    const values = makeRows(opts);
    it(`density, estimated bandwidth, groups, shared (Vega-Lite's default): ${name}`, async () => {
      const rows = await check({ values, transform: [{ type: 'kde', field: 'x', groupby: ['g'], as: ['value', 'density'], resolve: 'shared' }] });
      if (opts.n > 100) expect(rows.length).toBeGreaterThan(100);
    });
    it(`independent adaptive sampling, counts: ${name}`, () => check({ values, transform: [{ type: 'kde', field: 'x', groupby: ['g', 'h'], counts: true }] }));
    it(`cumulative with bandwidth, extent and steps: ${name}`, () => check({
      values, transform: [{ type: 'kde', field: 'x', cumulative: true, bandwidth: 0.7, extent: [-10, 30], steps: 40, as: ['v', 'c'] }],
    }));
    it(`minsteps and maxsteps: ${name}`, () => check({ values, transform: [{ type: 'kde', field: 'x', groupby: ['h'], minsteps: 10, maxsteps: 60 }] }));
  }
  it('over more distinct values than the kernel table holds, with nulls and NaN', async () => {
    const values = makeRows({ n: 6000, seed: 12, nulls: 0.01, nans: 0.01, groups: ['a', 'b'] });
    await check({ values, transform: [{ type: 'kde', field: 'x', groupby: ['g'], resolve: 'shared', steps: 50 }] });
    await check({ values, transform: [{ type: 'kde', field: 'x', cumulative: true, counts: true, maxsteps: 80 }] });
  });
  it('empty input, a field the data lacks, and groupby: []', async () => {
    await check({ values: [], transform: [{ type: 'kde', field: 'x' }] });
    await check({ values: [], transform: [{ type: 'kde', field: 'x', groupby: [] }] });
    await check({ values: [{ a: 1 }, { a: 2 }], transform: [{ type: 'kde', field: 'x', extent: [0, 1], steps: 5 }] });
  });
});

describe('regression', () => {
  const methods: Record<string, unknown>[] = [
    { method: 'linear' }, { method: 'log' }, { method: 'exp' }, { method: 'pow' }, { method: 'quad' }, { method: 'poly', order: 4 }, { method: 'poly', order: 1 }, { method: 'constant' },
  ];
  for (const [name, opts] of DATASETS) {
    const values = makeRows(opts).map((r) => ({ ...r, x: typeof r.x === 'number' ? Math.abs(r.x) + 0.1 : r.x }));
    for (const m of methods) {
      it(`${JSON.stringify(m)}: ${name}`, () => check({ values, transform: [{ type: 'regression', x: 'x', y: 'p', groupby: ['g'], ...m }] }));
    }
    it(`extent and as: ${name}`, () => check({ values, transform: [{ type: 'regression', x: 'x', y: 'y', method: 'quad', extent: [1, 20], as: ['u', 'v'] }] }));
    it(`params: ${name}`, () => check({ values, transform: [{ type: 'regression', x: 'x', y: 'y', groupby: ['g'], params: true }] }));
  }
  it('declines a fit that would hold up the runtime for long, with limit_exceeded (the browser fits it)', async () => {
    const values = makeRows({ n: 20_000, seed: 13 });
    const error = await runEngine({ values, transform: [{ type: 'regression', x: 'x', y: 'y', method: 'poly', order: 30 }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LimitError);
    expect((error as LimitError).code).toBe('limit_exceeded');
  });
  it('ignores a log extent reaching 0 and skips groups with too few rows', () => check({
    values: makeRows({ n: 9, seed: 9, groups: ['a', 'b', 'c', 'd'] }).map((r) => ({ ...r, x: Math.abs(Number(r.x)) + 1 })),
    transform: [{ type: 'regression', x: 'x', y: 'y', groupby: ['g'], method: 'log', extent: [0, 10] }],
  }));
});

describe('loess', () => {
  for (const [name, opts] of DATASETS) {
    const values = makeRows(opts);
    it(`default bandwidth, groups: ${name}`, () => check({ values, transform: [{ type: 'loess', x: 'x', y: 'y', groupby: ['g'] }] }));
    it(`bandwidth 0.8 and as: ${name}`, () => check({ values, transform: [{ type: 'loess', x: 'x', y: 'p', bandwidth: 0.8, as: ['a', 'b'] }] }));
  }
  it('refuses a fit past its work limit at once, with too_costly', async () => {
    const values = makeRows({ n: 40_000, seed: 11 });
    const error = await runEngine({ values, transform: [{ type: 'loess', x: 'x', y: 'y' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LimitError);
    expect((error as LimitError).code).toBe('too_costly');
  });
});

describe('quantile', () => {
  for (const [name, opts] of DATASETS) {
    const values = makeRows(opts);
    it(`default step, groups: ${name}`, () => check({ values, transform: [{ type: 'quantile', field: 'x', groupby: ['g'] }] }));
    it(`probs, step and as: ${name}`, async () => {
      await check({ values, transform: [{ type: 'quantile', field: 'y', probs: [0, 0.1, 0.5, 0.999, 1], as: ['p', 'q'] }] });
      await check({ values, transform: [{ type: 'quantile', field: 'x', step: 0.07, groupby: ['h', 'g'] }] });
    });
  }
  it('keeps the sign of zeros as a stable sort does', () => check({
    values: [0, -0, 0, -0, 1, -1, 0].map((x) => ({ x })), transform: [{ type: 'quantile', field: 'x', probs: [0.3, 0.5, 0.6] }],
  }));
  it('empty groups give undefined values', () => check({ values: [{ x: null }, { x: NaN }], transform: [{ type: 'quantile', field: 'x', probs: [0.5] }] }));
});

describe('curve transforms refuse what they do not compute', () => {
  it('fields that do not hold numbers', async () => {
    const error = await runEngine({ values: [{ s: 'a' }, { s: 'b' }], transform: [{ type: 'kde', field: 's' }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransformError);
    expect((error as TransformError).code).toBe('unsupported_transform');
  });
});

describe('curve transforms in the runtime', () => {
  let tables = 0;
  /** Compiles `transform` over `values` with options of the test's choosing (no typed-array reads, a signal). */
  async function compile(values: Row[], transform: unknown[], extra: Partial<PipelineOptions>): Promise<Row[]> {
    const engine = await testEngine();
    const table = `curves_${++tables}`;
    const schema = inferSchema(values);
    await engine.createTableFromRows(table, values, schema);
    const { relation } = await compilePipeline({ sql: `SELECT ${columnList(schema)} FROM ${ident(table)}`, schema }, transform, {
      transforms: createTransformRegistry(DEFAULT_TRANSFORMS),
      compileExpr: compileExpression,
      evaluateExpr: evaluateExpression,
      queryRows: (sql) => engine.queryRows(sql),
      timeZone: 'UTC',
      signal: (name) => { throw new RuntimeError('unknown_signal', `Unknown signal "${name}"`); },
      data: () => undefined,
      ...extra,
    });
    return queryRowsOf(engine, relation);
  }

  it('compute the same through row reads when the engine has no typed-array reads', async () => {
    const values = makeRows({ n: 500, seed: 21, nulls: 0.1, nans: 0.05, groups: GROUPS });
    for (const transform of [
      [{ type: 'kde', field: 'x', groupby: ['g'] }],
      [{ type: 'regression', x: 'x', y: 'y', groupby: ['g'], method: 'poly' }],
      [{ type: 'loess', x: 'x', y: 'y' }],
      [{ type: 'quantile', field: 'x', groupby: ['g', 'h'] }],
    ]) {
      expectExact(await compile(values, transform, {}), (await runVega({ values, transform })).rows);
    }
  });

  it('stop with a cancelled error when the request is cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const values = makeRows({ n: 2000, seed: 22 });
    const error = await compile(values, [{ type: 'kde', field: 'x' }], { abortSignal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as CancelledError).code).toBe('cancelled');
  });
});
