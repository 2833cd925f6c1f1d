/**
 * Bytes the browser receives for a bar chart sorted by its count (`sort: "-x"`), beside a
 * histogram whose brush filters it, over N rows: on load and per brush step, with the
 * scale domains computed on the server (the default) and without (`serverDomains: false`,
 * where the sorted domain reads the raw rows).
 *
 *   npx tsx bench/sorted-bar-bytes.ts [--rows 2000000]
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { parse, View } from 'vega';
import { WebSocket } from 'ws';
import { startRuntime, silentLogger } from '../runtime/src/index.js';
import { ChartSession, type SessionUpdate } from '../components/react/src/client/ChartSession.js';
import { createConnection } from '../components/react/src/client/RuntimeConnection.js';
import type { WebSocketLike } from '../components/react/src/client/websocket.js';
import { planChart } from '../components/react/src/planner/index.js';
import { formatBytes } from '../components/react/src/client/transfer.js';

const REGIONS = ['north', 'south', 'east', 'west', 'centre', 'coast', 'hills', 'islands', 'lakes', 'plains', 'valley', 'delta'];

function argRows(argv: string[]): number {
  const i = argv.indexOf('--rows');
  return i >= 0 ? Number(argv[i + 1]) : 2_000_000;
}

async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write('region,v\n');
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    // Skewed region counts; v uniform over 0..999.
    chunk += `${REGIONS[Math.floor((((i * 7919) % 1000) ** 2 / 1e6) * REGIONS.length)]},${(i * 37) % 1000}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

const SPEC = {
  data: { url: 'sales.csv', format: { type: 'csv' } },
  hconcat: [
    {
      params: [{ name: 'brush', select: { type: 'interval', encodings: ['x'] } }],
      mark: 'bar',
      encoding: { x: { field: 'v', type: 'quantitative', bin: true }, y: { aggregate: 'count', type: 'quantitative' } },
    },
    {
      transform: [{ filter: { param: 'brush' } }],
      mark: 'bar',
      encoding: { y: { field: 'region', type: 'nominal', sort: '-x' }, x: { aggregate: 'count', type: 'quantitative' } },
    },
  ],
};

const BRUSHES: [number, number][] = [[100, 400], [250, 900], [0, 50], [600, 700]];

async function main(): Promise<void> {
  const rows = argRows(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'vf-sorted-bar-'));
  await writeCsv(join(dir, 'sales.csv'), rows);
  const runtime = await startRuntime({ port: 0, logger: silentLogger, logLevel: 'silent', dataRoots: [dir] });
  const connection = createConnection(runtime.url, { createWebSocket: (url) => new WebSocket(url) as unknown as WebSocketLike, logger: silentLogger });
  try {
    const capabilities = await connection.capabilities();
    console.log(`sorted bar (sort "-x") filtered by a brush, ${rows.toLocaleString('en-US')} rows`);
    console.log('mode                          load        brush steps (each)                     warnings');
    for (const serverDomains of [false, true]) {
      const plan = planChart(SPEC, { capabilities, serverDomains });
      const view = new View(parse(plan.clientSpec), { renderer: 'none' });
      await view.runAsync();
      const updates: SessionUpdate[] = [];
      const warnings: string[] = [];
      const errors: Error[] = [];
      const session = new ChartSession({
        connection, plan, view, coalesce: 'microtask', timeZone: 'UTC',
        onUpdate: (u) => updates.push(u), onWarning: (w) => warnings.push(w), onError: (e) => errors.push(e),
      }).start();
      await session.ready;
      for (const [lo, hi] of BRUSHES) {
        view.data('brush_store', [{ unit: 'concat_0', fields: [{ field: 'v', channel: 'x', type: 'R' }], values: [[lo, hi]] }]);
        await view.runAsync();
        await session.whenIdle();
      }
      if (errors.length > 0) throw errors[0];
      const bytes = updates.map((u) => Object.values(u.bytes).reduce((a, b) => a + b, 0));
      const mode = serverDomains ? 'domains on the server' : 'serverDomains: false';
      console.log(`${mode.padEnd(30)}${formatBytes(bytes[0]).padEnd(12)}${bytes.slice(1).map(formatBytes).join(', ').padEnd(39)}${warnings.length}`);
      for (const w of warnings) console.log(`  warning: ${w}`);
      session.dispose();
      view.finalize();
    }
  } finally {
    connection.close();
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
