/**
 * The demo's flights crossfilter, planned as the React component plans it, answered by a
 * runtime server over WebSocket from a PostgreSQL table of flights rows: the load and every
 * brush give exactly what the same rows read from a Parquet file give, brushes come from
 * the runtime's indexes, and the table is read from PostgreSQL once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrowToRows, decodeArrow, encodeJsonValue, type IQueryItem, type ITaskGraph } from '@vegafusion-ts/proto';
import { planChart } from '../../../../components/react/src/planner/index.js';
import { flightsCrossfilter } from '../../../../examples/react/src/specs.js';
import { defaultDataRoot } from '../../../src/config.js';
import { createDuckDbEngine } from '../../../src/engine/duckdb.js';
import type { SqlSources } from '../../../src/engine/providers/index.js';
import { startRuntime, silentLogger, type RuntimeHandle } from '../../../src/index.js';
import { normalizeValue } from '../../support/compare.js';
import { startTestPostgres, waitForTableStats, type StartedPostgres } from '../../support/postgres.js';
import { connect, type TestClient } from '../../support/ws-client.js';

const ROWS = 20_000;
const started: StartedPostgres = await startTestPostgres();

interface Planned {
  graph: ITaskGraph;
  items: IQueryItem[];
  withStore(store: unknown[]): ITaskGraph;
}

function plan(data: Record<string, unknown>, runtime: RuntimeHandle): Planned {
  const p = planChart({ ...flightsCrossfilter, data }, { capabilities: runtime.capabilities });
  const nodes = p.serverGraph.nodes ?? [];
  const storeNode = nodes.findIndex((n) => n.variable?.name === 'brush_store');
  expect(storeNode).toBeGreaterThanOrEqual(0);
  const withStore = (store: unknown[]): ITaskGraph => ({
    nodes: nodes.map((n, i) => (i === storeNode ? { ...n, task: { value: { json: encodeJsonValue(store) } } } : n)),
  });
  return { graph: withStore([]), items: p.toClient.map((t) => ({ node: t.node, columns: t.columns, signalsOnly: t.signalsOnly })), withStore };
}

const brush = (field: string, lo: number, hi: number) => [{ unit: `child__column_${field}_layer_0`, fields: [{ field, channel: 'x', type: 'R' }], values: [[lo, hi]] }];

describe.skipIf(!started.ok)('flights crossfilter over a PostgreSQL table', () => {
  const db = started.ok ? started.pg : undefined!;
  let runtime: RuntimeHandle;
  let client: TestClient;
  let dataRoot: string;
  let id = 0;

  async function values(graph: ITaskGraph, items: IQueryItem[]): Promise<unknown[]> {
    const reply = await client.query({ requestId: ++id, timeZone: 'America/New_York', graph, items });
    expect(reply.error).toBeFalsy();
    return (reply.result?.values ?? []).map((v) => ({
      rows: v.value?.arrow ? arrowToRows(decodeArrow(v.value.arrow)).map((r) => normalizeValue(r)) : undefined,
      signals: (v.signals ?? []).map((s) => [s.name, s.value?.json]),
    }));
  }

  beforeAll(async () => {
    dataRoot = mkdtempSync(join(tmpdir(), 'vf-pg-flights-'));
    const parquet = join(dataRoot, 'flights.parquet');
    runtime = await startRuntime({
      port: 0, logger: silentLogger, dataRoots: [dataRoot],
      sources: [`flights=postgresql://vf_reader@${db.host}:${db.port}/${db.database}`],
      sourceEnv: { VEGAFUSION_SOURCE_FLIGHTS_PASSWORD: 'reader' },
    });
    // The same rows twice: a Parquet file under the data root, and a PostgreSQL table.
    const src = join(defaultDataRoot(), 'data', 'flights-3m.parquet').replace(/'/g, "''");
    // (The runtime's own DuckDB may not open files outside its data roots: another one writes them.)
    const duck = await createDuckDbEngine({ connections: 1, threads: 1 });
    let rows: Record<string, unknown>[];
    try {
      await duck.exec(`COPY (SELECT * FROM read_parquet('${src}') LIMIT ${ROWS}) TO '${parquet.replace(/'/g, "''")}' (FORMAT parquet)`);
      rows = await duck.queryRows(`SELECT epoch_ms(date)::DOUBLE AS t, delay, distance, origin, destination FROM read_parquet('${parquet.replace(/'/g, "''")}')`);
    } finally {
      await duck.close();
    }
    await db.admin.query('CREATE TABLE public.flights (date timestamp, delay int, distance int, origin text, destination text)');
    await db.admin.query(
      `INSERT INTO public.flights SELECT to_timestamp(t / 1000.0) AT TIME ZONE 'UTC', delay, distance, origin, destination
       FROM unnest($1::float8[], $2::int[], $3::int[], $4::text[], $5::text[]) AS u(t, delay, distance, origin, destination)`,
      ['t', 'delay', 'distance', 'origin', 'destination'].map((k) => rows.map((r) => r[k])),
    );
    await db.admin.query("CREATE ROLE vf_reader LOGIN PASSWORD 'reader'");
    await db.admin.query('GRANT SELECT ON public.flights TO vf_reader');
    await waitForTableStats(db.admin, 'public', 'flights', ROWS);
    client = await connect(runtime.url);
  }, 120_000);

  afterAll(async () => {
    client?.close();
    await runtime?.close();
    if (dataRoot) rmSync(dataRoot, { recursive: true, force: true });
    await db.stop();
  });

  it('loads and brushes exactly as from the Parquet file, from indexes, reading the table once', async () => {
    const fromPg = plan({ url: 'vegafusion+sql://flights/public.flights' }, runtime);
    const fromFile = plan({ url: 'flights.parquet', format: { type: 'parquet' } }, runtime);
    const loaded = await values(fromPg.graph, fromPg.items);
    expect(loaded).toEqual(await values(fromFile.graph, fromFile.items));
    expect(JSON.stringify(loaded)).toContain('"__count":');
    const indexes = runtime.services.indexes!.stats();
    const stores = [brush('distance', 500, 1200), brush('delay', -10, 30.5), brush('time', 6.25, 14), brush('distance', 0, 100)];
    for (const store of stores) {
      expect(await values(fromPg.withStore(store), fromPg.items)).toEqual(await values(fromFile.withStore(store), fromFile.items));
    }
    const after = runtime.services.indexes!.stats();
    expect(after.answeredInMemory + after.answeredBySql).toBeGreaterThan(indexes.answeredInMemory + indexes.answeredBySql);
    const reads = (runtime.sources as unknown as { sql: SqlSources }).sql.reports().filter((r) => !r.reused);
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ url: 'vegafusion+sql://flights/public.flights', rows: ROWS });
    // /metrics says the same: one read, its rows, and where the transforms over the table ran.
    const metrics = await (await fetch(`${runtime.url}/metrics`)).text();
    expect(metrics).toMatch(/^vegafusion_source_reads_total 1$/m);
    expect(metrics).toMatch(new RegExp(`^vegafusion_source_rows_total ${ROWS}$`, 'm'));
    expect(metrics).toMatch(/^vegafusion_source_transforms_total\{ran="duckdb"\} [1-9]/m);
    expect(metrics).toMatch(/^vegafusion_source_connections\{source="flights"\} [1-9]/m);

    // An explicit refresh makes the table a new state: the next load reads it again.
    // (A browser's simple cross-site POST, without a JSON content type, is refused.)
    const refresh = (source: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
      fetch(`${runtime.url}/sources/refresh?source=${source}`, { method: 'POST', headers }).then((r) => r.status);
    expect(await refresh('flights', { 'content-type': 'text/plain' })).toBe(415);
    expect(await refresh('nosuch')).toBe(404);
    expect(await refresh('flights')).toBe(204);
    expect(await values(fromPg.graph, fromPg.items)).toEqual(loaded);
    expect((runtime.sources as unknown as { sql: SqlSources }).sql.reports().filter((r) => !r.reused)).toHaveLength(2);
  }, 180_000);
});

describe.skipIf(started.ok)('flights crossfilter over a PostgreSQL table (skipped)', () => {
  it.skip(`needs a PostgreSQL server: ${started.ok ? '' : started.reason}`, () => undefined);
});
