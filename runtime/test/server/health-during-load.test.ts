/**
 * Reading a large upload does not hold up other sessions: while a CSV of several
 * megabytes is parsed and loaded, the runtime keeps answering /health.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntimeProcess, type RuntimeProcess } from '../../../scripts/scale-out/cluster.js';

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
