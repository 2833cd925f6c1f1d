/**
 * `npx tsx bench/render.ts [--sizes 1m,10m] [--ratio 1] [--steps 10] [--density]
 * [--mark scatter|strip|rug|line|area] [--no-rows]`: server-side rendering of a large
 * scatter, or of the other marks the runtime draws (not part of `npm run bench`). `--mark`:
 * ticks of distance (strip), rules of distance (rug), one line of delay by date (its points
 * sorted by date), an area of delay by date; `--no-rows` skips the chart shipping rows. The bench's flights files,
 * the scatter of distance by delay with pan/zoom bound to its scales, planned with the
 * mark drawn by the runtime (threshold 0) and fed through the React client's own session
 * into a headless Vega view, over a WebSocket to an in-process runtime. Prints, per size:
 * the first render (domains, then the image), a zoom step and a pan step (each a new
 * domain: the image is drawn anew, the rows' relation reused), bytes per frame; beside
 * them the same chart shipping rows (as vegafusion does) and the floor (DuckDB counting
 * rows per pixel, no image). Times are wall clock and, since everything runs in this one
 * process, the CPU time of all its threads (a figure a busy machine inflates less).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as vega from 'vega';
import { WebSocket } from 'ws';
import { createConnection, createPlannedChart, silentLogger as clientLogger } from '../components/react/src/client/index.js';
import type { WebSocketLike } from '../components/react/src/client/websocket.js';
import { startRuntime, silentLogger } from '../runtime/src/index.js';
import { createDuckDbEngine } from '../runtime/src/engine/duckdb.js';
import { benchDataRoot, ensureData, type SizeName } from './data.js';
import { summarize } from './stats.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1] ?? fallback : fallback);
const SIZES = arg('--sizes', '1m,10m').split(',') as SizeName[];
const RATIO = Number(arg('--ratio', '1'));
const STEPS = Number(arg('--steps', '10'));
/** `--density`: the mark in density mode (rows per pixel) instead of its points. */
const DENSITY = args.includes('--density');
const MARK = arg('--mark', 'scatter');
const NO_ROWS = args.includes('--no-rows');

/** The mark and encoding of each `--mark`, and the field its zoom steps move along x. */
const MARKS: Record<string, { x: string; mark: Record<string, unknown>; encoding: Record<string, unknown> }> = {
  scatter: {
    x: 'distance', mark: { type: 'circle', opacity: 0.3, size: 4 },
    encoding: { x: { field: 'distance', type: 'quantitative' }, y: { field: 'delay', type: 'quantitative' } },
  },
  strip: { x: 'distance', mark: { type: 'tick', opacity: 0.3 }, encoding: { x: { field: 'distance', type: 'quantitative' } } },
  rug: { x: 'distance', mark: { type: 'rule', opacity: 0.3 }, encoding: { x: { field: 'distance', type: 'quantitative' } } },
  line: {
    x: 'date', mark: { type: 'line', strokeWidth: 1 },
    encoding: { x: { field: 'date', type: 'temporal' }, y: { field: 'delay', type: 'quantitative' } },
  },
  area: {
    x: 'date', mark: { type: 'area', opacity: 0.7 },
    encoding: { x: { field: 'date', type: 'temporal' }, y: { field: 'delay', type: 'quantitative' } },
  },
};
const CHOSEN = MARKS[MARK];
if (!CHOSEN) throw new Error(`Unknown --mark ${MARK}; one of ${Object.keys(MARKS).join(', ')}`);
const log = (s: string) => process.stdout.write(`${s}\n`);

function spec(url: string, rows: boolean): Record<string, unknown> {
  return {
    data: { url, format: { type: 'parquet' } },
    width: 400, height: 300,
    params: [{ name: 'grid', select: { type: 'interval', encodings: ['x'] }, bind: 'scales' }],
    mark: CHOSEN.mark,
    encoding: CHOSEN.encoding,
    ...(rows ? {} : { usermeta: { vegafusion: { imageMarks: { threshold: 0, ...(DENSITY ? { density: true } : {}) } } } }),
  };
}

let received = 0;
const countingSocket = (url: string): WebSocketLike => {
  const ws = new WebSocket(url);
  ws.on('message', (d: Buffer) => { received += d.byteLength; });
  return ws as unknown as WebSocketLike;
};

const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
const ms = (n: number) => `${n.toFixed(1)} ms`;

async function main(): Promise<void> {
  const files = await ensureData(REPO, SIZES);
  const runtime = await startRuntime({ port: 0, logger: silentLogger, logLevel: 'silent', dataRoots: [benchDataRoot(REPO)] });
  const connection = createConnection(runtime.url, { createWebSocket: countingSocket, logger: clientLogger });
  const capabilities = await connection.capabilities();
  const loader = vega.loader();
  try {
    for (const d of files) {
      log(`\n${d.name} (${d.rows.toLocaleString('en-US')} rows), ${MARK}, pixel ratio ${RATIO}${DENSITY ? ', density mode' : ''}`);
      // The chart as the browser runs it, its mark drawn by the runtime.
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      received = 0;
      const chart = await createPlannedChart({
        spec: spec(d.url, false), connection, coalesce: 'microtask',
        planOptions: { capabilities, imageMarks: { pixelRatio: RATIO } },
        mount: (plan) => {
          const view = new vega.View(vega.parse(plan.clientSpec), { renderer: 'none', loader });
          return Promise.resolve({ view, finalize: () => view.finalize() });
        },
        onError: (e) => log(`error: ${e.message}`),
      });
      await chart.whenSettled();
      const used = process.cpuUsage(c0);
      const entry = chart.plan.report.entries.find((e) => e.kind === 'mark');
      log(`  first render (domains, then the image): ${ms(performance.now() - t0)} (CPU ${ms((used.user + used.system) / 1000)}), ${kb(received)} received; ${entry?.reason ?? 'no mark'}`);
      const view = chart.view;
      if (!view || !view.scale('x')) {
        const kept = chart.plan.report.entries.filter((e) => e.status === 'client').map((e) => `${e.kind} ${e.name}: ${e.reason ?? ''}`);
        log(`  not drawn: the chart did not mount its scales (in the browser: ${kept.join('; ') || 'nothing'})`);
        chart.dispose();
        continue;
      }
      const signal = `grid_${CHOSEN.x}`;
      const x0 = (view.signal(signal) as number[] | null) ?? (view.scale('x').domain() as unknown[]).map(Number);
      const steps = async (label: string, domain: (k: number) => [number, number]) => {
        const times: number[] = [];
        const cpu: number[] = [];
        const bytes: number[] = [];
        for (let k = 1; k <= STEPS; k++) {
          received = 0;
          const c0 = process.cpuUsage();
          const t = performance.now();
          view.signal(signal, domain(k));
          await view.runAsync();
          await chart.whenSettled();
          times.push(performance.now() - t);
          const used = process.cpuUsage(c0);
          cpu.push((used.user + used.system) / 1000);
          bytes.push(received);
        }
        const s = summarize(times);
        log(`  ${label}: p50 ${ms(s.p50)}, p95 ${ms(s.p95)} (CPU of the process, all threads: p50 ${ms(summarize(cpu).p50)}), ${kb(summarize(bytes).p50)} per frame (${STEPS} steps)`);
      };
      const [lo, hi] = [Math.min(...x0), Math.max(...x0)];
      const span = hi - lo;
      await steps('zoom step', (k) => [lo + (span * k) / (4 * STEPS), hi - (span * k) / (4 * STEPS)]);
      await steps('pan step', (k) => [lo + (span * k) / (2 * STEPS), hi + (span * k) / (2 * STEPS)]);
      chart.dispose();
      if (NO_ROWS) continue;

      // The same chart shipping its rows (vegafusion's way), first render.
      received = 0;
      let refused = '';
      const t1 = performance.now();
      const rowsChart = await createPlannedChart({
        spec: spec(d.url, true), connection, coalesce: 'microtask',
        planOptions: { capabilities },
        mount: (plan) => {
          const v = new vega.View(vega.parse(plan.clientSpec), { renderer: 'none', loader });
          return Promise.resolve({ view: v, finalize: () => v.finalize() });
        },
        onError: (e) => { refused = e.message; },
      });
      await rowsChart.whenSettled();
      log(refused
        ? `  rows shipped instead: refused by the runtime (${refused})`
        : `  rows shipped instead (first render, Vega's scenegraph in Node included): ${ms(performance.now() - t1)}, ${kb(received)} received`);
      rowsChart.dispose();
    }
    // The floor: DuckDB grouping the rows by pixel of a 400x300 view, no drawing, no PNG.
    const engine = await createDuckDbEngine({ connections: 1 });
    try {
      for (const d of files) {
        const path = d.path.replace(/'/g, "''");
        await engine.exec(`CREATE OR REPLACE TABLE floor_t AS SELECT distance::DOUBLE AS x, delay::DOUBLE AS y FROM read_parquet('${path}')`);
        const times: number[] = [];
        const cpu: number[] = [];
        for (let k = 0; k < 5; k++) {
          const c0 = process.cpuUsage();
          const t = performance.now();
          await engine.queryRows(`SELECT floor(x / 5000 * 400) AS px, floor(y / 2000 * 300) AS py, count(*) AS n FROM floor_t GROUP BY 1, 2`);
          times.push(performance.now() - t);
          const used = process.cpuUsage(c0);
          cpu.push((used.user + used.system) / 1000);
        }
        log(`floor ${d.name}: DuckDB counts rows per pixel in ${ms(summarize(times).p50)} (CPU ${ms(summarize(cpu).p50)}; p50 of 5)`);
      }
    } finally {
      await engine.close();
    }
  } finally {
    connection.close();
    await runtime.close();
  }
}

await main();
