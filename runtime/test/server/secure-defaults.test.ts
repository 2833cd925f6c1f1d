/**
 * Secure by default: a runtime started from the command line without a token makes one up
 * and prints it; web pages the user visits cannot reach the runtime (Origin on WebSocket
 * upgrades, Host against DNS rebinding, a non-simple header on uploads); /metrics may ask
 * for the token; error messages do not show the server's paths. Real servers throughout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Namespace } from '@vegafusion-ts/proto';
import { startRuntime, silentLogger, type RuntimeHandle } from '../../src/index.js';
import { connect } from '../support/ws-client.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const CLI = path.join(REPO_ROOT, 'runtime', 'src', 'cli.ts');

interface Answer {
  status: number;
  body: string;
}

/** One raw HTTP request (Host and Origin set as given), or a WebSocket upgrade when `upgrade`. */
function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string | Uint8Array; upgrade?: boolean } = {}): Promise<Answer> {
  const target = new URL(url);
  const headers: Record<string, string> = { ...options.headers };
  if (options.upgrade) {
    Object.assign(headers, { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' });
  }
  return new Promise((resolve, reject) => {
    const req = request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: options.method ?? 'GET', headers });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, body: '' });
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      // The runtime refuses an upgrade by writing a status line and closing.
      if (error.code === 'ECONNRESET') resolve({ status: -1, body: '' });
      else reject(error);
    });
    req.end(options.body);
  });
}

describe('a runtime started from the command line', () => {
  let child: ChildProcess | undefined;
  let work: string;
  let url = '';
  let stdout = '';

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'vf-cli-'));
    mkdirSync(path.join(work, 'page'));
    writeFileSync(path.join(work, 'page', 'index.html'), '<!doctype html><html><head><title>demo</title></head><body></body></html>');
    const env: NodeJS.ProcessEnv = { ...process.env, TZ: 'UTC' };
    delete env.VEGAFUSION_TOKEN;
    child = spawn(process.execPath, ['--import', 'tsx', CLI, '--port', '0', '--log-level', 'warn', '--static-dir', path.join(work, 'page')], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the runtime did not start:\n${stdout}`)), 60_000);
      child?.stdout?.on('data', (d: Buffer) => {
        stdout += d.toString();
        const m = /listening on (\S+)/.exec(stdout);
        if (m && stdout.includes('token:')) {
          url = m[1];
          clearTimeout(timer);
          resolve();
        }
      });
      child?.once('exit', (code) => reject(new Error(`the runtime exited (${code}):\n${stdout}`)));
    });
  }, 90_000);

  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
  });

  it('makes up a token, prints it once, and asks for it', async () => {
    const printed = /vegafusion-runtime token: (\S+)/.exec(stdout)?.[1] ?? '';
    expect(printed.length).toBeGreaterThanOrEqual(24);
    expect(stdout.split(printed)).toHaveLength(2);
    expect((await send(`${url}/ws`, { upgrade: true })).status).toBe(401);
    expect((await send(`${url}/datasets?format=csv`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: 'a\n1\n' })).status).toBe(401);
    const client = await connect(url, { authorization: `Bearer ${printed}` });
    client.close();
  });

  it('writes the token into the page it serves, for that page only', async () => {
    const printed = /vegafusion-runtime token: (\S+)/.exec(stdout)?.[1] ?? '';
    const page = await send(`${url}/`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`<meta name="vegafusion-token" content="${printed}"></head>`);
    // A page loaded under another name (DNS rebinding) gets nothing.
    expect((await send(`${url}/`, { headers: { host: 'rebind.evil.example' } })).status).toBe(421);
  });
});

describe('a runtime on 127.0.0.1 without a token', () => {
  let runtime: RuntimeHandle;
  let work: string;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'vf-secure-'));
    writeFileSync(path.join(work, 'big.csv'), `a\n${'1\n'.repeat(4000)}`);
    writeFileSync(path.join(work, 'broken.parquet'), 'not parquet at all');
    runtime = await startRuntime({ port: 0, logger: silentLogger, dataRoots: [work], maxUploadBytes: 1024, publicHosts: ['charts.example.org'] });
  });

  afterAll(async () => {
    await runtime.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('checks the Host header on every request and upgrade (DNS rebinding)', async () => {
    const port = runtime.port;
    for (const host of ['evil.example', `evil.example:${port}`, 'charts.example.org.evil.example']) {
      expect((await send(`${runtime.url}/health`, { headers: { host } })).status, host).toBe(421);
      expect((await send(`${runtime.url}/ws`, { headers: { host }, upgrade: true })).status, host).not.toBe(101);
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, 'LOCALHOST', `[::1]:${port}`, '10.1.2.3', `charts.example.org:${port}`]) {
      expect((await send(`${runtime.url}/health`, { headers: { host } })).status, host).toBe(200);
    }
    expect((await send(`${runtime.url}/ws`, { headers: { host: `charts.example.org:${port}` }, upgrade: true })).status).toBe(101);
  });

  it('lets WebSockets come from its own origin and loopback origins only', async () => {
    const own = runtime.url;
    for (const origin of [own, 'http://localhost:8501', 'http://127.0.0.1:8050', 'https://localhost', 'http://[::1]:5006']) {
      expect((await send(`${runtime.url}/ws`, { headers: { origin }, upgrade: true })).status, origin).toBe(101);
    }
    for (const origin of ['https://evil.example', 'null', 'http://localhost.evil.example', 'file://', 'http://charts.example.org']) {
      expect((await send(`${runtime.url}/ws`, { headers: { origin }, upgrade: true })).status, origin).toBe(403);
    }
    // Addressed as charts.example.org, a page of that origin is the runtime's own.
    expect((await send(`${runtime.url}/ws`, { headers: { origin: 'http://charts.example.org', host: 'charts.example.org' }, upgrade: true })).status).toBe(101);
  });

  it('refuses uploads a cross-site page could send without a preflight', async () => {
    const upload = (headers: Record<string, string>) => send(`${runtime.url}/datasets?format=csv`, { method: 'POST', headers, body: 'a\n1\n' });
    for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await upload({ 'content-type': type });
      expect(res.status, type).toBe(415);
      expect(JSON.parse(res.body)).toMatchObject({ code: 'bad_data' });
    }
    expect((await upload({})).status).toBe(415);
    expect((await upload({ 'content-type': 'application/octet-stream', origin: 'https://evil.example' })).status).toBe(403);
    expect((await upload({ 'content-type': 'application/octet-stream' })).status).toBe(201);
    expect((await upload({ 'content-type': 'text/csv', origin: 'http://localhost:8501' })).status).toBe(201);
  });

  it('does not show server paths in error messages', async () => {
    const client = await connect(runtime.url);
    try {
      const messages: string[] = [];
      let id = 1;
      for (const [file, type] of [['big.csv', 'csv'], ['broken.parquet', 'parquet'], ['missing.csv', 'csv'], [path.join(work, 'big.csv'), 'csv']]) {
        const reply = await client.query({
          requestId: id++, timeZone: 'UTC', items: [{ node: 0 }],
          graph: { nodes: [{ variable: { name: 'd', namespace: Namespace.NAMESPACE_DATA }, task: { url: { url: file, formatJson: JSON.stringify({ type }) } } }] },
        });
        expect(reply.error, file).toBeTruthy();
        messages.push(reply.error?.message ?? '');
      }
      expect(messages[0]).toMatch(/larger than the limit/);
      for (const m of messages) {
        expect(m).not.toContain(work);
        expect(m).not.toContain(tmpdir());
      }
    } finally {
      client.close();
    }
  });
});

describe('/metrics', () => {
  it('asks for the token when told to', async () => {
    const runtime = await startRuntime({ port: 0, logger: silentLogger, token: 'm3trics', metricsRequireToken: true });
    try {
      expect((await send(`${runtime.url}/metrics`)).status).toBe(401);
      const ok = await send(`${runtime.url}/metrics`, { headers: { authorization: 'Bearer m3trics' } });
      expect(ok.status).toBe(200);
      expect(ok.body).toContain('vegafusion_queries_total');
      expect((await send(`${runtime.url}/health`)).status).toBe(200);
    } finally {
      await runtime.close();
    }
  });
});
