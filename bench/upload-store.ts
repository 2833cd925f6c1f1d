/**
 * The upload store on disk: what an upload costs (new content, content already stored),
 * what the first query after a restart costs with the dataset still in the store versus
 * uploading it again, how long the start-up sweep of a full folder takes, and the JS
 * memory uploads hold (none of their bytes: they live on disk).
 *
 *   node --expose-gc --import tsx bench/upload-store.ts [--rows 1000000] [--runs 5]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { Namespace } from '@vegafusion-ts/proto';
import { createDatasetStore, sha256Hex } from '../runtime/src/engine/sources/dataset-store.js';
import { startRuntime, silentLogger, type RuntimeHandle } from '../runtime/src/index.js';
import { connect } from '../runtime/test/support/ws-client.js';
import { formatTable, summarize, type ResultRow } from './stats.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROWS = arg('--rows', 1_000_000);
const RUNS = arg('--runs', 5);

function arrowBytes(seed: number): Uint8Array {
  const x = new Float64Array(ROWS);
  const k = new Int32Array(ROWS);
  for (let i = 0; i < ROWS; i++) {
    x[i] = ((i * 7919 + seed * 104729) % 100_003) / 7;
    k[i] = (i + seed) % 50;
  }
  return tableToIPC(tableFromArrays({ x, k }), 'stream');
}

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const out = await work();
  return [performance.now() - start, out];
}

async function upload(rt: RuntimeHandle, bytes: Uint8Array): Promise<string> {
  const res = await fetch(`${rt.url}/datasets?format=arrow`, { method: 'POST', body: Buffer.from(bytes), headers: { 'content-type': 'application/octet-stream' } });
  if (res.status !== 201) throw new Error(`upload failed: HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { hash: string }).hash;
}

/** A count by k of the dataset, as a chart asks for it. */
async function query(rt: RuntimeHandle, hash: string): Promise<void> {
  const c = await connect(rt.url);
  try {
    const reply = await c.query({
      requestId: 1, timeZone: 'UTC', items: [{ node: 0 }],
      graph: { nodes: [{ variable: { name: 'd', namespace: Namespace.NAMESPACE_DATA }, task: { url: { url: `vegafusion+dataset://${hash}`, formatJson: '{}', pipelineJson: JSON.stringify([{ type: 'aggregate', groupby: ['k'] }]) } } }] },
    });
    if (reply.error) throw new Error(`query failed: ${reply.error.code} ${reply.error.message}`);
  } finally {
    c.close();
  }
}

const js = () => {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'vf-bench-store-'));
  const size = `${ROWS.toLocaleString('en')} rows`;
  const rows: ResultRow[] = [];
  const start = (): Promise<RuntimeHandle> => startRuntime({ port: 0, logger: silentLogger, storeDir: dir, threads: 1 });
  let rt = await start();
  try {
    const datasets = Array.from({ length: RUNS }, (_, i) => arrowBytes(i + 1));
    const bytes = datasets[0].byteLength;
    const fresh: number[] = [];
    const hashes: string[] = [];
    // Measured from after the first upload (the server's own first-use allocations).
    let before = 0;
    for (const d of datasets) {
      const [ms, hash] = await timed(() => upload(rt, d));
      if (hashes.length === 0) before = js();
      fresh.push(ms);
      hashes.push(hash);
    }
    const held = js() - before;
    rows.push({ scenario: 'upload, new content (written to the store, read once)', system: 'runtime', size, ...summarize(fresh), note: `${(bytes / 1024 ** 2).toFixed(1)} MB of Arrow` });
    const again: number[] = [];
    for (const d of datasets) again.push((await timed(() => upload(rt, d)))[0]);
    rows.push({ scenario: 'upload, content already in the store', system: 'runtime', size, ...summarize(again), note: `${(bytes / 1024 ** 2).toFixed(1)} MB of Arrow` });
    datasets.length = 0;

    const fromStore: number[] = [];
    const reupload: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await rt.close();
      const [ms] = await timed(async () => {
        rt = await start();
        await query(rt, hashes[i]);
      });
      fromStore.push(ms);
      // What a restart cost before: the upload gone, sent again, then the query.
      await rt.close();
      const fresh2 = arrowBytes(1000 + i);
      const [ms2] = await timed(async () => {
        rt = await start();
        await query(rt, await upload(rt, fresh2));
      });
      reupload.push(ms2);
    }
    rows.push({ scenario: 'restart, then first query (dataset read from the store)', system: 'runtime', size, ...summarize(fromStore) });
    rows.push({ scenario: 'restart, then upload again and first query', system: 'runtime', size, ...summarize(reupload) });
    console.log(formatTable(rows));
    console.log(`JS memory (heap + array buffers) grown over ${RUNS - 1} further uploads of ${(bytes / 1024 ** 2).toFixed(1)} MB each: ${(held / 1024 ** 2).toFixed(1)} MB`);
  } finally {
    await rt.close();
  }

  // The start-up sweep of a folder of many files, half of them past the bound.
  const FILES = 2000;
  const sweeps: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const sweepDir = mkdtempSync(path.join(tmpdir(), 'vf-bench-sweep-'));
    for (let i = 0; i < FILES; i++) {
      const body = `k\n${r}-${i}\n`;
      writeFileSync(path.join(sweepDir, `${sha256Hex(body)}.csv`), body);
    }
    for (let i = 0; i < 100; i++) writeFileSync(path.join(sweepDir, `.tmp-otherhost-1-${r}-${i}`), 'x');
    const bound = Math.floor((FILES / 2) * 10);
    const [ms] = await timed(async () => createDatasetStore({ dir: sweepDir, maxBytes: bound, maxUploadBytes: bound }));
    sweeps.push(ms);
    rmSync(sweepDir, { recursive: true, force: true });
  }
  console.log(formatTable([{ scenario: `start-up sweep: ${FILES} datasets (half past the bound) and 100 temporary files`, system: 'store', size: `${FILES} files`, ...summarize(sweeps) }]));
  rmSync(dir, { recursive: true, force: true });
}

await main();
