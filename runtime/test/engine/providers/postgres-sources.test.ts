/**
 * A real PostgreSQL (support/postgres.ts) as a data source: charts over a table give
 * exactly what the same rows read from a file give (and what Vega computes); brushes are
 * answered from the runtime's index built once from the table; pushed filters give Vega's
 * rows in both dialects; a changed table is a new state; statements are read-only, time
 * out, are cancelled on the server and share a bounded pool; passwords come from the
 * environment only.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrowToRows, decodeArrow, encodeJsonValue, Namespace, type ITaskGraph, type ITaskNode } from '@vegafusion-ts/proto';
import { defaultConfig, type RuntimeConfig } from '../../../src/config.js';
import { createDuckDbEngine, type SqlEngine } from '../../../src/engine/duckdb.js';
import {
  compileFilter, createPostgresSource, createSqlSources, DUCKDB_DIALECT, POSTGRES_DIALECT, readSources, type PostgresSource, type SqlSources,
} from '../../../src/engine/providers/index.js';
import { CancelledError, DataError, QueryError } from '../../../src/errors.js';
import { evaluateQuery, type EvaluateServices } from '../../../src/graph/evaluate.js';
import { createIndexStore, type IndexStore } from '../../../src/graph/preaggregate/index.js';
import { createServices } from '../../../src/runtime.js';
import { normalizeValue } from '../../support/compare.js';
import { startTestPostgres, waitForTableStats, type StartedPostgres } from '../../support/postgres.js';
import { runVega, type Row } from '../../support/vega-oracle.js';

const started: StartedPostgres = await startTestPostgres();
const T0 = Date.UTC(2024, 2, 30, 20, 0, 0);

/** Deterministic rows: integer x with nulls, 2-decimal y, weights, a category, a time crossing a DST change. */
function makeRows(n: number, seed = 12345): Row[] {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const cats = ['a', 'b', 'c', 'd', 'e', "o'k"];
  return Array.from({ length: n }, (_, i) => ({
    id: i,
    x: i % 97 === 0 ? null : Math.floor(next() * 100),
    y: Math.round(next() * 10000) / 100,
    w: Math.floor(next() * 101) - 50,
    cat: i % 89 === 0 ? null : cats[Math.floor(next() * cats.length)],
    t: T0 + Math.floor(next() * 48) * 1800_000,
  }));
}

const DATA = makeRows(3000);
const FILE_FORMAT = { type: 'json', parse: { t: 'date' } };
const BRUSH = '!length(data("brush_store")) || vlSelectionTest("brush_store", datum)';
const SOURCE_PIPELINE = [
  { type: 'filter', expr: 'datum.w > -40 && datum.cat != "e"' },
  { type: 'extent', field: 'x', signal: 'x_extent' },
  { type: 'bin', field: 'x', extent: { signal: 'x_extent' }, maxbins: 10, as: ['bx0', 'bx1'], signal: 'x_bins' },
];
const COUNT = { type: 'aggregate', groupby: ['bx0', 'bx1'], ops: ['count'], fields: [null], as: ['__count'] };
const VALID = { type: 'filter', expr: 'isValid(datum["bx0"]) && isFinite(+datum["bx0"])' };
const interval = (field: string, lo: unknown, hi: unknown): Row => ({ unit: 'u', fields: [{ field, channel: 'x', type: 'R' }], values: [[lo, hi]] });

function dataNode(name: string, task: ITaskNode['task'], parents: number[] = []): ITaskNode {
  return { variable: { name, namespace: Namespace.NAMESPACE_DATA }, task, parents };
}

/** A crossfilter-like graph: a source (url), a brush store and a brushed histogram (node 2). */
function crossfilter(url: string, format: unknown, store: Row[], pipeline: unknown[] = SOURCE_PIPELINE): ITaskGraph {
  return {
    nodes: [
      dataNode('source_0', { url: { url, formatJson: format ? JSON.stringify(format) : '', pipelineJson: JSON.stringify(pipeline) } }),
      dataNode('brush_store', { value: { json: encodeJsonValue(store) } }),
      dataNode('hist', { source: { source: 'source_0', pipelineJson: JSON.stringify([{ type: 'filter', expr: BRUSH }, COUNT, VALID]) } }, [0, 1]),
    ],
  };
}

const pgOk = started.ok;
const skipReason = started.ok ? '' : started.reason;

describe.skipIf(!pgOk)('PostgreSQL sources', () => {
  const db = started.ok ? started.pg : undefined!;
  let dataRoot: string;
  let engine: SqlEngine;
  let services: EvaluateServices;
  let store: IndexStore;
  let config: RuntimeConfig;
  const direct: PostgresSource[] = [];
  const readerPassword = 'reader secret';

  const SQL_URL = 'vegafusion+sql://warehouse/analytics.points';

  async function evaluate(g: ITaskGraph, node: number, timeZone = 'UTC'): Promise<Row[]> {
    const result = await evaluateQuery({ requestId: 1, timeZone, graph: g, items: [{ node }] }, services);
    return arrowToRows(decodeArrow(result.values![0].value!.arrow!)).map((r) => normalizeValue(r) as Row);
  }

  beforeAll(async () => {
    await db.admin.query('CREATE SCHEMA analytics');
    await db.admin.query('CREATE TABLE analytics.points (id int NOT NULL, x int, y float8 NOT NULL, w int NOT NULL, cat text, t timestamp NOT NULL)');
    const col = (k: string) => DATA.map((r) => r[k]);
    await db.admin.query(
      `INSERT INTO analytics.points SELECT id, x, y, w, cat, to_timestamp(t_ms / 1000.0) AT TIME ZONE 'UTC'
       FROM unnest($1::int[], $2::int[], $3::float8[], $4::int[], $5::text[], $6::float8[]) AS u(id, x, y, w, cat, t_ms)`,
      [col('id'), col('x'), col('y'), col('w'), col('cat'), col('t')],
    );
    await db.admin.query(`CREATE ROLE vf_reader LOGIN PASSWORD '${readerPassword.replace(/'/g, "''")}'`);
    await db.admin.query('GRANT USAGE ON SCHEMA analytics TO vf_reader');
    await db.admin.query('GRANT SELECT ON analytics.points TO vf_reader');
    await waitForTableStats(db.admin, 'analytics', 'points', DATA.length);
    dataRoot = mkdtempSync(join(tmpdir(), 'vf-pg-data-'));
    // Times as ISO text, parsed as dates by the spec's format, as a file would hold them.
    writeFileSync(join(dataRoot, 'points.json'), JSON.stringify(DATA.map((r) => ({ ...r, t: new Date(r.t as number).toISOString() }))));
    engine = await createDuckDbEngine({ connections: 2, threads: 2 });
    config = {
      ...defaultConfig(), dataRoots: [dataRoot], queryTimeoutMs: 20_000,
      sources: [`warehouse=postgresql://vf_reader@${db.host}:${db.port}/${db.database}`],
      sourceEnv: { VEGAFUSION_SOURCE_WAREHOUSE_PASSWORD: readerPassword },
    };
    services = (await createServices(config, engine)).services;
    store = createIndexStore({ engine, logger: { debug() {}, info() {}, warn() {}, error() {} } });
    services.indexes = store;
  });

  afterAll(async () => {
    await services?.sources.clear();
    await Promise.all(direct.map((s) => s.close()));
    await engine?.close();
    if (dataRoot) rmSync(dataRoot, { recursive: true, force: true });
    await db.stop();
  });

  function source(overrides: { queryTimeoutMs?: number; poolSize?: number; password?: string } = {}): PostgresSource {
    const definitions = readSources({ sources: [`w=postgresql://vf_reader@${db.host}:${db.port}/${db.database}`] }, { VEGAFUSION_SOURCE_W_PASSWORD: overrides.password ?? readerPassword });
    const definition = { ...definitions.get('w')!, poolSize: overrides.poolSize ?? 4 };
    const s = createPostgresSource(definition, { queryTimeoutMs: overrides.queryTimeoutMs ?? 20_000 });
    direct.push(s);
    return s;
  }

  it('renders a table exactly as the same rows read from a file, and as Vega', async () => {
    const store0: Row[] = [];
    const fromPg = await evaluate(crossfilter(SQL_URL, undefined, store0), 2);
    const fromFile = await evaluate(crossfilter('points.json', FILE_FORMAT, store0), 2);
    expect(fromPg.length).toBeGreaterThan(5);
    expect(fromPg).toEqual(fromFile);
    const vega = await runVega({ values: DATA, datasets: { brush_store: store0 }, transform: [...SOURCE_PIPELINE, { type: 'filter', expr: BRUSH }, COUNT, VALID] });
    expect(fromPg).toEqual(vega.rows.map((r) => normalizeValue({ bx0: r.bx0, bx1: r.bx1, __count: r.__count })));
  });

  it('keeps row order, nulls and time units in the request zone identical to the file', async () => {
    const pipeline = [
      { type: 'filter', expr: 'datum.x >= 90 || datum.cat == "o\'k"' },
      { type: 'timeunit', field: 't', units: ['year', 'month', 'date', 'hours'], as: ['h0', 'h1'] },
      { type: 'aggregate', groupby: ['h0', 'cat'], ops: ['count', 'sum', 'min'], fields: [null, 'w', 'x'], as: ['n', 'sw', 'mx'] },
    ];
    for (const zone of ['UTC', 'Europe/Berlin']) {
      const g = (url: string, format: unknown): ITaskGraph => ({ nodes: [dataNode('d', { url: { url, formatJson: format ? JSON.stringify(format) : '', pipelineJson: JSON.stringify(pipeline) } })] });
      const fromPg = await evaluate(g(SQL_URL, undefined), 0, zone);
      expect(fromPg.length).toBeGreaterThan(10);
      expect(fromPg).toEqual(await evaluate(g('points.json', FILE_FORMAT), 0, zone));
    }
    const rows = { nodes: [dataNode('d', { url: { url: SQL_URL, pipelineJson: JSON.stringify([{ type: 'filter', expr: 'datum.x < 3' }]) } })] };
    const file = { nodes: [dataNode('d', { url: { url: 'points.json', formatJson: JSON.stringify(FILE_FORMAT), pipelineJson: JSON.stringify([{ type: 'filter', expr: 'datum.x < 3' }]) } })] };
    const pgRows = await evaluate(rows, 0);
    // Vega reads a null x as 0 in `x < 3`: those rows pass, in table order.
    expect(pgRows.some((r) => r.x === null)).toBe(true);
    // A table's timestamps travel as Arrow timestamps (as an uploaded DataFrame's do); a JSON
    // file's parsed dates as their milliseconds. The instants are the same.
    expect(pgRows.map((r) => ({ ...r, t: (r.t as { date: number }).date }))).toEqual(await evaluate(file, 0));
  });

  it('brushes from the index built once from the table, identical to the file', async () => {
    const before = store.stats();
    for (const brush of [[interval('y', 10.5, 60.25)], [interval('x', 20, 40)], [interval('x', -5, 5)], [interval('y', 1000, 2000)]]) {
      const fromPg = await evaluate(crossfilter(SQL_URL, undefined, brush), 2);
      expect(fromPg).toEqual(await evaluate(crossfilter('points.json', FILE_FORMAT, brush), 2));
    }
    const after = store.stats();
    // Two indexes per source (y, x), and every brush of both sources answered from one.
    expect(after.built - before.built).toBe(4);
    expect(after.answeredInMemory + after.answeredBySql - before.answeredInMemory - before.answeredBySql).toBe(8);
  });

  it('pushes the leading filters to the database and reports what ran where', async () => {
    const sources = services.sources as unknown as { loadPushed: (u: string, p: unknown[], c: { timeZone: string }) => Promise<{ consumed: number; report: { sql: string; pushed: number; inDuckDb: number; reason?: string; rows: number; reused: boolean } }> };
    const first = await sources.loadPushed(SQL_URL, SOURCE_PIPELINE, { timeZone: 'UTC' });
    expect(first.consumed).toBe(1);
    expect(first.report).toMatchObject({ pushed: 1, inDuckDb: 2 });
    expect(first.report.reason).toContain('an extent and bin not followed by an aggregate');
    expect(first.report.sql).toContain('FROM "analytics"."points" WHERE');
    expect(first.report.rows).toBe(DATA.filter((r) => (r.w as number) > -40 && r.cat !== 'e').length);
    const again = await sources.loadPushed(SQL_URL, SOURCE_PIPELINE, { timeZone: 'UTC' });
    expect(again.report.reused).toBe(true);
    const unpushable = await sources.loadPushed(SQL_URL, [{ type: 'filter', expr: 'test(/a/, datum.cat)' }], { timeZone: 'UTC' });
    expect(unpushable.report).toMatchObject({ pushed: 0, inDuckDb: 1 });
    expect(unpushable.report.reason).toContain('function call');
  });

  it('computes aggregates in the database, in a node or in the dataset built on it, as the file gives them', async () => {
    const sources = services.sources as unknown as { loadPushed: (u: string, p: unknown[], c: { timeZone: string }) => Promise<{ consumed: number; report: { sql: string; pushed: number; inDuckDb: number; rows: number } }> };
    const aggregates = [
      { type: 'aggregate', groupby: ['cat'], ops: ['count', 'sum', 'min', 'max', 'valid', 'missing'], fields: [null, 'w', 'y', 'x', 'x', 'x'], as: ['n', 'sw', 'miny', 'maxx', 'vx', 'mx'] },
      { type: 'aggregate', groupby: ['x', 'cat'], ops: ['count', 'missing'], fields: [null, 'cat'] },
      { type: 'aggregate', ops: ['count', 'max'], fields: [null, 'w'] },
    ];
    for (const aggregate of aggregates) {
      const own = [{ type: 'filter', expr: 'datum.y < 80' }, aggregate, { type: 'filter', expr: 'datum.count != 3' }];
      const g = (url: string, format: unknown, pipeline: unknown[]): ITaskGraph => ({ nodes: [dataNode('d', { url: { url, formatJson: format ? JSON.stringify(format) : '', pipelineJson: JSON.stringify(pipeline) } })] });
      const fromFile = await evaluate(g('points.json', FILE_FORMAT, own), 0);
      expect(await evaluate(g(SQL_URL, undefined, own), 0)).toEqual(fromFile);
      const report = await sources.loadPushed(SQL_URL, own, { timeZone: 'UTC' });
      expect(report.report).toMatchObject({ pushed: 2, inDuckDb: 1 });
      // The groups come back; the filter after them runs in DuckDB.
      expect(report.report.rows).toBeGreaterThanOrEqual(fromFile.length);
      expect(report.report.sql).toMatch(/GROUP BY|HAVING/);
      // The aggregate in a dataset built on the table (as Vega-Lite writes it): pushed after the parent's.
      const layered = (url: string, format: unknown): ITaskGraph => ({
        nodes: [
          dataNode('source_0', { url: { url, formatJson: format ? JSON.stringify(format) : '', pipelineJson: '[]' } }),
          dataNode('data_0', { source: { source: 'source_0', pipelineJson: JSON.stringify([{ type: 'filter', expr: 'datum.y < 80' }, aggregate]) } }, [0]),
        ],
      });
      expect(await evaluate(layered(SQL_URL, undefined), 1)).toEqual(await evaluate(layered('points.json', FILE_FORMAT), 1));
      const last = (services.sources as unknown as { sql: SqlSources }).sql.reports().at(-1);
      expect(last).toMatchObject({ pushed: 2, inDuckDb: 0 });
      expect(last?.sql).toMatch(/GROUP BY|HAVING/);
    }
    // Vega keys a group by String(value): null and "null" are one group, valued as the first that came.
    const nullish = [{ c: 'a', v: 1 }, { c: 'null', v: 2 }, { c: null, v: 3 }, { c: 'a', v: 4 }, { c: null, v: 5 }];
    await db.admin.query('CREATE TABLE analytics.nullish AS SELECT * FROM (VALUES (\'a\', 1), (\'null\', 2), (NULL, 3), (\'a\', 4), (NULL, 5)) AS t(c, v)');
    await db.admin.query('GRANT SELECT ON analytics.nullish TO vf_reader');
    const byC = { type: 'aggregate', groupby: ['c'], ops: ['count', 'sum'], fields: [null, 'v'] };
    const grouped = await evaluate({ nodes: [dataNode('d', { url: { url: 'vegafusion+sql://warehouse/analytics.nullish', pipelineJson: JSON.stringify([byC]) } })] }, 0);
    expect(grouped).toEqual((await runVega({ values: nullish, transform: [byC] })).rows.map((r) => normalizeValue(r)));
    expect(grouped).toEqual([{ c: 'a', count: 2, sum_v: 5 }, { c: 'null', count: 3, sum_v: 10 }]);
    const notPushed = await sources.loadPushed(SQL_URL, [{ type: 'aggregate', groupby: ['cat'], ops: ['mean'], fields: ['y'] }], { timeZone: 'UTC' });
    expect(notPushed.report).toMatchObject({ pushed: 0, inDuckDb: 1 });
  });

  it('computes histograms (extent, bin, aggregate) in the database with the signals the runtime gives', async () => {
    const histograms = [
      [{ type: 'extent', field: 'x', signal: 'x_extent' }, { type: 'bin', field: 'x', extent: { signal: 'x_extent' }, maxbins: 10, as: ['b0', 'b1'], signal: 'x_bins' }],
      [{ type: 'filter', expr: 'datum.w > 0' }, { type: 'extent', field: 'y', signal: 'y_extent' }, { type: 'bin', field: 'y', extent: { signal: 'y_extent' }, maxbins: 7, nice: false, as: ['b0', 'b1'], signal: 'y_bins' }],
      [{ type: 'extent', field: 'w', signal: 'w_extent' }, { type: 'bin', field: 'w', extent: { signal: 'w_extent' }, step: 7, anchor: 3, as: ['b0', 'b1'] }],
    ];
    for (const head of histograms) {
      const pipeline = [
        ...head,
        { type: 'aggregate', groupby: ['b0', 'b1', 'cat'], ops: ['count', 'max'], fields: [null, 'x'], as: ['n', 'mx'] },
        { type: 'filter', expr: 'isValid(datum["b0"]) && isFinite(+datum["b0"])' },
      ];
      const outputs = head.flatMap((t) => (typeof (t as { signal?: unknown }).signal === 'string' ? [{ name: (t as { signal: string }).signal }] : []));
      const g = (url: string, format: unknown): ITaskGraph => ({ nodes: [{ ...dataNode('d', { url: { url, formatJson: format ? JSON.stringify(format) : '', pipelineJson: JSON.stringify(pipeline) } }), outputs }] });
      const run = async (graph: ITaskGraph) => {
        const result = await evaluateQuery({ requestId: 1, timeZone: 'UTC', graph, items: [{ node: 0 }] }, services);
        const value = result.values![0];
        return { rows: arrowToRows(decodeArrow(value.value!.arrow!)).map((r) => normalizeValue(r)), signals: value.signals };
      };
      const fromPg = await run(g(SQL_URL, undefined));
      expect(fromPg.rows.length).toBeGreaterThan(5);
      expect(fromPg).toEqual(await run(g('points.json', FILE_FORMAT)));
      const last = (services.sources as unknown as { sql: SqlSources }).sql.reports().at(-1);
      expect(last).toMatchObject({ pushed: pipeline.length - 1, inDuckDb: 1 });
      expect(last?.sql).toContain('floor(');
      const vega = await runVega({ values: DATA, transform: pipeline });
      expect(fromPg.rows).toEqual(vega.rows.map((r) => normalizeValue({ b0: r.b0, b1: r.b1, cat: r.cat, n: r.n, mx: r.mx })));
    }
  });

  it('reads again for a request whose shared read was cancelled by the request that started it', async () => {
    const sql = (services.sources as unknown as { sql: SqlSources }).sql;
    const pipeline = [{ type: 'filter', expr: 'datum.w > -49 && datum.x != 13' }];
    const abort = new AbortController();
    const first = sql.load(SQL_URL, pipeline, abort.signal);
    const second = sql.load(SQL_URL, pipeline);
    abort.abort();
    await expect(first).rejects.toBeInstanceOf(CancelledError);
    const read = await second;
    expect(read.report.rows).toBe(DATA.filter((r) => (r.w as number) > -49 && r.x !== 13).length);
  });

  it('compiles pushed filters once for both dialects, each giving the rows Vega keeps', async () => {
    const exprs = [
      'datum.x > 50', 'datum.x <= 0', '3 > datum.x', 'datum.x == 7', 'datum.x != 7', 'datum.x === null', '!(datum.x < 10)',
      'isValid(datum.x) && datum.y >= 25.5', 'datum.cat == "o\'k" || datum.cat === "a"', 'datum.cat != "b"', 'datum.cat', 'datum.x',
      'datum.w < -10 && !isValid(datum.cat)', 'true', 'false',
    ];
    const pg = source();
    const info = await pg.describe('analytics', 'points');
    const duck = await createDuckDbEngine({ connections: 1, threads: 1 });
    try {
      await duck.createTableFromRows('points', DATA.map((r) => ({ ...r, t: new Date(r.t as number) })), [
        { name: 'id', type: 'number' }, { name: 'x', type: 'number' }, { name: 'y', type: 'number' }, { name: 'w', type: 'number' },
        { name: 'cat', type: 'string' }, { name: 't', type: 'date' },
      ]);
      for (const expr of exprs) {
        const vega = (await runVega({ values: DATA, transform: [{ type: 'filter', expr }] })).rows.map((r) => r.id);
        const forPg = compileFilter(expr, info.columns, POSTGRES_DIALECT);
        const forDuck = compileFilter(expr, info.columns, DUCKDB_DIALECT);
        if (!('sql' in forPg) || !('sql' in forDuck)) throw new Error(`"${expr}" was not pushed`);
        const pgIds = (await pg.queryRows(`SELECT id FROM analytics.points WHERE ${forPg.sql} ORDER BY id`, [])).map((r) => r.id);
        const duckIds = (await duck.queryRows(`SELECT id FROM points WHERE ${forDuck.sql} ORDER BY id`)).map((r) => r.id);
        expect(pgIds, expr).toEqual(vega);
        expect(duckIds, expr).toEqual(vega);
      }
    } finally {
      await duck.close();
    }
    expect(compileFilter('datum.cat < "b"', info.columns, POSTGRES_DIALECT)).toHaveProperty('reason');
    expect(compileFilter('datum.cat == 3', info.columns, POSTGRES_DIALECT)).toHaveProperty('reason');
    expect(compileFilter('datum.nope > 1', info.columns, POSTGRES_DIALECT)).toHaveProperty('reason');
  });

  it('reads a changed table as a new state', async () => {
    const g = { nodes: [dataNode('d', { url: { url: SQL_URL, pipelineJson: JSON.stringify([{ type: 'aggregate', ops: ['count'], as: ['n'] }]) } })] };
    const [{ n: before }] = await evaluate(g, 0);
    expect(before).toBe(DATA.length);
    const extra: Row[] = makeRows(500, 777).map((r, i) => ({ ...r, id: DATA.length + i }));
    const col = (k: string) => extra.map((r) => r[k]);
    await db.admin.query(
      `INSERT INTO analytics.points SELECT id, x, y, w, cat, to_timestamp(t_ms / 1000.0) AT TIME ZONE 'UTC'
       FROM unnest($1::int[], $2::int[], $3::float8[], $4::int[], $5::text[], $6::float8[]) AS u(id, x, y, w, cat, t_ms)`,
      [col('id'), col('x'), col('y'), col('w'), col('cat'), col('t')],
    );
    // The table's size changed; its state is read again once its TTL passes.
    let after = before;
    for (let i = 0; i < 100 && after === before; i++) {
      await new Promise((r) => setTimeout(r, 100));
      [{ n: after }] = await evaluate(g, 0);
    }
    expect(after).toBe(DATA.length + extra.length);
    await db.admin.query('DELETE FROM analytics.points WHERE id >= $1', [DATA.length]);
    await db.admin.query('VACUUM FULL analytics.points');
  });

  it('runs statements read-only, with the query timeout, cancelled on the server, in a bounded pool', async () => {
    const pg = source({ queryTimeoutMs: 300, poolSize: 2 });
    await expect(pg.queryRows('CREATE TABLE analytics.nope (a int)', [])).rejects.toBeInstanceOf(QueryError);
    const slow = pg.queryRows('SELECT pg_sleep(5)', []);
    await expect(slow).rejects.toThrow(/query timeout of 300 ms/);

    const patient = source({ queryTimeoutMs: 30_000, poolSize: 2 });
    const abort = new AbortController();
    const running = Promise.allSettled([0, 1, 2, 3].map(() => patient.queryRows('SELECT pg_sleep(20)', [], abort.signal)));
    const active = async () => Number((await db.admin.query("SELECT count(*) AS n FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(20)' AND state = 'active'")).rows[0].n);
    // Two sleep on the server (the pool's bound), two wait for a connection.
    for (let i = 0; i < 400 && await active() < 2; i++) await new Promise((r) => setTimeout(r, 25));
    expect(await active()).toBe(2);
    expect(patient.stats()).toMatchObject({ total: 2, waiting: 2 });
    abort.abort();
    const outcomes = await running;
    expect(outcomes.every((o) => o.status === 'rejected' && o.reason instanceof CancelledError)).toBe(true);
    // The sleeps stopped on the server, not only in the client.
    let sleeping = 1;
    for (let i = 0; i < 100 && sleeping > 0; i++) {
      sleeping = await active();
      if (sleeping > 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(sleeping).toBe(0);
    expect(patient.stats().cancelled).toBeGreaterThanOrEqual(1);
  });

  it('reads only the tables a source lets specs read, when it names them', async () => {
    const definitions = readSources({ sources: [`w=postgresql://vf_reader@${db.host}:${db.port}/${db.database}`] }, {
      VEGAFUSION_SOURCE_W_PASSWORD: readerPassword, VEGAFUSION_SOURCE_W_TABLES: 'analytics.points',
    });
    const limited = createSqlSources({ engine, definitions, queryTimeoutMs: 20_000, maxBytes: 1024 ** 3 });
    try {
      await limited.prepareUrls(['vegafusion+sql://w/analytics.points', 'vegafusion+sql://w/analytics.nullish']);
      expect(limited.urlState('vegafusion+sql://w/analytics.points')).toMatch(/^sql:/);
      const refused = await limited.load('vegafusion+sql://w/analytics.nullish', []).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(DataError);
      expect((refused as DataError).code).toBe('data_forbidden');
      expect((await limited.load('vegafusion+sql://w/analytics.points', [])).report.rows).toBeGreaterThanOrEqual(DATA.length);
    } finally {
      await limited.close();
    }
  });

  it('takes the password from the environment only, and names what fails', async () => {
    const wrong = source({ password: 'not it' });
    const error = await wrong.describe('analytics', 'points').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).code).toBe('data_not_found');
    expect((error as Error).message).not.toContain('not it');
    const missing = await source().describe('analytics', 'absent').catch((e: unknown) => e);
    expect((missing as DataError).code).toBe('data_not_found');
    const g = { nodes: [dataNode('d', { url: { url: 'vegafusion+sql://nosuch/public.t', pipelineJson: '[]' } })] };
    await expect(evaluateQuery({ requestId: 1, timeZone: 'UTC', graph: g, items: [{ node: 0 }] }, services)).rejects.toMatchObject({ code: 'data_not_found' });
  });
});

describe.skipIf(pgOk)('PostgreSQL sources (skipped)', () => {
  it.skip(`need a PostgreSQL server: ${skipReason}`, () => undefined);
});
