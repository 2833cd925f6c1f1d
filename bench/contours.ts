/**
 * `npx tsx bench/contours.ts [--size 1m|3m|10m] [--only <scenario name part>] [--runtime-only]`: a density contour of the bench's flights
 * table (bench/data.ts; distance against delay in a 400 x 300 pixel space), computed on
 * the runtime against shipping the rows to the browser.
 *
 * - runtime: the Vega spec planned as the React component plans it, one query over the
 *   WebSocket to an in-process runtime (cold: a fresh runtime per run), with the bytes
 *   the reply took: the contour polygons (contour), or the density grid (kde2d).
 * - shipping rows: what a runtime without these transforms does, the planner splitting
 *   before them: the two columns the accessors read sent as Arrow, then Vega's own
 *   transform over those rows, timed here in Node (a headless Vega view).
 *
 * Prints a markdown table.
 */
import { tableFromIPC } from 'apache-arrow';
import * as vega from 'vega';
import type { RuntimeCapabilities } from '@vegafusion-ts/proto';
import { planChart } from '../components/react/src/planner/index.js';
import { startRuntime, silentLogger } from '../runtime/src/index.js';
import { benchDataRoot, ensureData, type SizeName } from './data.js';
import { connectClient } from './ws-client.js';

const REPO = new URL('..', import.meta.url).pathname;

const X = { expr: 'datum.distance / 8' };
const Y = { expr: 'datum.delay + 60' };

interface Scenario {
  name: string;
  /** The grid transforms, after the source. */
  transform: Record<string, unknown>[];
}

const SCENARIOS: Scenario[] = [
  { name: 'contour (10 levels)', transform: [{ type: 'contour', x: X, y: Y, size: [400, 300], count: 10 }] },
  { name: 'kde2d + isocontour', transform: [{ type: 'kde2d', x: X, y: Y, size: [400, 300], bandwidth: [8, 8] }, { type: 'isocontour', field: 'grid', levels: 8 }] },
  { name: 'kde2d grid, cellSize 2 (the grid sent)', transform: [{ type: 'kde2d', x: X, y: Y, size: [400, 300], cellSize: 2 }] },
];

const spec = (url: string, s: Scenario) => ({
  width: 400, height: 300,
  data: [
    { name: 'flights', url, format: { type: 'parquet' } },
    { name: 'shapes', source: 'flights', transform: s.transform },
  ],
  marks: [{ type: 'path', from: { data: 'shapes' }, encode: { update: { stroke: { value: '#333' } } }, transform: [{ type: 'geopath', field: s.transform.some((t) => t.type === 'isocontour') ? 'datum.contour' : 'datum' }] }],
});

function without(capabilities: RuntimeCapabilities): RuntimeCapabilities {
  return { ...capabilities, transforms: capabilities.transforms.filter((t) => !['kde2d', 'contour', 'isocontour'].includes(t)) };
}

async function queryPlan(url: string, vg: Record<string, unknown>, capabilities: RuntimeCapabilities): Promise<{ ms: number; bytes: number; rows: Record<string, unknown>[] }> {
  const plan = planChart(vg, { capabilities });
  const items = plan.toClient.map((t) => ({ node: t.node, columns: t.columns, signalsOnly: t.signalsOnly }));
  const c = await connectClient(url);
  try {
    const r = await c.query({ timeZone: 'UTC', graph: plan.serverGraph, items });
    if (r.message.error) throw new Error(`${r.message.error.code}: ${r.message.error.message}`);
    const arrow = r.message.result?.values?.find((v) => v.value?.arrow)?.value?.arrow;
    const rows = arrow ? tableFromIPC(arrow).toArray().map((row) => ({ ...(row as object) }) as Record<string, unknown>) : [];
    return { ms: r.ms, bytes: r.bytes, rows };
  } finally {
    c.close();
  }
}

/** Vega's own transforms over the shipped rows; the number of output rows. */
async function inVega(rows: Record<string, unknown>[], transform: Record<string, unknown>[]): Promise<number> {
  const view = new vega.View(vega.parse({
    data: [{ name: 'rows', values: rows }, { name: 'out', source: 'rows', transform }],
  } as vega.Spec), { renderer: 'none' });
  await view.runAsync();
  const n = view.data('out').length;
  view.finalize();
  return n;
}

function mb(bytes: number): string {
  return bytes > 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} KB`;
}

async function main(argv: string[]): Promise<void> {
  const size = (argv.includes('--size') ? argv[argv.indexOf('--size') + 1] : '1m') as SizeName;
  const [data] = await ensureData(REPO, [size]);
  const lines = ['| scenario | rows | system | time | sent | rows sent |', '|---|---:|---|---:|---:|---:|'];
  const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
  // Vega over 10M row objects takes minutes and gigabytes: --runtime-only leaves it out.
  const systems = argv.includes('--runtime-only') ? ['runtime'] as const : ['runtime', 'shipping rows'] as const;
  for (const s of SCENARIOS.filter((x) => only === undefined || x.name.includes(only))) {
    for (const system of systems) {
      const rt = await startRuntime({ port: 0, logger: silentLogger, logLevel: 'silent', dataRoots: [benchDataRoot(REPO)], maxResultRows: 50_000_000 });
      try {
        const caps = system === 'runtime' ? rt.capabilities : without(rt.capabilities);
        const r = await queryPlan(rt.url, spec(data.url, s), caps);
        let note = `${(r.ms / 1000).toFixed(2)} s`;
        if (system === 'shipping rows') {
          const t = performance.now();
          await inVega(r.rows, s.transform);
          const browserMs = performance.now() - t;
          note = `${((r.ms + browserMs) / 1000).toFixed(2)} s (${(r.ms / 1000).toFixed(2)} s to send, ${(browserMs / 1000).toFixed(2)} s in Vega)`;
        }
        lines.push(`| ${s.name} | ${data.rows.toLocaleString('en-US')} | ${system} | ${note} | ${mb(r.bytes)} | ${r.rows.length.toLocaleString('en-US')} |`);
        console.error(lines[lines.length - 1]);
      } finally {
        await rt.close();
      }
    }
  }
  console.log(lines.join('\n'));
}

main(process.argv.slice(2)).then(() => process.exit(0), (error: unknown) => {
  console.error(error);
  process.exit(1);
});
