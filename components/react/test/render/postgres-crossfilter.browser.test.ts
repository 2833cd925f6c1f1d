/**
 * The demo's flights crossfilter drawn by <VegaFusionChart> in real Chromium from a
 * PostgreSQL table (`vegafusion+sql://flights/public.flights`) and from a Parquet file of
 * the same rows: the SVG and the datasets the runtime sends are identical on load and
 * after one brush drag, and the brush is answered from the runtime's index. Skipped where
 * there is no Chromium or PostgreSQL cannot start (scripts/ensure-postgres.sh).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startRuntime, silentLogger, type RuntimeHandle } from '../../../../runtime/src/index.js';
import { defaultDataRoot } from '../../../../runtime/src/config.js';
import { createDuckDbEngine } from '../../../../runtime/src/engine/duckdb.js';
import { startTestPostgres, waitForTableStats, type StartedPostgres } from '../../../../runtime/test/support/postgres.js';
import { flightsCrossfilter } from '../../../../examples/react/src/specs.js';
import type { Harness } from './browser-app.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROWS = 20_000;
const started: StartedPostgres = existsSync(CHROMIUM) ? await startTestPostgres() : { ok: false, reason: `no Chromium at ${CHROMIUM}` };

/** What one render shows: the SVG and the datasets the runtime sent, by name. */
interface Drawn {
  svg: string;
  data: Record<string, unknown[]>;
}

describe.skipIf(!started.ok)('flights crossfilter from PostgreSQL in Chromium', () => {
  const db = started.ok ? started.pg : undefined!;
  let runtime: RuntimeHandle;
  let dataRoot: string;
  let site: Server;
  let siteUrl: string;
  let browser: Browser;

  async function metric(name: string): Promise<number> {
    const text = await (await fetch(`${runtime.url}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    return Number(line?.split(' ')[1] ?? NaN);
  }

  const indexAnswers = async () => (await Promise.all(
    ['vegafusion_index_answers_memory_total', 'vegafusion_index_answers_sql_total'].map(metric),
  )).reduce((a, b) => a + b, 0);

  /** Waits until every change of the view has been answered and drawn, then reads the chart. */
  async function settled(page: Page): Promise<Drawn> {
    await page.evaluate(async () => {
      const r = (window as unknown as { harness: Harness }).harness.result;
      await r?.session?.whenIdle();
      await r?.view.runAsync();
    });
    return page.evaluate(() => {
      const h = (window as unknown as { harness: Harness }).harness;
      const names = h.result?.plan?.toClient.map((t) => t.name) ?? [];
      return {
        svg: document.querySelector('.vegafusion-chart svg')?.outerHTML ?? '',
        data: Object.fromEntries(names.map((n) => [n, h.data(n)])),
      };
    });
  }

  /** Draws the crossfilter over `data` on a new page, then drags a brush over the distance histogram. */
  async function drawAndBrush(data: Record<string, unknown>): Promise<{ loaded: Drawn; brushed: Drawn; indexAnswers: number; events: unknown[] }> {
    const page = await browser.newPage({ viewport: { width: 1000, height: 400 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(siteUrl);
      await page.waitForFunction(() => 'harness' in window);
      await page.evaluate((args) => (window as unknown as { harness: Harness }).harness.render(args),
        { spec: { ...flightsCrossfilter, data }, runtime: runtime.url, embedOptions: { renderer: 'svg' as const, actions: false } });
      await page.waitForSelector('.vegafusion-chart svg .mark-rect path', { state: 'attached' });
      await page.waitForSelector('.vegafusion-loading', { state: 'detached' });
      expect(await page.evaluate(() => (window as unknown as { harness: Harness }).harness.result?.mode)).toBe('runtime');
      const loaded = await settled(page);

      const before = await indexAnswers();
      // The first cell's background is the distance histogram's plot area.
      const cell = await page.locator('.vegafusion-chart svg g.mark-group.role-scope path.background').first().boundingBox();
      if (!cell) throw new Error('no plot area for the distance histogram');
      const y = cell.y + cell.height / 2;
      await page.mouse.move(cell.x + cell.width * 0.2, y);
      await page.mouse.down();
      await page.mouse.move(cell.x + cell.width * 0.45, y, { steps: 4 });
      await page.mouse.up();
      await page.waitForFunction(() => (window as unknown as { harness: Harness }).harness.events
        .some((e) => Array.isArray(e) && e[0] === 'selection'));
      const brushed = await settled(page);
      const events = await page.evaluate(() => (window as unknown as { harness: Harness }).harness.events);
      expect(errors).toEqual([]);
      return { loaded, brushed, indexAnswers: (await indexAnswers()) - before, events };
    } finally {
      await page.close();
    }
  }

  beforeAll(async () => {
    dataRoot = mkdtempSync(join(tmpdir(), 'vf-pg-browser-'));
    const parquet = join(dataRoot, 'flights.parquet').replace(/'/g, "''");
    // The same rows twice: a Parquet file in the runtime's data root, and a PostgreSQL table.
    const duck = await createDuckDbEngine({ connections: 1, threads: 1 });
    let rows: Record<string, unknown>[];
    try {
      const src = join(defaultDataRoot(), 'data', 'flights-3m.parquet').replace(/'/g, "''");
      await duck.exec(`COPY (SELECT * FROM read_parquet('${src}') LIMIT ${ROWS}) TO '${parquet}' (FORMAT parquet)`);
      rows = await duck.queryRows(`SELECT epoch_ms(date)::DOUBLE AS t, delay, distance, origin, destination FROM read_parquet('${parquet}')`);
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
    runtime = await startRuntime({
      port: 0, logger: silentLogger, dataRoots: [dataRoot],
      sources: [`flights=postgresql://vf_reader@${db.host}:${db.port}/${db.database}`],
      sourceEnv: { VEGAFUSION_SOURCE_FLIGHTS_PASSWORD: 'reader' },
    });

    const bundle = await build({
      entryPoints: [fileURLToPath(new URL('./browser-app.ts', import.meta.url))],
      bundle: true, write: false, format: 'esm', platform: 'browser', target: 'es2020',
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'silent',
    });
    const js = bundle.outputFiles[0].text;
    site = createServer((req, res) => {
      if (req.url === '/app.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
      else res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><div id="root"></div><script type="module" src="/app.js"></script>');
    });
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', () => r()));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((r) => (site ? site.close(() => r()) : r()));
    await runtime?.close();
    if (dataRoot) rmSync(dataRoot, { recursive: true, force: true });
    await db.stop();
  });

  it('draws and brushes the table exactly as the Parquet file, the brush from an index', async () => {
    const fromPg = await drawAndBrush({ url: 'vegafusion+sql://flights/public.flights' });
    const fromFile = await drawAndBrush({ url: 'flights.parquet', format: { type: 'parquet' } });

    expect(Object.keys(fromPg.loaded.data).length).toBeGreaterThan(0);
    expect(fromPg.loaded.svg).toContain('mark-rect');
    expect(fromPg.loaded).toEqual(fromFile.loaded);
    // The brush filtered the other histograms: a state of its own, the same from both.
    expect(fromPg.brushed.data).not.toEqual(fromPg.loaded.data);
    expect(fromPg.brushed).toEqual(fromFile.brushed);
    const selections = fromPg.events.filter((e) => Array.isArray(e) && e[0] === 'selection') as [string, { brush?: { distance?: number[] } }][];
    const range = selections[selections.length - 1][1].brush?.distance ?? [];
    expect(range).toHaveLength(2);
    expect(range[0]).toBeLessThan(range[1]);
    expect(fromPg.events.filter((e) => Array.isArray(e) && e[0] === 'error')).toEqual([]);
    expect(fromPg.indexAnswers).toBeGreaterThan(0);
    // The table was read from PostgreSQL once; the brush did not go back to it.
    expect(await metric('vegafusion_source_reads_total')).toBe(1);
    expect(await metric('vegafusion_source_rows_total')).toBe(ROWS);
  }, 180_000);
});

describe.skipIf(started.ok)('flights crossfilter from PostgreSQL in Chromium (skipped)', () => {
  it.skip(`needs Chromium and a PostgreSQL server: ${started.ok ? '' : started.reason}`, () => undefined);
});
