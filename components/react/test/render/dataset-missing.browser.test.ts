/**
 * An uploaded dataset the runtime no longer holds (evicted or deleted): the chart in
 * Chromium does not fall back to the browser (Vega cannot read vegafusion+dataset://),
 * shows the error in its element, and recovers by itself once the dataset is uploaded again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { parse, View } from 'vega';
import { startRuntime, type RuntimeHandle } from '../../../../runtime/src/index.js';
import { compileToVega } from '../../src/planner/index.js';
import type { Harness } from './browser-app.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CSV = `c,a\n${Array.from({ length: 60 }, (_, i) => `${['x', 'y', 'z'][i % 3]},${(i * 7) % 13}`).join('\n')}\n`;

const spec = (data: object) => ({
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  data,
  mark: 'bar',
  width: 200,
  height: 100,
  encoding: { x: { field: 'c', type: 'nominal' }, y: { aggregate: 'count', type: 'quantitative' } },
});

let runtime: RuntimeHandle;
let site: Server;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const harness = (p: Page) => p.evaluate(() => (window as unknown as { harness: Harness }).harness.events);

async function upload(): Promise<string> {
  const res = await fetch(`${runtime.url}/datasets?format=csv`, { method: 'POST', body: CSV, headers: { 'content-type': 'application/octet-stream' } });
  expect(res.status).toBe(201);
  return ((await res.json()) as { hash: string }).hash;
}

describe.skipIf(!existsSync(CHROMIUM))('a chart whose uploaded dataset is missing, in Chromium', () => {
  beforeAll(async () => {
    runtime = await startRuntime({ port: 0, logLevel: 'silent', storeDir: mkdtempSync(join(tmpdir(), 'vf-store-')) });
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
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => 'harness' in window);
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((r) => (site ? site.close(() => r()) : r()));
    await runtime?.close();
  });

  it('shows dataset_missing in the element instead of falling back, then draws once the dataset is uploaded again', async () => {
    const hash = await upload();
    expect((await fetch(`${runtime.url}/datasets/${hash}`, { method: 'DELETE' })).status).toBe(204);
    await page.evaluate((args) => (window as unknown as { harness: Harness }).harness.render(args),
      { spec: spec({ url: `vegafusion+dataset://${hash}`, format: { type: 'csv' } }), runtime: runtime.url });

    const notice = await page.waitForSelector('.vegafusion-error[role="alert"]', { timeout: 20_000 });
    expect(await notice.textContent()).toContain(hash.slice(0, 12));
    const events = await harness(page);
    expect(events.some((e) => Array.isArray(e) && e[0] === 'error' && e[1] === 'dataset_missing' && String(e[2]).includes(hash))).toBe(true);
    // Still planned against the runtime: nothing was handed to the browser.
    const state = await page.evaluate(() => {
      const r = (window as unknown as { harness: Harness }).harness.result;
      return { mode: r?.mode, reasons: r?.plan?.report.entries.map((e) => e.reason ?? '') ?? [] };
    });
    expect(state.mode).toBe('runtime');
    expect(state.reasons.some((r) => r.startsWith('The runtime could not compute it'))).toBe(false);

    await upload();
    await page.waitForSelector('.vegafusion-error', { state: 'detached', timeout: 20_000 });
    const view = new View(parse(compileToVega(spec({ values: CSV, format: { type: 'csv' } }))), { renderer: 'none' });
    await view.runAsync();
    const expected = JSON.parse(JSON.stringify(view.data('data_0'))) as unknown[];
    view.finalize();
    // Vega-Lite folds the aggregate into the URL's dataset (source_0); inline values get a data_0 of their own.
    await page.waitForFunction((n) => (window as unknown as { harness: Harness }).harness.data('source_0').length === n, expected.length);
    expect(await page.evaluate(() => (window as unknown as { harness: Harness }).harness.data('source_0'))).toEqual(expected);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
