/**
 * <VegaFusionChart> in real Chromium against the real runtime: the page is bundled from
 * the sources with esbuild. Skipped where there is no Chromium (`apt-get install chromium`).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { parse, View } from 'vega';
import { startRuntime, type RuntimeHandle } from '../../../../runtime/src/index.js';
import { defaultDataRoot } from '../../../../runtime/src/config.js';
import { compileToVega } from '../../src/planner/index.js';
import type { Harness } from './browser-app.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROWS = Array.from({ length: 300 }, (_, i) => ({ a: (i * 13) % 50, b: (i * 37) % 101, c: ['x', 'y', 'z'][i % 3] }));

const barSpec = (cut: number) => ({
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  data: { values: ROWS },
  params: [{ name: 'cut', value: cut }],
  transform: [{ filter: 'datum.b > cut' }],
  mark: 'bar',
  width: 300,
  height: 200,
  encoding: { x: { field: 'c', type: 'nominal' }, y: { aggregate: 'sum', field: 'a', type: 'quantitative' } },
});

const BRUSH_SPEC = {
  data: { values: ROWS },
  params: [{ name: 'brush', select: { type: 'interval', encodings: ['x'] } }],
  transform: [{ filter: 'datum.b > 10' }],
  mark: 'point',
  width: 300,
  height: 200,
  encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'b', type: 'quantitative' } },
};

let runtime: RuntimeHandle;
let site: Server;
let siteUrl: string;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

async function plainData(spec: object, name: string): Promise<unknown[]> {
  const view = new View(parse(compileToVega(spec)), { renderer: 'none' });
  await view.runAsync();
  const rows = JSON.parse(JSON.stringify(view.data(name))) as unknown[];
  view.finalize();
  return rows;
}

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${runtime.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return Number(line?.split(' ')[1] ?? NaN);
}

const harness = (p: Page) => p.evaluate(() => (window as unknown as { harness: Harness }).harness.events);

describe.skipIf(!existsSync(CHROMIUM))('<VegaFusionChart> in Chromium', () => {
  beforeAll(async () => {
    runtime = await startRuntime({ port: 0, logLevel: 'silent' });
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
    page = await browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(siteUrl);
    await page.waitForFunction(() => 'harness' in window);
  });

  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((r) => (site ? site.close(() => r()) : r()));
    await runtime?.close();
  });

  it('renders with the runtime what plain Vega computes, then re-plans a new spec on the same socket', async () => {
    const connectionsBefore = await metric('vegafusion_connections_total');
    await page.evaluate((args) => (window as unknown as { harness: Harness }).harness.render(args),
      { spec: barSpec(50), runtime: runtime.url, showPlanReport: true, coalesce: 'microtask' as const });
    await page.waitForSelector('.vegafusion-chart svg, .vegafusion-chart canvas');
    await page.waitForSelector('.vegafusion-loading', { state: 'detached' });
    const first = await page.evaluate(() => {
      const h = (window as unknown as { harness: Harness }).harness;
      return { mode: h.result?.mode, names: h.result?.plan?.toClient.map((t) => t.name) ?? [] };
    });
    expect(first.mode).toBe('runtime');
    expect(first.names).toContain('data_0');
    const rows = await page.evaluate(() => (window as unknown as { harness: Harness }).harness.data('data_0'));
    expect(rows).toEqual(await plainData(barSpec(50), 'data_0'));
    expect(await page.textContent('.vegafusion-plan-report summary')).toMatch(/of \d+ datasets run on the runtime/);
    expect(await harness(page)).toEqual([]);

    await page.evaluate((args) => (window as unknown as { harness: Harness }).harness.render(args),
      { spec: barSpec(80), runtime: runtime.url, showPlanReport: true, coalesce: 'microtask' as const });
    await page.waitForFunction(() => (window as unknown as { harness: Harness }).harness.renders === 2);
    await page.waitForSelector('.vegafusion-loading', { state: 'detached' });
    const changed = await page.evaluate(() => (window as unknown as { harness: Harness }).harness.data('data_0'));
    expect(changed).toEqual(await plainData(barSpec(80), 'data_0'));
    // One chart per host element, and still the one socket.
    expect(await page.locator('.vegafusion-chart > div').count()).toBe(1);
    expect(await metric('vegafusion_connections_total')).toBe(connectionsBefore + 1);
  });

  it('renders a large table sent as a frame of its own after the reply', async () => {
    // 20,000 raw points from the runtime's data: their Arrow table is over the size the runtime sends apart.
    const spec = {
      data: { url: 'data/flights-20k.json' },
      mark: 'point',
      width: 300,
      height: 200,
      encoding: { x: { field: 'distance', type: 'quantitative' }, y: { field: 'delay', type: 'quantitative' } },
    };
    const file = JSON.parse(readFileSync(join(defaultDataRoot(), 'data', 'flights-20k.json'), 'utf8')) as { delay: number; distance: number }[];
    const frames: number[] = [];
    const watch = (ws: { on(event: 'framereceived', f: (e: { payload: string | Buffer }) => void): void }) => {
      ws.on('framereceived', (e) => frames.push(typeof e.payload === 'string' ? -1 : e.payload.byteLength));
    };
    page.on('websocket', watch);
    await page.reload();
    await page.waitForFunction(() => 'harness' in window);
    try {
      await page.evaluate((args) => (window as unknown as { harness: Harness }).harness.render(args),
        { spec, runtime: runtime.url, embedOptions: { renderer: 'canvas' as const, actions: false } });
      await page.waitForSelector('.vegafusion-chart canvas');
      await page.waitForSelector('.vegafusion-loading', { state: 'detached' });
      const result = await page.evaluate(() => {
        const h = (window as unknown as { harness: Harness }).harness;
        return { mode: h.result?.mode, names: h.result?.plan?.toClient.map((t) => t.name) ?? [] };
      });
      expect(result.mode).toBe('runtime');
      const rows = await page.evaluate((name) => (window as unknown as { harness: Harness }).harness.data(name), result.names[0]) as { delay: number; distance: number }[];
      expect(rows.map((r) => [r.distance, r.delay])).toEqual(file.map((r) => [r.distance, r.delay]));
      expect(await harness(page)).toEqual([]);
      // A small message, then the table's bytes as the next frame.
      const big = frames.findIndex((n) => n >= 64 * 1024);
      expect(big).toBeGreaterThan(0);
      expect(frames[big - 1]).toBeLessThan(1024);
    } finally {
      page.off('websocket', watch);
    }
  });

  it('reports a brushed interval in data units', async () => {
    await page.evaluate((args) => (window as unknown as { harness: Harness }).harness.render(args),
      { spec: BRUSH_SPEC, runtime: runtime.url, embedOptions: { renderer: 'svg' as const, actions: false } });
    await page.waitForSelector('.vegafusion-chart svg');
    await page.waitForSelector('.vegafusion-loading', { state: 'detached' });
    const box = await page.locator('.vegafusion-chart svg .mark-group.role-scope, .vegafusion-chart svg g.mark-group').first().boundingBox();
    const svg = await page.locator('.vegafusion-chart svg').boundingBox();
    const area = box ?? svg;
    if (!area) throw new Error('no chart area');
    await page.mouse.move(area.x + 60, area.y + 80);
    await page.mouse.down();
    await page.mouse.move(area.x + 150, area.y + 90, { steps: 5 });
    await page.mouse.up();
    await page.waitForFunction(() => (window as unknown as { harness: Harness }).harness.events
      .some((e) => Array.isArray(e) && e[0] === 'selection'));
    const selections = (await harness(page)).filter((e) => Array.isArray(e) && e[0] === 'selection') as [string, { brush: { a: number[] } }][];
    const last = selections[selections.length - 1][1];
    expect(Object.keys(last)).toEqual(['brush']);
    const [lo, hi] = last.brush.a;
    expect(lo).toBeLessThan(hi);
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThanOrEqual(50);
  });

  it('shows the bytes received and warns, in the report and the console, when raw rows travel', async () => {
    const warnings: string[] = [];
    const onConsole = (m: { type(): string; text(): string }) => { if (m.type() === 'warning') warnings.push(m.text()); };
    page.on('console', onConsole);
    const render = async (spec: object) => {
      await page.evaluate((args) => (window as unknown as { harness: Harness }).harness.render(args),
        { spec, runtime: runtime.url, showPlanReport: true, coalesce: 'microtask' as const, embedOptions: { renderer: 'svg' as const, actions: false } });
      await page.waitForSelector('.vegafusion-loading', { state: 'detached' });
      await page.waitForSelector('.vegafusion-plan-bytes li', { state: 'attached' });
    };
    try {
      // Sorted by count: the domain comes from the runtime, only the origins travel.
      await render({ data: { url: 'data/flights-20k.json' }, mark: 'bar', encoding: { y: { field: 'origin', type: 'nominal', sort: '-x' }, x: { aggregate: 'count', type: 'quantitative' } } });
      expect(await page.textContent('.vegafusion-plan-report summary')).toMatch(/datasets run on the runtime; [\d.]+ (B|kB) received$/);
      expect(await page.locator('.vegafusion-plan-warning').count()).toBe(0);
      expect(await page.locator('.vegafusion-plan-report td', { hasText: 'scale' }).count()).toBe(1);
      expect(await page.textContent('.vegafusion-plan-bytes')).toMatch(/data:vf_values_y: last [\d.]+ (B|kB) \(\d+ rows\)/);

      // A scatter draws all 20,000 rows: over the default limit of 10,000.
      await render({ data: { url: 'data/flights-20k.json' }, mark: 'point', encoding: { x: { field: 'distance', type: 'quantitative' }, y: { field: 'delay', type: 'quantitative' } } });
      await page.waitForSelector('.vegafusion-plan-warning');
      expect(await page.textContent('.vegafusion-plan-warning')).toMatch(/^The runtime sent data:source_0 to the browser \(20,000 rows, [\d.]+ kB; .*\): read in the browser by mark "marks"/);
      expect(await page.textContent('.vegafusion-plan-report summary')).toMatch(/received; 1 warning$/);
      expect(warnings.some((w) => w.includes('The runtime sent data:source_0 to the browser (20,000 rows'))).toBe(true);
    } finally {
      page.off('console', onConsole);
    }
  });

  it('renders plain and reports unreachable when the runtime is away', async () => {
    await page.evaluate(() => (window as unknown as { harness: Harness }).harness.events.splice(0));
    await page.evaluate((args) => (window as unknown as { harness: Harness }).harness.render(args),
      { spec: barSpec(50), runtime: 'http://127.0.0.1:9', connectionOptions: { connectTimeoutMs: 500 } });
    await page.waitForFunction(() => (window as unknown as { harness: Harness }).harness.result?.mode === 'plain');
    await page.waitForSelector('.vegafusion-loading', { state: 'detached' });
    const events = await harness(page);
    expect(events.some((e) => Array.isArray(e) && e[0] === 'error' && e[1] === 'unreachable')).toBe(true);
    const rows = await page.evaluate(() => (window as unknown as { harness: Harness }).harness.data('data_0'));
    expect(rows).toEqual(await plainData(barSpec(50), 'data_0'));
  });
});
