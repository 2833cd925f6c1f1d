/**
 * Runtime processes and an nginx in front of them, on 127.0.0.1, for the scale-out and
 * load tests. Each runtime is a real `vegafusion-runtime` process (the CLI), so killing
 * one is a real fault.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HERE, '..', '..');
const CLI = path.join(REPO_ROOT, 'runtime', 'src', 'cli.ts');

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The token every runtime started here shares (through the environment, as the Python client passes it). */
export const CLUSTER_TOKEN = randomBytes(18).toString('base64url');

export interface RuntimeProcess {
  port: number;
  url: string;
  /** The token clients present (VEGAFUSION_TOKEN of the process). */
  token: string;
  pid: number;
  /** Sends a signal and resolves with the exit code (or the signal name) once it exited. */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
  /** Whatever the process wrote to stderr (its log). */
  log(): string;
}

/** Starts `vegafusion-runtime --port <port>` and resolves once it listens. */
export async function startRuntimeProcess(options: { port?: number; args?: string[]; timeoutMs?: number; token?: string } = {}): Promise<RuntimeProcess> {
  const port = options.port ?? await freePort();
  const token = options.token ?? CLUSTER_TOKEN;
  const child: ChildProcess = spawn(process.execPath, [
    '--import', 'tsx', CLI, '--port', String(port), '--log-level', 'warn', ...(options.args ?? []),
  ], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TZ: 'UTC', VEGAFUSION_TOKEN: token } });
  let stderr = '';
  let stdout = '';
  child.stderr?.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-20_000); });
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`runtime on port ${port} did not start in time:\n${stderr}`)), options.timeoutMs ?? 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`runtime on port ${port} exited (${code}) before listening:\n${stderr}`));
    });
  });
  return {
    port,
    token,
    pid: child.pid ?? -1,
    url: `http://127.0.0.1:${port}`,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    log: () => stderr,
  };
}

/** The nginx binary, or why the test cannot use one. */
export function findNginx(install: boolean): { path: string } | { skip: string } {
  const candidates = ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx', '/usr/local/bin/nginx'];
  const found = () => candidates.find((p) => existsSync(p));
  let binary = found();
  if (!binary && install) {
    if (process.getuid?.() !== 0) return { skip: 'nginx is not installed and installing it needs root (apt-get install -y nginx)' };
    if (!existsSync('/usr/bin/apt-get')) return { skip: 'nginx is not installed and there is no apt-get to install it' };
    const r = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'nginx'], { stdio: 'ignore', timeout: 300_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (r.status !== 0) return { skip: `apt-get install -y nginx failed (exit ${r.status ?? r.signal}); run it by hand` };
    binary = found();
  }
  return binary ? { path: binary } : { skip: 'nginx is not installed (apt-get install -y nginx)' };
}

export interface NginxHandle {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** nginx's error log (upstream failures show there). */
  log(): string;
}

/** Fills the template for the given runtime ports. */
export function renderNginxConfig(prefix: string, port: number, upstreamPorts: number[]): string {
  const template = readFileSync(path.join(HERE, 'nginx.conf.template'), 'utf8');
  const upstreams = upstreamPorts.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join('\n');
  return template
    .replace('{{USER_LINE}}', process.getuid?.() === 0 ? 'user root;' : '')
    .replaceAll('{{PREFIX}}', prefix)
    .replace('{{UPSTREAMS}}', upstreams)
    .replace('{{PORT}}', String(port));
}

/** Starts nginx (binary from findNginx) balancing over the runtimes on `upstreamPorts`. */
export async function startNginx(binary: string, upstreamPorts: number[]): Promise<NginxHandle> {
  const prefix = mkdtempSync(path.join(tmpdir(), 'vf-nginx-'));
  for (const d of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(path.join(prefix, d));
  const port = await freePort();
  const conf = path.join(prefix, 'nginx.conf');
  writeFileSync(conf, renderNginxConfig(prefix, port, upstreamPorts));
  const test = spawnSync(binary, ['-t', '-p', prefix, '-c', conf, '-e', path.join(prefix, 'error.log')], { encoding: 'utf8' });
  if (test.status !== 0) throw new Error(`nginx rejected its configuration:\n${test.stderr}`);
  const child = spawn(binary, ['-p', prefix, '-c', conf, '-e', path.join(prefix, 'error.log')], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`nginx did not come up on ${url}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const logPath = path.join(prefix, 'error.log');
  return {
    url,
    port,
    log: () => (existsSync(logPath) ? readFileSync(logPath, 'utf8') : ''),
    async stop() {
      child.kill('SIGQUIT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}

/** The value of an unlabelled metric of a runtime (`/metrics`), or NaN. */
export async function readMetric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) : NaN;
}
