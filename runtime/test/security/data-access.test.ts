/**
 * What a request may read: files inside the data roots, http(s) of allowlisted hosts,
 * uploads by their exact content address; and who may connect: the token and the Origin
 * allowlist. Checked end to end, over the WebSocket and HTTP of a running runtime.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { arrowToRows, decodeArrow, Namespace, type ITaskGraph } from '@vegafusion-ts/proto';
import { startRuntime, silentLogger, type RuntimeHandle } from '../../src/index.js';
import { connect, type TestClient } from '../support/ws-client.js';

const TOKEN = 's3cret-token';
const ORIGIN = 'https://dash.example';
const data = (name: string) => ({ name, namespace: Namespace.NAMESPACE_DATA });
const urlGraph = (url: string, type = 'csv'): ITaskGraph => ({ nodes: [{ variable: data('d'), task: { url: { url, formatJson: JSON.stringify({ type }) } } }] });

let dir: string;
let root: string;
let runtime: RuntimeHandle;
let client: TestClient;
let http: Server;
let httpHost: string;
let nextId = 1;

async function read(url: string, type = 'csv') {
  return client.query({ requestId: nextId++, timeZone: 'UTC', graph: urlGraph(url, type), items: [{ node: 0 }] });
}

function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('error', () => resolve(-1));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'vf-access-'));
  root = path.join(dir, 'root');
  mkdirSync(path.join(root, 'sub'), { recursive: true });
  writeFileSync(path.join(root, 'ok.csv'), 'a\n1\n2\n');
  writeFileSync(path.join(root, 'sub', 'nested.csv'), 'a\n3\n');
  writeFileSync(path.join(dir, 'secret.csv'), 'password\nhunter2\n');
  symlinkSync(path.join(dir, 'secret.csv'), path.join(root, 'link.csv'));
  symlinkSync(dir, path.join(root, 'up'));
  http = createServer((req, res) => {
    if (req.url === '/redirect') {
      res.writeHead(302, { location: 'http://localhost:1/secret.csv' }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/csv' }).end('a\n7\n');
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  httpHost = `127.0.0.1:${(http.address() as AddressInfo).port}`;
  runtime = await startRuntime({
    port: 0, logger: silentLogger, dataRoots: [root], allowedHosts: [httpHost], token: TOKEN, allowedOrigins: [ORIGIN],
  });
  client = await connect(runtime.url, { authorization: `Bearer ${TOKEN}`, origin: ORIGIN });
});

afterAll(async () => {
  client?.close();
  await runtime?.close();
  await new Promise((r) => http?.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('data URLs', () => {
  it('reads files inside the root', async () => {
    const ok = await read('ok.csv');
    expect(arrowToRows(decodeArrow(ok.result!.values![0].value!.arrow!))).toEqual([{ a: '1' }, { a: '2' }]);
    expect((await read('sub/nested.csv')).error).toBeFalsy();
    expect((await read('/sub/nested.csv')).error).toBeFalsy();
  });

  it('refuses every way out of the root', async () => {
    const escapes = [
      '../secret.csv', 'sub/../../secret.csv', `${path.join(dir, 'secret.csv')}`, '/etc/passwd',
      'file:///etc/passwd', `file://${path.join(dir, 'secret.csv')}`, 'FILE:///etc/passwd',
      '%2e%2e/secret.csv', '%2E%2E%2Fsecret.csv', '..%2fsecret.csv', 'sub%2f..%2f..%2fsecret.csv',
      'link.csv', 'up/secret.csv', 'up/root/ok.csv/../../secret.csv',
      'ok.csv%00.json', 'data:text/csv,a%0A1', 'javascript:alert(1)', 'jar:file:///x!/y',
      '//evil.example/secret.csv', 'http://evil.example/secret.csv', 'https://169.254.169.254/latest/meta-data',
      `http://${httpHost}@evil.example/x.csv`, 'http://127.0.0.1:1/x.csv', `http://${httpHost}/redirect`,
    ];
    for (const url of escapes) {
      const reply = await read(url);
      expect(reply.error, url).toBeTruthy();
      expect(['data_forbidden', 'data_not_found', 'bad_data'], url).toContain(reply.error!.code);
      expect(reply.error!.message).not.toContain('hunter2');
    }
  });

  it('fetches http(s) only from allowlisted hosts', async () => {
    const ok = await read(`http://${httpHost}/data.csv`);
    expect(arrowToRows(decodeArrow(ok.result!.values![0].value!.arrow!))).toEqual([{ a: '7' }]);
    expect((await read('http://localhost:1/x.csv')).error?.code).toBe('data_forbidden');
  });
});

describe('uploads', () => {
  const auth = { authorization: `Bearer ${TOKEN}` };

  it('needs the token, and are readable only by their exact content address', async () => {
    expect((await fetch(`${runtime.url}/datasets?format=csv`, { method: 'POST', body: 'p\n1\n' })).status).toBe(401);
    expect((await fetch(`${runtime.url}/datasets?format=csv`, { method: 'POST', body: 'p\n1\n', headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const res = await fetch(`${runtime.url}/datasets?format=csv`, { method: 'POST', body: 'p\n41\n', headers: auth });
    expect(res.status).toBe(201);
    const { hash, url } = await res.json() as { hash: string; url: string };
    const ok = await read(url);
    expect(arrowToRows(decodeArrow(ok.result!.values![0].value!.arrow!))).toEqual([{ p: '41' }]);
    const guesses = [
      `vegafusion+dataset://${hash.slice(0, 63)}`, `vegafusion+dataset://${hash.toUpperCase()}`, `vegafusion+dataset://${hash}/`,
      `vegafusion+dataset://${hash}?x=1`, `vegafusion+dataset://${hash}/../ok.csv`, `vegafusion+dataset:${hash}`,
      `vegafusion+dataset://${'0'.repeat(64)}`, hash, `${hash}.csv`, `/${hash}`,
    ];
    for (const guess of guesses) expect((await read(guess)).error?.code, guess).toMatch(/data_not_found|data_forbidden|dataset_missing/);
    expect((await fetch(`${runtime.url}/datasets/${hash}`, { method: 'HEAD' })).status).toBe(401);
    expect((await fetch(`${runtime.url}/datasets/${hash}`, { headers: auth })).status).toBe(404);
    expect((await fetch(`${runtime.url}/datasets`, { headers: auth })).status).toBe(404);
  });
});

describe('connections', () => {
  const wsUrl = () => `${runtime.url.replace('http', 'ws')}/ws`;

  it('require the token (header or query parameter), compared exactly', async () => {
    expect(await upgradeStatus(wsUrl(), { origin: ORIGIN })).toBe(401);
    expect(await upgradeStatus(`${wsUrl()}?token=${TOKEN.slice(0, -1)}`, { origin: ORIGIN })).toBe(401);
    expect(await upgradeStatus(`${wsUrl()}?token=${TOKEN}x`, { origin: ORIGIN })).toBe(401);
    expect(await upgradeStatus(wsUrl(), { origin: ORIGIN, authorization: `Basic ${TOKEN}` })).toBe(401);
    expect(await upgradeStatus(`${wsUrl()}?token=${TOKEN}`, { origin: ORIGIN })).toBe(101);
    expect(await upgradeStatus(wsUrl(), { origin: ORIGIN, authorization: `Bearer ${TOKEN}` })).toBe(101);
  });

  it('come only from allowlisted origins', async () => {
    const withToken = `${wsUrl()}?token=${TOKEN}`;
    for (const origin of ['https://evil.example', 'http://dash.example', 'https://dash.example:444', 'null', 'https://dash.example.evil.example', 'HTTPS://DASH.EXAMPLE.']) {
      expect(await upgradeStatus(withToken, { origin }), origin).toBe(403);
    }
    // Browsers always send an Origin; a client without one is not a browser and could send any.
    expect(await upgradeStatus(withToken, {})).toBe(101);
  });

  it('bind 127.0.0.1 by default', () => {
    expect(runtime.config.host).toBe('127.0.0.1');
  });
});
