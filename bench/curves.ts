/**
 * `npx tsx bench/curves.ts [--size 10m|1m] [--only <scenario name part>]`: Vega-Lite's density and regression over the
 * bench's flights table (bench/data.ts), computed on the runtime against shipping the
 * rows to the browser.
 *
 * - runtime: the chart planned as the React component plans it, one query over the
 *   WebSocket to an in-process runtime (cold: a fresh runtime per run), with the bytes
 *   the reply took.
 * - shipping rows: what a runtime without these transforms does, the planner splitting
 *   before them: the column(s) the transform reads sent as Arrow (the same query, the
 *   planner given capabilities without kde and regression), then Vega's own computation
 *   of the transform in the browser, timed here in Node over the same rows (vega-statistics
 *   over objects, as vega-transforms runs it).
 *
 * Shipping 10M rows is over the runtime's default limit of rows in one value (5M), which
 * is raised here so that it can be measured. Prints a markdown table; the figures go to
 * docs/performance.md by hand.
 */
import { tableFromIPC } from 'apache-arrow';
import { randomKDE, regressionLinear, sampleCurve } from 'vega-statistics';
import type { RuntimeCapabilities } from '@vegafusion-ts/proto';
import { compileToVega, planChart } from '../components/react/src/planner/index.js';
import { startRuntime, silentLogger } from '../runtime/src/index.js';
import { benchDataRoot, ensureData, type SizeName } from './data.js';
import { connectClient } from './ws-client.js';

const REPO = new URL('..', import.meta.url).pathname;

interface Scenario {
  name: string;
  spec: (url: string) => Record<string, unknown>;
  transform: string;
  /** Vega's own computation over the shipped columns (the browser's share). */
  browser: (columns: Float64Array[]) => number;
}

const SCENARIOS: Scenario[] = [
  {
    name: 'density of delay (200 steps)',
    transform: 'kde',
    spec: (url) => ({
      data: { url, format: { type: 'parquet' } }, width: 400, height: 200,
      transform: [{ density: 'delay', as: ['delay', 'density'] }],
      mark: 'area', encoding: { x: { field: 'delay', type: 'quantitative' }, y: { field: 'density', type: 'quantitative' } },
    }),
    browser: ([delay]) => {
      const g = Array.from(delay);
      const kde = randomKDE(g, 0);
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of g) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      return sampleCurve(kde.pdf, [lo, hi], 200, 200).length;
    },
  },
  {
    name: 'density of delay + distance / 7 (continuous: no two values alike)',
    transform: 'kde',
    spec: (url) => ({
      data: { url, format: { type: 'parquet' } }, width: 400, height: 200,
      transform: [{ calculate: 'datum.delay + datum.distance / 7', as: 'v' }, { density: 'v', as: ['v', 'density'] }],
      mark: 'area', encoding: { x: { field: 'v', type: 'quantitative' }, y: { field: 'density', type: 'quantitative' } },
    }),
    browser: ([v]) => {
      const g = Array.from(v);
      const kde = randomKDE(g, 0);
      let lo = Infinity;
      let hi = -Infinity;
      for (const x of g) {
        if (x < lo) lo = x;
        if (x > hi) hi = x;
      }
      return sampleCurve(kde.pdf, [lo, hi], 200, 200).length;
    },
  },
  {
    name: 'linear regression of delay on distance',
    transform: 'regression',
    spec: (url) => ({
      data: { url, format: { type: 'parquet' } }, width: 400, height: 200,
      transform: [{ regression: 'delay', on: 'distance' }],
      mark: 'line', encoding: { x: { field: 'distance', type: 'quantitative' }, y: { field: 'delay', type: 'quantitative' } },
    }),
    browser: ([distance, delay]) => {
      const rows = Array.from(distance, (d, i) => ({ distance: d, delay: delay[i] }));
      const model = regressionLinear(rows, (r) => r.distance, (r) => r.delay);
      return model.coef.length;
    },
  },
];

function without(capabilities: RuntimeCapabilities, type: string): RuntimeCapabilities {
  return { ...capabilities, transforms: capabilities.transforms.filter((t) => t !== type) };
}

async function queryPlan(url: string, spec: Record<string, unknown>, capabilities: RuntimeCapabilities): Promise<{ ms: number; bytes: number; rows: number; columns: Float64Array[] }> {
  const plan = planChart(compileToVega(spec), { capabilities });
  const items = plan.toClient.map((t) => ({ node: t.node, columns: t.columns, signalsOnly: t.signalsOnly }));
  const c = await connectClient(url);
  try {
    const r = await c.query({ timeZone: 'UTC', graph: plan.serverGraph, items });
    if (r.message.error) throw new Error(`${r.message.error.code}: ${r.message.error.message}`);
    const arrow = r.message.result?.values?.find((v) => v.value?.arrow)?.value?.arrow;
    const table = arrow ? tableFromIPC(arrow) : undefined;
    const columns = table ? table.schema.fields.map((f) => Float64Array.from(table.getChild(f.name)?.toArray() as ArrayLike<number>)) : [];
    return { ms: r.ms, bytes: r.bytes, rows: table?.numRows ?? 0, columns };
  } finally {
    c.close();
  }
}

function mb(bytes: number): string {
  return bytes > 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} KB`;
}

async function main(argv: string[]): Promise<void> {
  const size = (argv.includes('--size') ? argv[argv.indexOf('--size') + 1] : '10m') as SizeName;
  const [data] = await ensureData(REPO, [size]);
  const lines = ['| scenario | rows | system | time | sent | rows sent |', '|---|---:|---|---:|---:|---:|'];
  const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
  for (const s of SCENARIOS.filter((x) => only === undefined || x.name.includes(only))) {
    // A fresh runtime per system: nothing cached from the other.
    for (const system of ['runtime', 'shipping rows'] as const) {
      // Shipping 10M rows is over the runtime's default row limit (5M): raised here to measure it.
      const rt = await startRuntime({ port: 0, logger: silentLogger, logLevel: 'silent', dataRoots: [benchDataRoot(REPO)], maxResultRows: 50_000_000 });
      try {
        const caps = system === 'runtime' ? rt.capabilities : without(rt.capabilities, s.transform);
        const r = await queryPlan(rt.url, s.spec(data.url), caps);
        let note = `${(r.ms / 1000).toFixed(2)} s`;
        if (system === 'shipping rows') {
          const t = performance.now();
          s.browser(r.columns);
          const browserMs = performance.now() - t;
          note = `${((r.ms + browserMs) / 1000).toFixed(2)} s (${(r.ms / 1000).toFixed(2)} s to send, ${(browserMs / 1000).toFixed(2)} s in Vega)`;
        }
        lines.push(`| ${s.name} | ${data.rows.toLocaleString('en-US')} | ${system} | ${note} | ${mb(r.bytes)} | ${r.rows.toLocaleString('en-US')} |`);
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
