/**
 * The compiled runtime (`npm run build:runtime`): one JavaScript file plus DuckDB's native
 * binding, copied to a folder outside the checkout and run with plain `node` (no tsx, no
 * node_modules of the checkout reachable), answers a real query over WebSocket.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrowToRows, decodeArrow, Namespace } from '@vegafusion-ts/proto';
import { defaultDataRoot } from '../../src/config.js';
import { connect } from '../support/ws-client.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

let work: string;
let child: ChildProcess | undefined;
let url: string;
let stderr = '';
const TOKEN = 'bundle-test-token';

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'vegafusion-bundle-'));
  const out = join(work, 'runtime');
  const built = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'build-runtime.mjs'), '--out', out], { encoding: 'utf8' });
  expect(built.stderr).toBe('');
  expect(built.status).toBe(0);
  const data = join(work, 'data-root');
  mkdirSync(join(data, 'data'), { recursive: true });
  copyFileSync(join(defaultDataRoot(), 'data', 'cars.json'), join(data, 'data', 'cars.json'));
  // Plain node, in a folder of its own, with no NODE_PATH that could reach the checkout.
  const env = { PATH: process.env.PATH ?? '', TZ: 'UTC', HOME: work, VEGAFUSION_TOKEN: TOKEN };
  child = spawn(process.execPath, [join(out, 'vegafusion-runtime.mjs'), '--port', '0', '--data-root', data, '--log-level', 'warn'], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
  url = await new Promise<string>((done, fail) => {
    let stdout = '';
    const timer = setTimeout(() => fail(new Error(`the bundled runtime did not start:\n${stderr}`)), 30_000);
    child?.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /vegafusion-runtime listening on (\S+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        done(m[1]);
      }
    });
    child?.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`the bundled runtime exited with ${code}:\n${stderr}`));
    });
  });
}, 120_000);

afterAll(() => {
  child?.kill('SIGKILL');
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the compiled runtime bundle', () => {
  it('is one file that names no path of the build machine', () => {
    const text = readFileSync(join(work, 'runtime', 'vegafusion-runtime.mjs'), 'utf8');
    expect(text).not.toContain(REPO_ROOT);
    expect(text.startsWith('#!/usr/bin/env node')).toBe(true);
  });

  it('runs outside the checkout with plain node and answers an aggregate from DuckDB', async () => {
    expect(await (await fetch(`${url}/health`)).json()).toMatchObject({ status: 'ok' });
    const client = await connect(url, { authorization: `Bearer ${TOKEN}` });
    try {
      const pipeline = [{ type: 'aggregate', groupby: ['Origin'], ops: ['count', 'mean'], fields: [null, 'Horsepower'], as: ['n', 'hp'] }];
      const reply = await client.query({
        requestId: 1,
        timeZone: 'UTC',
        graph: {
          nodes: [
            { variable: { name: 'source_0', namespace: Namespace.NAMESPACE_DATA }, task: { url: { url: 'data/cars.json', formatJson: '{"type":"json"}' } } },
            { variable: { name: 'data_0', namespace: Namespace.NAMESPACE_DATA }, task: { source: { source: 'source_0', pipelineJson: JSON.stringify(pipeline) } }, parents: [0] },
          ],
        },
        items: [{ node: 1 }],
      });
      expect(reply.error, stderr).toBeFalsy();
      const rows = arrowToRows(decodeArrow(reply.result!.values![0].value!.arrow!)) as { Origin: string; n: number; hp: number }[];
      const cars = JSON.parse(readFileSync(join(defaultDataRoot(), 'data', 'cars.json'), 'utf8')) as { Origin: string; Horsepower: number | null }[];
      const expected = new Map<string, { n: number; sum: number; valid: number }>();
      for (const car of cars) {
        const g = expected.get(car.Origin) ?? { n: 0, sum: 0, valid: 0 };
        g.n += 1;
        if (car.Horsepower !== null) {
          g.sum += car.Horsepower;
          g.valid += 1;
        }
        expected.set(car.Origin, g);
      }
      expect(rows.map((r) => r.Origin).sort()).toEqual([...expected.keys()].sort());
      for (const row of rows) {
        const g = expected.get(row.Origin)!;
        expect(Number(row.n)).toBe(g.n);
        expect(row.hp).toBeCloseTo(g.sum / g.valid, 9);
      }
    } finally {
      client.close();
    }
  });
});
