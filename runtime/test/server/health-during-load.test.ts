/**
 * Reading a large upload or large inline values does not hold up other sessions: while
 * megabytes of CSV or of inline rows are parsed, keyed and loaded, the runtime keeps
 * answering /health.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Namespace } from '@vegafusion-ts/proto';
import { startRuntimeProcess, type RuntimeProcess } from '../../../scripts/scale-out/cluster.js';
import { connect } from '../support/ws-client.js';

const ROWS = 200_000;
let runtime: RuntimeProcess;
let storeDir: string;

beforeAll(async () => {
  storeDir = mkdtempSync(path.join(tmpdir(), 'vf-health-load-'));
  runtime = await startRuntimeProcess({ args: ['--threads', '1', '--store-dir', storeDir] });
});

afterAll(async () => {
  await runtime?.stop('SIGKILL');
  rmSync(storeDir, { recursive: true, force: true });
});

function csv(): string {
  const lines = ['id,name,value,when,flag'];
  for (let i = 0; i < ROWS; i++) lines.push(`${i},name ${i % 1000},${(i * 0.37).toFixed(3)},2024-01-${String(1 + (i % 28)).padStart(2, '0')},${i % 2 === 0}`);
  return `${lines.join('\n')}\n`;
}

/** Polls /health until `work` settles: the times answers came while it ran, and how long it took. */
async function healthDuring<T>(work: () => Promise<T>): Promise<{ value: T; answered: number; longestWait: number; took: number }> {
  // Warm the route, so the first health check does not count the server's start.
  expect((await fetch(`${runtime.url}/health`)).status).toBe(200);
  let running = true;
  const answeredDuring: number[] = [];
  const poll = (async () => {
    while (running) {
      await fetch(`${runtime.url}/health`);
      if (running) answeredDuring.push(performance.now());
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const started = performance.now();
  const value = await work();
  const took = performance.now() - started;
  running = false;
  await poll;
  const times = [started, ...answeredDuring, started + took];
  const longestWait = Math.max(...times.slice(1).map((t, i) => t - times[i]));
  return { value, answered: answeredDuring.length, longestWait, took };
}

describe('large inline values', () => {
  it('leave the runtime answering /health while they are keyed and loaded', async () => {
    const values = Array.from({ length: ROWS }, (_, i) => ({ id: i, name: `name ${i % 1000}`, v: i * 0.37, when: '2024-01-02' }));
    const valuesJson = JSON.stringify(values);
    const client = await connect(runtime.url, { authorization: `Bearer ${runtime.token}` });
    try {
      const { value: reply, answered, longestWait, took } = await healthDuring(() => client.query({
        requestId: 1, timeZone: 'UTC', items: [{ node: 0 }],
        graph: { nodes: [{ variable: { name: 'd', namespace: Namespace.NAMESPACE_DATA }, task: { values: { valuesJson, pipelineJson: JSON.stringify([{ type: 'aggregate', ops: ['count'], as: ['n'] }]) } } }] },
      }));
      expect(reply.error).toBeFalsy();
      expect(answered).toBeGreaterThanOrEqual(5);
      expect(longestWait).toBeLessThan(took / 2);
    } finally {
      client.close();
    }
  }, 120_000);
});

describe('a large CSV upload', () => {
  it('leaves the runtime answering /health while it is read', async () => {
    const body = csv();
    // Warm the route, so the first health check does not count the server's start.
    expect((await fetch(`${runtime.url}/health`)).status).toBe(200);
    let uploading = true;
    const answeredDuring: number[] = [];
    const poll = (async () => {
      while (uploading) {
        await fetch(`${runtime.url}/health`);
        if (uploading) answeredDuring.push(performance.now());
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const started = performance.now();
    const res = await fetch(`${runtime.url}/datasets?format=csv`, {
      method: 'POST', body, headers: { authorization: `Bearer ${runtime.token}`, 'content-type': 'application/octet-stream' },
    });
    const took = performance.now() - started;
    uploading = false;
    await poll;
    expect(res.status).toBe(201);
    const info = await res.json() as { rows: number; columns: { name: string }[] };
    expect(info.rows).toBe(ROWS);
    expect(info.columns.map((c) => c.name)).toEqual(['id', 'name', 'value', 'when', 'flag']);
    // Read in one go, the parse answered no health check until it was over; read in turns,
    // checks are answered all along (at least one for every tenth of the upload).
    expect(answeredDuring.length).toBeGreaterThanOrEqual(10);
    const times = [started, ...answeredDuring, started + took];
    const longestWait = Math.max(...times.slice(1).map((t, i) => t - times[i]));
    expect(longestWait).toBeLessThan(took / 2);
  }, 120_000);
});
