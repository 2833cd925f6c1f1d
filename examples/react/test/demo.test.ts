/**
 * End to end in Debian's Chromium: the demo page served by the runtime renders the
 * flights crossfilter from the runtime (aggregated rows, not the 3M source rows), a brush
 * drag updates the other histograms, and restarting the runtime mid-session leaves a
 * working chart.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startRuntime, silentLogger, type RuntimeHandle } from '../../../runtime/src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'dist');
const CHROMIUM = '/usr/bin/chromium';
const ready = existsSync(join(dist, 'main.js')) && existsSync(CHROMIUM);

let runtime: RuntimeHandle;
let browser: Browser;
let page: Page;
let received = 0;

const CROSSFILTER = 'section.crossfilter';

async function goldenBars(p: Page): Promise<string[]> {
  return p.$$eval(`${CROSSFILTER} svg path[fill="goldenrod"]`, (els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
}

async function dragBrush(p: Page, from: number, to: number): Promise<void> {
  // The first histogram's plot area: the first layer's background rect of the first cell.
  const box = await p.locator(`${CROSSFILTER} svg.marks`).first().boundingBox();
  if (!box) throw new Error('chart has no box');
  const y = box.y + 80;
  await p.mouse.move(box.x + from, y);
  await p.mouse.down();
  await p.mouse.move(box.x + (from + to) / 2, y, { steps: 5 });
  await p.mouse.move(box.x + to, y, { steps: 5 });
  await p.mouse.up();
}

describe.runIf(ready)('demo page in Chromium', () => {
  beforeAll(async () => {
    // With a token, as `npm start` runs it: the page reads it from the meta tag the runtime writes.
    runtime = await startRuntime({ port: 0, logger: silentLogger, staticDir: dist, token: 'demo-token' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('websocket', (ws) => ws.on('framereceived', (f) => { received += typeof f.payload === 'string' ? f.payload.length : f.payload.byteLength; }));
    await page.goto(`${runtime.url}/`);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await runtime?.close();
  });

  it('renders the crossfilter from aggregated rows sent by the runtime', async () => {
    await page.waitForFunction((sel) => document.querySelectorAll(`${sel} svg path[aria-roledescription="bar"]`).length >= 60, CROSSFILTER, { timeout: 90_000 });
    const bars = await page.$$eval(`${CROSSFILTER} svg path[aria-roledescription="bar"]`, (els) => els.length);
    expect(bars).toBeGreaterThanOrEqual(60);
    // Three 20-bin histograms of 3M rows: kilobytes, where the rows would be tens of MB.
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(500_000);
    const labels = await page.$$eval(`${CROSSFILTER} svg path[aria-roledescription="bar"]`, (els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    const counts = labels.map((l) => Number(/Count of Records: ([\d,]+)|flights: ([\d,]+)/.exec(l)?.slice(1).find(Boolean)?.replace(/,/g, '') ?? NaN));
    expect(counts.some((c) => c > 100_000)).toBe(true);
  }, 120_000);

  it('updates the other histograms when a brush is dragged', async () => {
    const before = await goldenBars(page);
    await dragBrush(page, 100, 170);
    await page.waitForFunction(([sel, b]) => {
      const now = [...document.querySelectorAll(`${sel} svg path[fill="goldenrod"]`)].map((e) => e.getAttribute('aria-label') ?? '');
      return now.join('|') !== b;
    }, [CROSSFILTER, before.join('|')], { timeout: 30_000 });
    await expect.poll(() => page.textContent('#selection')).toMatch(/distance in \[/);
  }, 60_000);

  it('keeps working when the runtime restarts mid-session', async () => {
    const port = runtime.port;
    await runtime.close();
    runtime = await startRuntime({ port, logger: silentLogger, staticDir: dist, token: 'demo-token' });
    const before = (await goldenBars(page)).join('|');
    await dragBrush(page, 150, 230);
    await page.waitForFunction(([sel, b]) => {
      const now = [...document.querySelectorAll(`${sel} svg path[fill="goldenrod"]`)].map((e) => e.getAttribute('aria-label') ?? '');
      return now.length > 0 && now.join('|') !== b;
    }, [CROSSFILTER, before], { timeout: 60_000 });
    const queries = Number(/^vegafusion_queries_total (\d+)$/m.exec(await (await fetch(`${runtime.url}/metrics`)).text())?.[1]);
    expect(queries).toBeGreaterThan(0);
  }, 120_000);
});
