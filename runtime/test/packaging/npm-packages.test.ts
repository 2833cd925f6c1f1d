/**
 * The npm packages as a web developer gets them: `npm run build:npm` packs
 * @vegafusion-ts/proto, @vegafusion-ts/runtime and @vegafusion-ts/react; a new npm project
 * in a temporary folder installs the three tarballs (and React); its `vegafusion-runtime`
 * bin starts the runtime, and a page bundled from that project's node_modules (React +
 * `VegaFusionChart`) draws a chart whose data only the runtime can read, in Chromium.
 * Nothing of the checkout is reachable from the project but the tarballs.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TOKEN = 'npm-package-test-token';
const ROWS = 5000;

let work: string;
let project: string;
let tarballs: string[] = [];
let child: ChildProcess | undefined;
let url = '';
let stderr = '';
let browser: Browser | undefined;

function run(command: string, args: string[], cwd: string): string {
  const done = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (done.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${done.status}):\n${done.stdout}\n${done.stderr}`);
  return done.stdout;
}

/** The page's entry: React renders the packaged component against the packaged runtime. */
const PAGE = `
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { VegaFusionChart } from '@vegafusion-ts/react';

const spec = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  data: { url: 'data/points.csv' },
  mark: 'bar',
  encoding: { x: { field: 'group', type: 'nominal' }, y: { aggregate: 'count', type: 'quantitative' } },
  width: 300, height: 150,
};
createRoot(document.getElementById('root')).render(createElement(VegaFusionChart, {
  spec, runtime: window.location.origin, token: window.RUNTIME_TOKEN, embedOptions: { renderer: 'svg', actions: false },
  onError: (e) => console.error(String(e)),
}));
`;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'vegafusion-npm-'));
  const packed = join(work, 'packed');
  run(process.execPath, [join(REPO_ROOT, 'scripts', 'package', 'build-npm.mjs'), '--out', packed], REPO_ROOT);
  tarballs = readdirSync(packed).filter((f) => f.endsWith('.tgz')).map((f) => join(packed, f));
  project = join(work, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'try-vegafusion', private: true, type: 'module' }));
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...tarballs, 'react@19', 'react-dom@19'], project);

  // Data only the runtime reads: a CSV in its data root, outside the page's folder.
  const data = join(work, 'data-root', 'data');
  mkdirSync(data, { recursive: true });
  const groups = ['a', 'b', 'c'];
  writeFileSync(join(data, 'points.csv'), `group,value\n${Array.from({ length: ROWS }, (_, i) => `${groups[i % 7 < 4 ? 0 : i % 7 < 6 ? 1 : 2]},${i}`).join('\n')}\n`);
  const site = join(work, 'site');
  mkdirSync(site);
  writeFileSync(join(project, 'page.js'), PAGE);
  await build({
    entryPoints: [join(project, 'page.js')], bundle: true, format: 'esm', platform: 'browser', outfile: join(site, 'page.js'),
    absWorkingDir: project, nodePaths: [], logLevel: 'error', define: { 'process.env.NODE_ENV': '"production"' },
  });
  writeFileSync(join(site, 'index.html'), `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script>window.RUNTIME_TOKEN = ${JSON.stringify(TOKEN)};</script><div id="root"></div><script type="module" src="page.js"></script>`);

  const bin = join(project, 'node_modules', '.bin', 'vegafusion-runtime');
  child = spawn(bin, ['--port', '0', '--data-root', join(work, 'data-root'), '--static-dir', site, '--log-level', 'warn'], {
    cwd: project, env: { PATH: process.env.PATH ?? '', HOME: work, TZ: 'UTC', VEGAFUSION_TOKEN: TOKEN }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
  url = await new Promise<string>((done, fail) => {
    let stdout = '';
    const timer = setTimeout(() => fail(new Error(`the installed runtime did not start:\n${stderr}`)), 30_000);
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
      fail(new Error(`the installed runtime exited with ${code}:\n${stderr}`));
    });
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  child?.kill('SIGKILL');
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the npm packages', () => {
  it('are compiled ES modules with types, the runtime with a bin, React a peer', () => {
    expect(tarballs.map((t) => t.split('/').pop()).sort()).toEqual(['vegafusion-ts-proto-0.1.0.tgz', 'vegafusion-ts-react-0.1.0.tgz', 'vegafusion-ts-runtime-0.1.0.tgz']);
    const installed = (name: string) => JSON.parse(readFileSync(join(project, 'node_modules', '@vegafusion-ts', name, 'package.json'), 'utf8')) as Record<string, unknown>;
    for (const name of ['proto', 'runtime', 'react']) {
      const pkg = installed(name);
      expect(pkg.exports).toEqual({ '.': { types: './dist/index.d.ts', import: './dist/index.js' } });
      expect(existsSync(join(project, 'node_modules', '@vegafusion-ts', name, 'dist', 'index.d.ts'))).toBe(true);
      expect(readdirSync(join(project, 'node_modules', '@vegafusion-ts', name, 'dist'), { recursive: true }).some((f) => String(f).endsWith('.ts') && !String(f).endsWith('.d.ts'))).toBe(false);
    }
    expect(installed('runtime').bin).toEqual({ 'vegafusion-runtime': 'bin/vegafusion-runtime.mjs' });
    expect(installed('react').peerDependencies).toMatchObject({ react: expect.any(String), 'react-dom': expect.any(String) });
    expect(installed('react').dependencies).not.toHaveProperty('react');
  });

  it('run: the bin serves a page whose React chart gets its bars from the runtime', async () => {
    const health = await (await fetch(`${url}/health`)).json() as { status: string };
    expect(health.status).toBe('ok');
    if (!existsSync(CHROMIUM)) return;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${url}/`);
    const bars = page.locator('.mark-rect path');
    await bars.first().waitFor({ state: 'attached', timeout: 30_000 });
    expect(await bars.count()).toBe(3);
    expect(errors).toEqual([]);
    const metrics = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    const queries = /^vegafusion_queries_total (\d+)/m.exec(metrics);
    expect(Number(queries?.[1])).toBeGreaterThan(0);
  });
});
