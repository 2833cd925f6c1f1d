/**
 * Raw-row marks: a scatter of 1M points. The runtime sends the two plotted columns as
 * Arrow (unused columns pruned); the floor is the same two columns read by DuckDB and
 * encoded as Arrow IPC; vegafusion pre-transforms the same dataset with unused columns
 * trimmed; plain Vega would download the whole file. From rows already in memory (a
 * DataFrame uploaded, as vegafusion is handed a pyarrow table), the runtime is measured
 * three ways: over the WebSocket in one runtime with its caches emptied before each run
 * (as vegafusion clears its own), as the first query of a fresh runtime, and in-process.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { encodeArrow, type RuntimeCapabilities } from '@vegafusion-ts/proto';
import { compileToVega, planChart } from '../components/react/src/planner/index.js';
import { scatterSpec } from './dashboard.js';
import { createDuckDbEngine } from '../runtime/src/engine/duckdb.js';
import { createServices, defaultConfig, evaluateQuery } from '../runtime/src/index.js';
import { defaultDataRoot } from '../runtime/src/config.js';
import { queryArrow } from '../runtime/src/engine/output.js';
import { benchDataRoot, type BenchData } from './data.js';
import { summarize, type ResultRow } from './stats.js';
import { connectClient } from './ws-client.js';
import { startWarmRuntime } from './warmup.js';

const run = promisify(execFile);

export async function runScatter(repo: string, d: BenchData, warm: BenchData, capabilities: RuntimeCapabilities, repeats: number): Promise<ResultRow[]> {
  const spec = scatterSpec(d.url);
  const plan = planChart(spec, { capabilities });
  const items = plan.toClient.map((t) => ({ node: t.node, columns: t.columns, signalsOnly: t.signalsOnly }));
  const scenario = 'scatter (raw rows)';
  const out: ResultRow[] = [];

  const ms: number[] = [];
  let bytes = 0;
  let peak = 0;
  for (let i = 0; i < repeats; i++) {
    const rt = await startWarmRuntime(repo, warm, capabilities);
    try {
      const c = await connectClient(rt.url);
      const r = await c.query({ timeZone: 'UTC', graph: plan.serverGraph, items });
      ms.push(r.ms);
      bytes = r.bytes;
      peak = Math.max(peak, rt.memory().peak);
      c.close();
    } finally {
      await rt.stop();
    }
  }
  out.push({ scenario, system: 'runtime (WebSocket)', size: d.name, ...summarize(ms), bytes, peakBytes: peak, note: `columns sent: ${items.flatMap((it) => it.columns ?? []).join(', ')}` });

  // The rows already in the runtime's memory, as vegafusion gets them below: the file's
  // rows as a pandas DataFrame, encoded by the Python client and uploaded beforehand.
  // The upload is timed as its own scenario; the scatter from those rows apart.
  const frame = await dataFrameAsArrow(repo, d);
  const uploaded: number[] = [];
  const uploads: number[] = [];
  let uploadPeak = 0;
  for (let i = 0; i < repeats; i++) {
    const rt = await startWarmRuntime(repo, warm, capabilities);
    try {
      const t0 = performance.now();
      const res = await fetch(`${rt.url}/datasets?format=arrow`, { method: 'POST', body: Buffer.from(frame.ipc), headers: { 'content-type': 'application/octet-stream' } });
      const { url } = await res.json() as { url: string };
      uploads.push(performance.now() - t0);
      uploadPeak = Math.max(uploadPeak, rt.memory().peak);
      const p = planChart(scatterSpec(url), { capabilities });
      const c = await connectClient(rt.url);
      const r = await c.query({ timeZone: 'UTC', graph: p.serverGraph, items: p.toClient.map((t) => ({ node: t.node, columns: t.columns, signalsOnly: t.signalsOnly })) });
      uploaded.push(r.ms);
      c.close();
    } finally {
      await rt.stop();
    }
  }
  // As vegafusion's figure is taken: one process warmed on other rows, the rows in memory,
  // each run from emptied caches (vegafusion's clear_cache()). A run takes tens of ms, so
  // these take three times the repeats: a p50 of three is at the mercy of one slow run.
  const runs = repeats * 3;
  const again: number[] = [];
  const rt = await startWarmRuntime(repo, warm, capabilities);
  try {
    const res = await fetch(`${rt.url}/datasets?format=arrow`, { method: 'POST', body: Buffer.from(frame.ipc), headers: { 'content-type': 'application/octet-stream' } });
    const { url } = await res.json() as { url: string };
    const p = planChart(scatterSpec(url), { capabilities });
    const c = await connectClient(rt.url);
    for (let i = 0; i < runs; i++) {
      await rt.clearCaches();
      again.push((await c.query({ timeZone: 'UTC', graph: p.serverGraph, items: p.toClient.map((t) => ({ node: t.node, columns: t.columns, signalsOnly: t.signalsOnly })) })).ms);
    }
    c.close();
  } finally {
    await rt.stop();
  }
  out.push({
    scenario, system: 'runtime (WebSocket), rows uploaded', size: d.name, ...summarize(again), bytes,
    note: 'the rows uploaded beforehand as a DataFrame from Python (see "DataFrame upload"); one runtime, its caches emptied before each run, as vegafusion\'s are',
  });
  out.push({
    scenario, system: 'runtime (WebSocket), rows uploaded, fresh runtime', size: d.name, ...summarize(uploaded), bytes,
    note: 'the first query of a runtime started (and warmed on other rows) just before the upload',
  });
  const inProcess = await scatterInProcess(frame.ipc, capabilities, runs);
  out.push({
    scenario, system: 'runtime in-process, rows uploaded', size: d.name, ...summarize(inProcess), bytes,
    note: 'measured as vegafusion\'s figure is: in one process, from rows in memory to the Arrow table; no message, transfer or decoding',
  });
  out.push({
    scenario: 'DataFrame upload', system: 'runtime (HTTP POST /datasets)', size: d.name, ...summarize(uploads), bytes: frame.ipc.byteLength, peakBytes: uploadPeak,
    note: `a pandas DataFrame of the file (${frame.columns}) as the Python client encodes it (${frame.encodeMs.toFixed(0)} ms, not counted), stored as a table; bytes: the Arrow IPC sent`,
  });

  const floor: number[] = [];
  let floorBytes = 0;
  for (let i = 0; i < repeats; i++) {
    const engine = await createDuckDbEngine({ connections: 1 });
    const read = (path: string) => queryArrow(engine, {
      sql: `SELECT distance::DOUBLE AS distance, delay::DOUBLE AS delay, file_row_number::DOUBLE AS __vf_order FROM read_parquet('${path.replace(/'/g, "''")}', file_row_number = true)`,
      schema: [{ name: 'distance', type: 'number' }, { name: 'delay', type: 'number' }],
    });
    encodeArrow(await read(warm.path));
    const started = performance.now();
    floorBytes = encodeArrow(await read(d.path)).byteLength;
    floor.push(performance.now() - started);
    await engine.close();
  }
  out.push({ scenario, system: 'floor: DuckDB SQL', size: d.name, ...summarize(floor), bytes: floorBytes });

  const job = join(benchDataRoot(repo), 'vegafusion-scatter.job.json');
  const vg = compileToVega(spec) as { data: { name: string; url?: unknown }[] };
  writeFileSync(job, JSON.stringify({ path: d.path, warmup_path: warm.path, spec: vg, load_datasets: [], brush_datasets: [], stores: [], repeats: 0, scatter_spec: vg, scatter_dataset: vg.data.find((x) => x.url)?.name, scatter_repeats: runs }));
  try {
    const { stdout } = await run(join(repo, '.venv', 'bin', 'python'), [join(repo, 'bench', 'vegafusion_bench.py'), job], { cwd: repo, maxBuffer: 16 * 1024 * 1024, timeout: 10 * 60_000 });
    const r = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { scatter?: { ms: number[]; bytes: number }; peak?: number; read_ms?: number; version?: string };
    if (r.scatter) {
      out.push({ scenario, system: `vegafusion ${r.version ?? ''} (Python)`, size: d.name, ...summarize(r.scatter.ms), bytes: r.scatter.bytes, peakBytes: r.peak, note: 'in its own process, from the file already read into memory to the Arrow table it returns (bytes: that table)' });
      // The runtime's figure starts from the file: the same start for vegafusion.
      if (typeof r.read_ms === 'number') {
        const read = r.read_ms;
        out.push({ scenario, system: `vegafusion ${r.version ?? ''} (Python), from the file`, size: d.name, ...summarize(r.scatter.ms.map((ms) => ms + read)), bytes: r.scatter.bytes, note: `pyarrow read of the Parquet file (${read.toFixed(0)} ms) plus the pre-transform` });
      }
    }
  } catch (error) {
    process.stderr.write(`vegafusion scatter failed: ${(error as Error).message.split('\n')[0]}\n`);
  }
  out.push({ scenario, system: 'plain Vega (Node)', size: d.name, n: 0, p50: NaN, p95: NaN, bytes: d.bytes, note: 'bytes: the whole Parquet file the browser downloads' });
  return out;
}

/**
 * The scatter from uploaded rows inside one process, as vegafusion's figure is taken: a
 * fresh runtime's services (empty caches) on one engine, the rows stored before the clock
 * starts, then the query evaluated into Arrow. The first run, untimed, warms the engine.
 */
async function scatterInProcess(ipc: Uint8Array, capabilities: RuntimeCapabilities, repeats: number): Promise<number[]> {
  const config = { ...defaultConfig(), dataRoots: [defaultDataRoot()] };
  const engine = await createDuckDbEngine({});
  const ms: number[] = [];
  try {
    for (let i = 0; i <= repeats; i++) {
      const { services } = await createServices(config, engine);
      const { url } = await services.sources.uploads.put(ipc, 'arrow');
      const plan = planChart(scatterSpec(url), { capabilities });
      const started = performance.now();
      await evaluateQuery({ timeZone: 'UTC', graph: plan.serverGraph, items: plan.toClient.map((t) => ({ node: t.node, columns: t.columns, signalsOnly: t.signalsOnly })) }, services);
      if (i > 0) ms.push(performance.now() - started);
    }
  } finally {
    await engine.close();
  }
  return ms;
}

/**
 * The file's rows as the Python client uploads a pandas DataFrame of them (Arrow IPC,
 * normalised by `encode_table`), and the time that encoding took.
 */
async function dataFrameAsArrow(repo: string, d: BenchData): Promise<{ ipc: Uint8Array; encodeMs: number; columns: string }> {
  const target = join(dirname(d.path), `${d.name}-frame.arrows`);
  const script = [
    'import json, sys, time',
    'import pandas as pd',
    'from vegafusion_ts_client.tables import encode_table',
    'frame = pd.read_parquet(sys.argv[1])',
    'encode_table(frame.head(1000))',
    't = time.perf_counter()',
    'encoded = encode_table(frame)',
    'ms = (time.perf_counter() - t) * 1000',
    'open(sys.argv[2], "wb").write(encoded.ipc)',
    'print(json.dumps({"ms": ms, "columns": ", ".join(f"{c} {t}" for c, t in frame.dtypes.items())}))',
  ].join('\n');
  const { stdout } = await run(join(repo, '.venv', 'bin', 'python'), ['-c', script, d.path, target], { cwd: repo, maxBuffer: 1024 * 1024, timeout: 5 * 60_000 });
  const r = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { ms: number; columns: string };
  return { ipc: new Uint8Array(readFileSync(target)), encodeMs: r.ms, columns: r.columns };
}
