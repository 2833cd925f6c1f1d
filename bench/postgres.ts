/**
 * `npx tsx bench/postgres.ts [--rows 1m|3m|10m] [--brushes N]`: the flights crossfilter over
 * a PostgreSQL table (a throwaway cluster started in a temporary folder, as the tests do):
 *
 *   floor      the dashboard's questions written by hand in PostgreSQL's SQL (extents, then
 *              the three 20-bin histograms, run together), as psql would send them;
 *   pull       the table's rows brought into DuckDB (binary COPY -> Arrow -> DuckDB), and
 *              the same rows read as row objects by `pg` alone (what pg-copy-streams saves);
 *   runtime    the runtime's cold render of the planned dashboard over
 *              vegafusion+sql://bench/public.flights (fresh runtime, warmed on other rows);
 *   brush      brush updates after it, answered from the runtime's index (first brush,
 *              which builds the indexes, apart);
 *   histogram  one Vega-Lite histogram of delay (extent, bin, count) pushed whole to
 *              PostgreSQL, against the same two statements by hand.
 *
 * Prints a table and writes docs/performance-postgres.json. Data: bench/data.ts's files.
 */
import { createReadStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { bin } from 'vega-statistics';
import { defaultConfig, describeCapabilities, evaluateQuery } from '../runtime/src/index.js';
import { createDuckDbEngine } from '../runtime/src/engine/duckdb.js';
import { createSqlSources, readSources } from '../runtime/src/engine/providers/index.js';
import { DEFAULT_TRANSFORMS } from '../runtime/src/engine/transforms/index.js';
import { createServices } from '../runtime/src/runtime.js';
import { startTestPostgres, type TestPostgres } from '../runtime/test/support/postgres.js';
import { planChart } from '../components/react/src/planner/index.js';
import { BRUSH_FIELDS, dragStores, planDashboard } from './dashboard.js';
import { ensureData, ensureWarmupData, type SizeName } from './data.js';
import { summarize } from './stats.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const size = arg('--rows', '1m') as SizeName;
const brushes = Number(arg('--brushes', '20'));

const READER_PASSWORD = 'bench reader';
const TIME = "(extract(hour FROM date) + extract(minute FROM date) / 60)::float8";

async function loadTable(db: TestPostgres, table: string, parquet: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vf-pg-bench-'));
  const csv = join(dir, 'rows.csv');
  const duck = await createDuckDbEngine({ connections: 1 });
  try {
    await duck.exec(`COPY (SELECT date, delay, distance, origin, destination FROM read_parquet('${parquet.replace(/'/g, "''")}')) TO '${csv}' (HEADER false)`);
  } finally {
    await duck.close();
  }
  await db.admin.query(`CREATE TABLE ${table} (date timestamp, delay int, distance int, origin text, destination text)`);
  await pipeline(createReadStream(csv), db.admin.query(copyStreams.from(`COPY ${table} FROM STDIN (FORMAT csv)`)));
  await db.admin.query(`VACUUM ANALYZE ${table}`);
  await db.admin.query(`GRANT SELECT ON ${table} TO vf_reader`);
  rmSync(dir, { recursive: true, force: true });
}

/** The floor: extents, then the three histograms at once (three connections), in PostgreSQL. */
async function floor(db: TestPostgres): Promise<number> {
  const clients = await Promise.all([0, 1, 2].map(async () => {
    const c = new pg.Client({ host: db.host, port: db.port, user: 'vf_reader', password: READER_PASSWORD, database: db.database });
    await c.connect();
    return c;
  }));
  try {
    const started = performance.now();
    const fields = { distance: 'distance::float8', delay: 'delay::float8', time: TIME };
    const [ext] = (await clients[0].query(`SELECT ${Object.entries(fields).map(([k, v]) => `min(${v}) AS ${k}_lo, max(${v}) AS ${k}_hi`).join(', ')} FROM flights`)).rows;
    await Promise.all(Object.entries(fields).map(([k, v], i) => {
      const b = bin({ extent: [Number(ext[`${k}_lo`]), Number(ext[`${k}_hi`])], maxbins: 20 });
      return clients[i].query(`SELECT ${b.start} + ${b.step} * floor((${v} - ${b.start}) / ${b.step}) AS bin0, count(*) AS n FROM flights GROUP BY 1`);
    }));
    return performance.now() - started;
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

/** One histogram by hand in PostgreSQL: the extent, then the counts per bin. */
async function histogramFloor(db: TestPostgres): Promise<number> {
  const c = new pg.Client({ host: db.host, port: db.port, user: 'vf_reader', password: READER_PASSWORD, database: db.database });
  await c.connect();
  try {
    const started = performance.now();
    const [ext] = (await c.query('SELECT min(delay) AS lo, max(delay) AS hi FROM flights')).rows;
    const b = bin({ extent: [Number(ext.lo), Number(ext.hi)], maxbins: 20 });
    await c.query(`SELECT ${b.start} + ${b.step} * floor((delay - ${b.start})::float8 / ${b.step}) AS bin0, count(*) AS n FROM flights GROUP BY 1`);
    return performance.now() - started;
  } finally {
    await c.end();
  }
}

/** The table's rows as `pg` row objects (no COPY): what the binary COPY path replaces. */
async function rowObjects(db: TestPostgres): Promise<number> {
  const c = new pg.Client({ host: db.host, port: db.port, user: 'vf_reader', password: READER_PASSWORD, database: db.database });
  await c.connect();
  try {
    const started = performance.now();
    await c.query('SELECT (extract(epoch FROM date) * 1000)::float8 AS date, delay::float8, distance::float8, origin, destination FROM flights');
    return performance.now() - started;
  } finally {
    await c.end();
  }
}

async function main(): Promise<void> {
  const [data] = await ensureData(REPO, [size]);
  const warm = await ensureWarmupData(REPO);
  const started = await startTestPostgres();
  if (!started.ok) throw new Error(started.reason);
  const db = started.pg;
  const results: Record<string, unknown>[] = [];
  try {
    await db.admin.query(`CREATE ROLE vf_reader LOGIN PASSWORD '${READER_PASSWORD}'`);
    const loadStart = performance.now();
    await loadTable(db, 'flights', data.path);
    await loadTable(db, 'flights_warm', warm.path);
    console.log(`loaded ${data.rows} rows into PostgreSQL in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`);
    const sourceEntry = `bench=postgresql://vf_reader@${db.host}:${db.port}/${db.database}`;
    const sourceEnv = { VEGAFUSION_SOURCE_BENCH_PASSWORD: READER_PASSWORD };

    await floor(db);
    const floorMs = await floor(db);
    results.push({ scenario: 'cold render', system: 'hand-written SQL in PostgreSQL (floor)', ms: floorMs });

    const objectsMs = await rowObjects(db);
    results.push({ scenario: 'read the table', system: 'pg row objects (no COPY)', ms: objectsMs });
    const pullEngine = await createDuckDbEngine({ connections: 2 });
    const pull = createSqlSources({ engine: pullEngine, definitions: readSources({ sources: [sourceEntry] }, sourceEnv), queryTimeoutMs: 600_000, maxBytes: 8 * 1024 ** 3 });
    const pullStart = performance.now();
    const read = await pull.load('vegafusion+sql://bench/public.flights', []);
    const pullMs = performance.now() - pullStart;
    results.push({ scenario: 'read the table', system: 'binary COPY -> Arrow -> DuckDB', ms: pullMs, rows: read.report.rows });
    await pull.close();
    await pullEngine.close();

    // One Altair-style histogram (extent, bin, count): pushed whole to PostgreSQL, against
    // the same questions by hand there and against reading the rows first.
    const capabilitiesOne = describeCapabilities(DEFAULT_TRANSFORMS);
    const histogram = (table: string) => planChart({
      data: { url: `vegafusion+sql://bench/public.${table}` }, mark: 'bar',
      encoding: { x: { field: 'delay', type: 'quantitative', bin: { maxbins: 20 } }, y: { aggregate: 'count', type: 'quantitative' } },
    }, { capabilities: capabilitiesOne });
    const one = histogram('flights');
    const oneWarm = histogram('flights_warm');
    const oneFloor = await histogramFloor(db);
    results.push({ scenario: 'histogram of delay', system: 'hand-written SQL in PostgreSQL (floor)', ms: oneFloor });
    {
      const { services, engine } = await createServices({ ...defaultConfig(), sources: [sourceEntry], sourceEnv, queryTimeoutMs: 600_000 });
      try {
        const items = (p: typeof one) => p.toClient.map((t) => ({ node: t.node, columns: t.columns, signalsOnly: t.signalsOnly }));
        await evaluateQuery({ requestId: 1, timeZone: 'UTC', graph: oneWarm.serverGraph, items: items(oneWarm) }, services);
        const t0 = performance.now();
        await evaluateQuery({ requestId: 2, timeZone: 'UTC', graph: one.serverGraph, items: items(one) }, services);
        results.push({ scenario: 'histogram of delay', system: 'runtime over vegafusion+sql:// (pushed to PostgreSQL)', ms: performance.now() - t0 });
      } finally {
        await services.sources.clear();
        await engine.close();
      }
    }

    // The runtime: fresh services, warmed on the small table, then the dashboard cold.
    const capabilities = describeCapabilities(DEFAULT_TRANSFORMS);
    const dash = planDashboard('vegafusion+sql://bench/public.flights', capabilities);
    const warmDash = planDashboard('vegafusion+sql://bench/public.flights_warm', capabilities);
    const { services, engine } = await createServices({ ...defaultConfig(), sources: [sourceEntry], sourceEnv, queryTimeoutMs: 600_000 });
    try {
      await evaluateQuery({ requestId: 1, timeZone: 'UTC', graph: warmDash.graph, items: warmDash.loadItems }, services);
      const coldStart = performance.now();
      // With the selection hints the React component sends: indexes are built after the answer.
      await evaluateQuery({ requestId: 2, timeZone: 'UTC', graph: dash.graph, items: dash.loadItems, selectionHints: dash.selectionHints }, services);
      const coldMs = performance.now() - coldStart;
      results.push({ scenario: 'cold render', system: 'runtime over vegafusion+sql://', ms: coldMs });
      const aheadStart = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 50));
      for (let i = 0; i < 6000; i++) {
        const st = services.indexes?.stats();
        if (!st || (st.aheadRunning === 0 && st.building === 0)) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      results.push({ scenario: 'indexes built ahead after the load', system: 'runtime over vegafusion+sql://', ms: performance.now() - aheadStart });

      // Each field's first brush (its indexes were built ahead), then the rest.
      const brushMs: number[] = [];
      const firsts: number[] = [];
      let id = 10;
      for (const field of BRUSH_FIELDS) {
        const extent: [number, number] = field === 'time' ? [0, 24] : field === 'delay' ? [-60, 180] : [0, 2000];
        for (const [i, store] of dragStores(field, extent, brushes + 1).entries()) {
          const t0 = performance.now();
          await evaluateQuery({ requestId: id++, timeZone: 'UTC', graph: dash.withStore(store), items: dash.brushItems }, services);
          (i === 0 ? firsts : brushMs).push(performance.now() - t0);
        }
      }
      const f = summarize(firsts);
      const s = summarize(brushMs);
      results.push({ scenario: 'first brush of a field', system: 'runtime over vegafusion+sql://', ms: f.p50, p95: f.p95, n: f.n });
      results.push({ scenario: 'brush', system: 'runtime over vegafusion+sql://', ms: s.p50, p95: s.p95, n: s.n });
    } finally {
      await services.sources.clear();
      await engine.close();
    }
  } finally {
    await db.stop();
  }
  console.log(`flights ${size} (${data.rows} rows) in PostgreSQL`);
  console.log('| scenario | system | ms (p50) | p95 | n |\n| --- | --- | --- | --- | --- |');
  for (const r of results) console.log(`| ${String(r.scenario)} | ${String(r.system)} | ${Number(r.ms).toFixed(1)} | ${r.p95 === undefined ? '-' : Number(r.p95).toFixed(1)} | ${String(r.n ?? 1)} |`);
  // One entry per size: a run at one size keeps the others' figures.
  const out = join(REPO, 'docs', 'performance-postgres.json');
  const all = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown> : {};
  all[size] = { rows: data.rows, measured: new Date().toISOString().slice(0, 10), results };
  writeFileSync(out, `${JSON.stringify(all, null, 2)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
