/**
 * A large mark drawn by the runtime, in real Chromium through <VegaFusionChart>: a
 * scatter of 20,000 flights over an image threshold of 10,000 rows becomes an image (the
 * chart asks the runtime for the row count first), the page receives the image, not the
 * rows, the picture holds the points, hovering a point shows Vega's tooltip for the row
 * the runtime finds nearest, and zooming (pan/zoom bound to the scales) draws a new
 * image. Skipped where there is no Chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startRuntime, type RuntimeHandle } from '../../../../runtime/src/index.js';
import type { Harness } from './browser-app.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const SPEC = {
  data: { url: 'data/flights-20k.json' },
  params: [{ name: 'grid', select: 'interval', bind: 'scales' }],
  mark: { type: 'circle', color: '#d62728', size: 16 },
  width: 300,
  height: 200,
  encoding: { x: { field: 'distance', type: 'quantitative' }, y: { field: 'delay', type: 'quantitative' }, tooltip: [{ field: 'delay' }, { field: 'distance' }] },
};

let runtime: RuntimeHandle;
let site: Server;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
const received: number[] = [];

describe.skipIf(!existsSync(CHROMIUM))('image marks in Chromium', () => {
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
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('websocket', (ws) => ws.on('framereceived', (e) => received.push(typeof e.payload === 'string' ? e.payload.length : e.payload.byteLength)));
    await page.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => 'harness' in window);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((r) => (site ? site.close(() => r()) : r()));
    await runtime?.close();
  });

  it('renders a 20k-point scatter as an image, shows a tooltip and zooms it', async () => {
    await page.evaluate((args) => (window as unknown as { harness: Harness }).harness.render(args), {
      spec: SPEC, runtime: runtime.url, coalesce: 'microtask' as const,
      planOptions: { imageMarks: { threshold: 10_000 } }, embedOptions: { renderer: 'canvas' as const, actions: false },
    });
    await page.waitForSelector('.vegafusion-chart canvas');
    await page.waitForSelector('.vegafusion-loading', { state: 'detached' });
    await page.waitForFunction(() => ((window as unknown as { harness: Harness }).harness.data('vf_image_0') as { url?: string }[])[0]?.url !== undefined);
    const first = await page.evaluate(() => {
      const h = (window as unknown as { harness: Harness }).harness;
      return {
        mode: h.result?.mode,
        mark: h.result?.plan?.report.entries.find((e) => e.kind === 'mark'),
        image: (h.data('vf_image_0') as { url: string }[])[0].url,
        rows: h.data('source_0').length,
      };
    });
    expect(first.mode).toBe('runtime');
    expect(first.mark).toMatchObject({ status: 'server', reason: expect.stringMatching(/^Drawn by the runtime as an image: \d+ rows, over the threshold of 10000$/) });
    expect(first.image.startsWith('data:image/png;base64,')).toBe(true);
    expect(first.rows).toBe(0);
    // The page received an image and a few small tables, not 20k rows.
    expect(received.reduce((a, b) => a + b, 0)).toBeLessThan(200_000);
    // Zoom in with the wheel over the plot: the scales' domains change, a new image comes.
    const box = await page.locator('.vegafusion-chart canvas').boundingBox();
    if (!box) throw new Error('no canvas');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -400);
    await page.waitForFunction((before) => ((window as unknown as { harness: Harness }).harness.data('vf_image_0') as { url: string }[])[0]?.url !== before, first.image, { timeout: 20_000 });

    // The points are on the canvas, in their color (the zoomed image).
    const shot = await page.locator('.vegafusion-chart canvas').screenshot();
    const found = await page.evaluate(async (png) => {
      const img = new Image();
      img.src = `data:image/png;base64,${png}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d') as CanvasRenderingContext2D;
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      let at: number[] | null = null;
      for (let i = 0; i < d.length; i += 4) {
        if (!(d[i] > 180 && d[i + 1] < 90 && d[i + 2] < 90)) continue;
        n++;
        // A lone point's center, away from the dense corner: a red pixel with red on all sides.
        const p = i / 4;
        const x = p % c.width;
        const y = Math.floor(p / c.width);
        const red = (q: number) => d[q * 4] > 180 && d[q * 4 + 1] < 90;
        if (!at && x > 100 && red(p - 1) && red(p + 1) && red(p - c.width) && red(p + c.width)) at = [x, y];
      }
      return { n, at };
    }, shot.toString('base64'));
    expect(found.n).toBeGreaterThan(500);

    // Hovering a point asks the runtime for the nearest row; Vega shows that row's tooltip.
    const canvas = await page.locator('.vegafusion-chart canvas').boundingBox();
    if (!canvas || !found.at) throw new Error('no point to hover');
    await page.mouse.move(canvas.x + found.at[0], canvas.y + found.at[1]);
    await page.mouse.move(canvas.x + found.at[0] + 0.5, canvas.y + found.at[1]);
    await page.waitForFunction(() => (window as unknown as { harness: Harness }).harness.data('vf_image_0_hover_rows').length === 1, undefined, { timeout: 20_000 })
      .catch(async (e: unknown) => {
        const state = await page.evaluate(() => { const h = (window as unknown as { harness: Harness }).harness; return { sig: h.result?.view.signal('vf_image_0_hover') as unknown, ev: h.events }; });
        throw new Error(`no nearest row: ${JSON.stringify(state)}`, { cause: e });
      });
    // Vega picks the (invisible) point under the pointer at a next move, once the view has
    // drawn the nearest row: move a little until the tooltip shows, as a user's pointer does.
    const deadline = Date.now() + 20_000;
    let shown = false;
    for (let k = 0; !shown && Date.now() < deadline; k++) {
      await page.mouse.move(canvas.x + found.at[0] + (k % 2) * 0.5, canvas.y + found.at[1] + 0.5);
      shown = await page.waitForSelector('#vg-tooltip-element.visible', { timeout: 500 }).then(() => true, () => false);
    }
    expect(shown).toBe(true);
    expect(await page.textContent('#vg-tooltip-element')).toMatch(/delay.*distance/s);
    expect(pageErrors).toEqual([]);
    const errors = await page.evaluate(() => (window as unknown as { harness: Harness }).harness.events.filter((e) => Array.isArray(e) && e[0] === 'error'));
    expect(errors).toEqual([]);
  }, 60_000);
});
