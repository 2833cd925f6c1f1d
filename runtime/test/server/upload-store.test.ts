/**
 * Uploads that survive: runtime processes on one upload store (--store-dir) see each
 * other's uploads and those made before a restart, write the same and different datasets
 * at once without harm, evict by bytes (a query of the evicted one answers
 * dataset_missing with its hash), delete on request and report the store in /metrics.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { arrowToRows, decodeArrow, Namespace, type ServerMessage } from '@vegafusion-ts/proto';
import { sha256Hex } from '../../src/engine/sources/dataset-store.js';
import { startRuntimeProcess, type RuntimeProcess } from '../../../scripts/scale-out/cluster.js';
import { connect } from '../support/ws-client.js';
import { tempDir } from '../engine/sources/helpers.js';
import { metricValue } from './helpers.js';

const started: RuntimeProcess[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.stop('SIGKILL')));
});

async function runtimeOn(storeDir: string, extra: string[] = []): Promise<RuntimeProcess> {
  const p = await startRuntimeProcess({ args: ['--threads', '1', '--store-dir', storeDir, ...extra] });
  started.push(p);
  return p;
}

const auth = (p: RuntimeProcess) => ({ authorization: `Bearer ${p.token}` });

async function upload(p: RuntimeProcess, csv: string): Promise<string> {
  const res = await fetch(`${p.url}/datasets?format=csv`, { method: 'POST', body: csv, headers: { ...auth(p), 'content-type': 'application/octet-stream' } });
  expect(res.status).toBe(201);
  return ((await res.json()) as { hash: string }).hash;
}

let nextId = 1;
async function query(p: RuntimeProcess, hash: string): Promise<ServerMessage> {
  const client = await connect(p.url, auth(p));
  try {
    return await client.query({
      requestId: nextId++, timeZone: 'UTC', items: [{ node: 0 }],
      graph: { nodes: [{ variable: { name: 'source_0', namespace: Namespace.NAMESPACE_DATA }, task: { url: { url: `vegafusion+dataset://${hash}`, formatJson: '{}' } } }] },
    });
  } finally {
    client.close();
  }
}

const rowsOf = (reply: ServerMessage) => arrowToRows(decodeArrow(reply.result!.values![0].value!.arrow!));
const csvOf = (n: number, rows = 3) => `k,v\n${Array.from({ length: rows }, (_, i) => `${n},${i}`).join('\n')}\n`;

describe('the upload store shared by runtime processes', () => {
  it('answers an upload after a restart and from a second runtime on the same folder', async () => {
    const dir = tempDir('vf-store-');
    const first = await runtimeOn(dir);
    const hash = await upload(first, csvOf(1));
    const second = await runtimeOn(dir);
    expect(rowsOf(await query(second, hash))).toEqual([{ k: '1', v: '0' }, { k: '1', v: '1' }, { k: '1', v: '2' }]);
    await first.stop('SIGKILL');
    const restarted = await runtimeOn(dir);
    expect((await fetch(`${restarted.url}/datasets/${hash}`, { method: 'HEAD', headers: auth(restarted) })).status).toBe(200);
    expect(rowsOf(await query(restarted, hash))).toHaveLength(3);
  }, 60_000);

  it('takes the same and different datasets written at once by two runtimes, whole', async () => {
    const dir = tempDir('vf-store-');
    const [a, b] = await Promise.all([runtimeOn(dir), runtimeOn(dir)]);
    const bodies = Array.from({ length: 8 }, (_, i) => csvOf(i, 2000));
    // Every body to both runtimes at once: each dataset written twice concurrently.
    const hashes = await Promise.all(bodies.flatMap((body) => [upload(a, body), upload(b, body)]));
    const expected = bodies.map((body) => sha256Hex(body));
    expect(hashes).toEqual(expected.flatMap((h) => [h, h]));
    const files = readdirSync(dir).sort();
    expect(files).toEqual(expected.map((h) => `${h}.csv`).sort());
    for (const h of expected) expect(sha256Hex(readFileSync(path.join(dir, `${h}.csv`)))).toBe(h);
    for (const [i, h] of expected.entries()) expect(rowsOf(await query(i % 2 ? a : b, h))).toHaveLength(2000);
  }, 60_000);

  it('stays whole when two runtimes write and evict at once', async () => {
    const dir = tempDir('vf-store-');
    const body = (n: number) => csvOf(n, 300);
    const bound = body(0).length * 6;
    const [a, b] = await Promise.all([runtimeOn(dir, ['--store-bytes', String(bound)]), runtimeOn(dir, ['--store-bytes', String(bound)])]);
    // 24 datasets, each sent to both, all at once: writes, renames and evictions interleave.
    await Promise.all(Array.from({ length: 24 }, (_, i) => [upload(a, body(i)), upload(b, body(i))]).flat());
    const files = readdirSync(dir);
    expect(files.filter((f) => f.startsWith('.tmp-'))).toEqual([]);
    const total = files.reduce((n, f) => n + readFileSync(path.join(dir, f)).length, 0);
    expect(total).toBeLessThanOrEqual(bound);
    for (const f of files) expect(sha256Hex(readFileSync(path.join(dir, f)))).toBe(f.slice(0, 64));
  }, 60_000);

  it('evicts the oldest past --store-bytes; its query answers dataset_missing naming it; /metrics reports the store', async () => {
    const dir = tempDir('vf-store-');
    const p = await runtimeOn(dir, ['--store-bytes', '2500']);
    const oldest = await upload(p, csvOf(1, 200));
    await new Promise((r) => setTimeout(r, 1100)); // mtime resolution: the next ones are newer
    const middle = await upload(p, csvOf(2, 200));
    await new Promise((r) => setTimeout(r, 1100));
    const newest = await upload(p, csvOf(3, 200));
    expect(readdirSync(dir).sort()).toEqual([`${middle}.csv`, `${newest}.csv`].sort());
    const reply = await query(p, oldest);
    expect(reply.error).toMatchObject({ code: 'dataset_missing' });
    expect(reply.error?.message).toContain(oldest);
    expect(rowsOf(await query(p, newest))).toHaveLength(200);
    const metrics = await (await fetch(`${p.url}/metrics`)).text();
    expect(metricValue(metrics, 'vegafusion_datasets')).toBe(2);
    expect(metricValue(metrics, 'vegafusion_datasets_bytes')).toBe(2 * csvOf(2, 200).length);
    expect(metricValue(metrics, 'vegafusion_datasets_max_bytes')).toBe(2500);
    expect(metricValue(metrics, 'vegafusion_datasets_evicted_total')).toBe(1);
  }, 60_000);

  it('deletes on DELETE /datasets/<hash> (token needed; 204, then 404) for every runtime on the store', async () => {
    const dir = tempDir('vf-store-');
    const [a, b] = await Promise.all([runtimeOn(dir), runtimeOn(dir)]);
    const hash = await upload(a, csvOf(5));
    expect(rowsOf(await query(b, hash))).toHaveLength(3); // b has it loaded
    expect((await fetch(`${a.url}/datasets/${hash}`, { method: 'DELETE' })).status).toBe(401);
    expect((await fetch(`${a.url}/datasets/${hash}`, { method: 'DELETE', headers: auth(a) })).status).toBe(204);
    const again = await fetch(`${a.url}/datasets/${hash}`, { method: 'DELETE', headers: auth(a) });
    expect(again.status).toBe(404);
    expect(await again.json()).toMatchObject({ code: 'dataset_missing' });
    expect((await fetch(`${b.url}/datasets/${hash}`, { method: 'HEAD', headers: auth(b) })).status).toBe(404);
    expect((await query(b, hash)).error).toMatchObject({ code: 'dataset_missing' });
    expect(readdirSync(dir)).toEqual([]);
  }, 60_000);

  it('cleans the folder at start: leftover temporary files and what is past the bound', async () => {
    const dir = tempDir('vf-store-');
    const host = hostname().replace(/[^A-Za-z0-9.]/g, '_');
    writeFileSync(path.join(dir, `.tmp-${host}-999999999-0a1b`), 'half a dataset');
    const hashes = [1, 2].map((n) => {
      const body = csvOf(n, 200);
      const h = sha256Hex(body);
      writeFileSync(path.join(dir, `${h}.csv`), body);
      return h;
    });
    const p = await runtimeOn(dir, ['--store-bytes', String(csvOf(1, 200).length + 10)]);
    expect(readdirSync(dir).length).toBe(1);
    const kept = readdirSync(dir)[0].slice(0, 64);
    expect(hashes).toContain(kept);
    expect(rowsOf(await query(p, kept))).toHaveLength(200);
  }, 60_000);
});
