/**
 * `npm run bench [-- --quick] [-- --sizes 1m,3m,10m] [-- --docs]`: the performance suite.
 * Side by side on the same spec and data: the runtime over WebSocket (with and without
 * pre-aggregated indexes), hand-written DuckDB SQL (the floor), plain Vega in Node and the
 * Python vegafusion package. Prints a table of p50/p95, bytes sent and peak memory with
 * ratios to the floor; writes the results as JSON (and, with --docs, the docs' table data
 * and chart). Every loop is bounded; everything listens on 127.0.0.1 only.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeCapabilities } from '../runtime/src/index.js';
import { DEFAULT_TRANSFORMS } from '../runtime/src/engine/transforms/index.js';
import { BRUSH_FIELDS, dragStores, planDashboard, type BrushField } from './dashboard.js';
import { childJson } from './child.js';
import { benchDataRoot, ensureData, ensureWarmupData, type BenchData, type SizeName } from './data.js';
import { floorBrush, floorCold, floorExactCold, loadFloorTable } from './sql-floor.js';
import type { RuntimeProcess } from './runtime-process.js';
import { startWarmRuntime } from './warmup.js';
import { addRatios, formatTable, summarize, type ResultRow } from './stats.js';
import { connectClient } from './ws-client.js';
import { runScatter } from './scatter.js';
import { writeDocs } from './docs-chart.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const sizesArg = args[args.indexOf('--sizes') + 1];
const SIZES = (args.includes('--sizes') && sizesArg ? sizesArg.split(',') : ['1m', '3m', '10m']) as SizeName[];
const capabilities = describeCapabilities(DEFAULT_TRANSFORMS);
const COLD_REPEATS = quick ? 1 : 3;
const DRAG_STEPS = quick ? 20 : 100;
const BASELINE_STEPS = quick ? 5 : 15;
const SESSIONS = quick ? [1, 10] : [1, 10, 100];
const log = (s: string) => process.stderr.write(`${s}\n`);

const rows: ResultRow[] = [];
let warm: BenchData;

/** A runtime process of its own, warmed on the warm-up file (untimed). */
const startRuntime = (index = true): Promise<RuntimeProcess> => startWarmRuntime(REPO, warm, capabilities, index);

async function ourCold(d: BenchData): Promise<{ ms: number[]; bytes: number; peak: number }> {
  const dash = planDashboard(d.url, capabilities);
  const ms: number[] = [];
  let bytes = 0;
  let peak = 0;
  for (let i = 0; i < COLD_REPEATS; i++) {
    const rt = await startRuntime();
    try {
      const c = await connectClient(rt.url);
      const r = await c.query({ timeZone: 'UTC', graph: dash.graph, items: dash.loadItems });
      ms.push(r.ms);
      bytes = r.bytes;
      peak = Math.max(peak, rt.memory().peak);
      c.close();
    } finally {
      await rt.stop();
    }
  }
  return { ms, bytes, peak };
}

async function extentsOf(d: BenchData): Promise<Record<BrushField, [number, number]>> {
  const { session } = await floorCold(d.path, warm.path);
  await session.close();
  return session.extents;
}

/** A drag across each histogram, over one WebSocket session; first updates (index builds) apart. */
async function ourBrush(d: BenchData, index: boolean, steps: number, extents: Record<BrushField, [number, number]>) {
  const dash = planDashboard(d.url, capabilities);
  const rt = await startRuntime(index);
  try {
    const c = await connectClient(rt.url);
    await c.query({ timeZone: 'UTC', graph: dash.graph, items: dash.loadItems });
    const first: number[] = [];
    const rest: number[] = [];
    let bytes = 0;
    for (const field of BRUSH_FIELDS) {
      const stores = dragStores(field, extents[field], steps);
      for (let i = 0; i < stores.length; i++) {
        const r = await c.query({ timeZone: 'UTC', graph: dash.withStore(stores[i]), items: dash.brushItems });
        (i === 0 ? first : rest).push(r.ms);
        bytes = Math.max(bytes, r.bytes);
      }
    }
    c.close();
    return { first, rest, bytes, peak: rt.memory().peak };
  } finally {
    await rt.stop();
  }
}

/** The runtime's gauge `name` from /metrics. */
async function gauge(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
}

/**
 * The first brush on each histogram when the load carried the plan's selection hints:
 * the runtime builds the indexes after answering; the brushes start once it is done.
 * Also returns how long the building took after the load's answer.
 */
async function firstBrushAhead(d: BenchData, extents: Record<BrushField, [number, number]>) {
  const dash = planDashboard(d.url, capabilities);
  const rt = await startRuntime();
  try {
    const c = await connectClient(rt.url);
    // The warm-up's brush built indexes too: only this load's count.
    const builtBefore = await gauge(rt.url, 'vegafusion_indexes_built_total');
    await c.query({ timeZone: 'UTC', graph: dash.graph, items: dash.loadItems, selectionHints: dash.selectionHints });
    const answered = performance.now();
    const deadline = answered + 300_000;
    // Polled: the gauge counts runs under way, so it is 0 only before the first and after the last.
    await new Promise((r) => setTimeout(r, 50));
    while (performance.now() < deadline
      && (await gauge(rt.url, 'vegafusion_indexes_ahead_running') > 0 || await gauge(rt.url, 'vegafusion_indexes_building') > 0)) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const aheadMs = performance.now() - answered;
    const first: number[] = [];
    for (const field of BRUSH_FIELDS) {
      first.push((await c.query({ timeZone: 'UTC', graph: dash.withStore(dragStores(field, extents[field], 2)[0]), items: dash.brushItems })).ms);
    }
    c.close();
    return { first, aheadMs, built: await gauge(rt.url, 'vegafusion_indexes_built_total') - builtBefore };
  } finally {
    await rt.stop();
  }
}

async function floorBrushRun(d: BenchData, steps: number) {
  const { session } = await floorCold(d.path, warm.path);
  try {
    await loadFloorTable(session, d.path);
    const ms: number[] = [];
    for (const field of BRUSH_FIELDS) {
      for (const store of dragStores(field, session.extents[field], steps)) {
        const [lo, hi] = ((store[0] as { values: number[][] }).values[0]);
        ms.push(await floorBrush(session, field, lo, hi));
      }
    }
    return ms;
  } finally {
    await session.close();
  }
}

async function multiUser(d: BenchData, extents: Record<BrushField, [number, number]>) {
  const dash = planDashboard(d.url, capabilities);
  const rt = await startRuntime();
  try {
    const clients = [await connectClient(rt.url)];
    const cold = await clients[0].query({ timeZone: 'UTC', graph: dash.graph, items: dash.loadItems });
    // Warm the indexes once (as the first user's first brushes would).
    for (const field of BRUSH_FIELDS) await clients[0].query({ timeZone: 'UTC', graph: dash.withStore(dragStores(field, extents[field], 2)[0]), items: dash.brushItems });
    const loads: number[] = [];
    // Idle sessions first (loaded, not brushing), so their memory is theirs alone.
    await rt.collect();
    const memory: { sessions: number; rss: number }[] = [{ sessions: 1, rss: rt.memory().rss }];
    for (const target of SESSIONS.slice(1)) {
      while (clients.length < target) {
        const c = await connectClient(rt.url);
        loads.push((await c.query({ timeZone: 'UTC', graph: dash.graph, items: dash.loadItems })).ms);
        clients.push(c);
      }
      await rt.collect();
      memory.push({ sessions: target, rss: rt.memory().rss });
    }
    // Then the first k sessions brush at once, each its own way: a few updates on its own histogram.
    const brushes: Record<number, number[]> = {};
    for (const target of SESSIONS) {
      const times: number[] = [];
      await Promise.all(clients.slice(0, target).map(async (c, k) => {
        const field = BRUSH_FIELDS[k % 3];
        const stores = dragStores(field, extents[field], 5 + (k % 7) + target);
        for (const store of stores.slice(k % 7 + target)) times.push((await c.query({ timeZone: 'UTC', graph: dash.withStore(store), items: dash.brushItems })).ms);
      }));
      brushes[target] = times;
    }
    for (const c of clients) c.close();
    return { cold: cold.ms, loads, memory, brushes, peak: rt.memory().peak };
  } finally {
    await rt.stop();
  }
}


async function main(): Promise<void> {
  mkdirSync(benchDataRoot(REPO), { recursive: true });
  const data = await ensureData(REPO, SIZES);
  warm = await ensureWarmupData(REPO);
  const biggest = data[data.length - 1];
  const loadDatasets = planDashboard(biggest.url, capabilities);
  const loadNames = [...new Set(loadDatasets.loadItems.map((it) => loadDatasets.graph.nodes![it.node ?? 0].variable?.name ?? ''))];

  for (const d of data) {
    log(`cold render, ${d.name} rows`);
    const ours = await ourCold(d);
    rows.push({ scenario: 'cold render', system: 'runtime (WebSocket)', size: d.name, ...summarize(ours.ms), bytes: ours.bytes, peakBytes: ours.peak });
    const floor: number[] = [];
    for (let i = 0; i < COLD_REPEATS; i++) {
      const f = await floorCold(d.path, warm.path);
      floor.push(f.ms);
      await f.session.close();
    }
    rows.push({ scenario: 'cold render', system: 'floor: DuckDB SQL', size: d.name, ...summarize(floor) });
    const exact: number[] = [];
    for (let i = 0; i < COLD_REPEATS; i++) exact.push(await floorExactCold(d.path, warm.path));
    rows.push({ scenario: 'cold render', system: 'hand-written SQL, Vega-exact', size: d.name, ...summarize(exact), note: "Vega's bin expression and group order; x floor: the cost of exact answers" });
  }

  const extents = await extentsOf(biggest);
  for (const d of data) {
    const vegaStores = BRUSH_FIELDS.flatMap((f) => dragStores(f, extents[f], BASELINE_STEPS));
    // Plain Vega takes seconds per update at these sizes: a few per histogram.
    const plainStores = BRUSH_FIELDS.flatMap((f) => dragStores(f, extents[f], 3));
    const dash = planDashboard(d.url, capabilities);
    if (d.name !== '10m') {
      log(`plain Vega, ${d.name} rows`);
      const v = await childJson(REPO, process.execPath, ['--max-old-space-size=16000', '--import', 'tsx', join(REPO, 'bench', 'plain-vega.ts')],
        { path: d.path, spec: dash.vegaSpec, stores: plainStores, repeats: quick ? 1 : 2 }, `vega-${d.name}`);
      if (v) {
        rows.push({ scenario: 'cold render', system: 'plain Vega (Node)', size: d.name, ...summarize(v.cold as number[]), bytes: d.bytes, note: 'bytes: the Parquet file it downloads; decoding it not timed' });
        rows.push({ scenario: 'brush update', system: 'plain Vega (Node)', size: d.name, ...summarize(v.updates as number[]), note: 'brush store written directly, as its triggers would' });
      } else rows.push({ scenario: 'cold render', system: 'plain Vega (Node)', size: d.name, n: 0, p50: NaN, p95: NaN, note: 'failed (out of memory or time)' });
    } else {
      rows.push({ scenario: 'cold render', system: 'plain Vega (Node)', size: d.name, n: 0, p50: NaN, p95: NaN, note: 'not run: 10M JS row objects exceed what a browser tab holds' });
    }
    log(`vegafusion, ${d.name} rows`);
    const vf = await childJson(REPO, join(REPO, '.venv', 'bin', 'python'), [join(REPO, 'bench', 'vegafusion_bench.py')], {
      path: d.path, warmup_path: warm.path, spec: dash.vegaSpec, load_datasets: loadNames, brush_datasets: dash.brushDatasets,
      stores: vegaStores.filter((_, i) => i % (d.name === '10m' ? 3 : 1) === 0), repeats: quick ? 1 : 2,
    }, `vegafusion-${d.name}`);
    if (vf) {
      rows.push({ scenario: 'cold render', system: `vegafusion ${String(vf.version)} (Python)`, size: d.name, ...summarize(vf.cold as number[]), peakBytes: vf.peak as number, note: `data passed in memory; reading the file (${Number(vf.read_ms ?? NaN).toFixed(0)} ms) not timed` });
      rows.push({ scenario: 'brush update', system: `vegafusion ${String(vf.version)} (Python)`, size: d.name, ...summarize(vf.updates as number[]) });
    }
  }

  for (const d of data.filter((x) => x.name === '10m' || x.name === biggest.name).slice(-1)) {
    log(`brush replay, ${d.name} rows`);
    const withIndex = await ourBrush(d, true, DRAG_STEPS, extents);
    rows.push({ scenario: 'brush update', system: 'runtime, indexed (WebSocket)', size: d.name, ...summarize(withIndex.rest), bytes: withIndex.bytes, peakBytes: withIndex.peak });
    rows.push({ scenario: 'first brush on a histogram', system: 'runtime, builds indexes', size: d.name, ...summarize(withIndex.first) });
    const ahead = await firstBrushAhead(d, extents);
    rows.push({
      scenario: 'first brush on a histogram', system: 'runtime, indexes built ahead', size: d.name, ...summarize(ahead.first),
      note: `${ahead.built} indexes built in ${(ahead.aheadMs / 1000).toFixed(1)} s after the load's answer`,
    });
    const without = await ourBrush(d, false, BASELINE_STEPS, extents);
    rows.push({ scenario: 'brush update', system: 'runtime, plain query (WebSocket)', size: d.name, ...summarize(without.rest), bytes: without.bytes, peakBytes: without.peak });
    rows.push({ scenario: 'brush update', system: 'floor: DuckDB SQL scan', size: d.name, ...summarize(await floorBrushRun(d, BASELINE_STEPS)) });

    log(`multi-user, ${d.name} rows`);
    const mu = await multiUser(d, extents);
    rows.push({ scenario: 'dashboard load, 2nd+ session', system: 'runtime (WebSocket)', size: d.name, ...summarize(mu.loads), note: `first session (cold) ${mu.cold.toFixed(0)} ms` });
    // Memory per idle session: the resident memory's growth from each count of sessions to
    // the next, after a full collection. From 1 to 10 sessions the growth is within what
    // the process returns to the system meanwhile (a few MB either way): only the larger
    // steps say something.
    mu.memory.slice(1).forEach((m, i) => {
      const prev = mu.memory[i];
      const perSession = (m.rss - prev.rss) / (m.sessions - prev.sessions) / 1024;
      rows.push({
        scenario: `${m.sessions} sessions brushing`, system: 'runtime, indexed (WebSocket)', size: d.name, ...summarize(mu.brushes[m.sessions] ?? []), peakBytes: mu.peak,
        note: `server memory per extra idle session, ${prev.sessions} to ${m.sessions} sessions: ${perSession.toFixed(0)} KB`,
      });
    });
  }

  const scatterData = data.find((x) => x.name === '1m') ?? data[0];
  log(`scatter, ${scatterData.name} rows`);
  rows.push(...await runScatter(REPO, scatterData, warm, capabilities, quick ? 1 : 3));

  addRatios(rows);
  const table = formatTable(rows);
  process.stdout.write(`${table}\n`);
  const result = { date: new Date().toISOString(), machine: { cpus: 2, node: process.version }, quick, rows };
  writeFileSync(join(benchDataRoot(REPO), 'results.json'), JSON.stringify(result, null, 2));
  if (args.includes('--docs')) await writeDocs(REPO, result, table);
}

main().catch((error: unknown) => {
  log(`bench failed: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
