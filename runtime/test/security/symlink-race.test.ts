/**
 * A folder inside a data root swapped for a link to outside, back and forth, while files
 * are read through it: no read returns a file from outside the roots (the file opened
 * must be the one at the path's real location inside a root, checked after opening).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSourceLoader, type SourceLoader } from '../../src/engine/sources/index.js';
import type { SqlEngine } from '../../src/engine/duckdb.js';
import { testEngine } from '../support/engine.js';

let work: string;
let swapper: ChildProcess | undefined;
let engine: SqlEngine;

beforeAll(async () => {
  engine = await testEngine();
  work = mkdtempSync(path.join(tmpdir(), 'vf-race-'));
  mkdirSync(path.join(work, 'root', 'a'), { recursive: true });
  mkdirSync(path.join(work, 'root', 'b'));
  mkdirSync(path.join(work, 'outside'));
  // Inside: a/f.csv and b/f.csv hold "inside"; outside/f.csv holds the secret.
  writeFileSync(path.join(work, 'root', 'a', 'f.csv'), 'v\ninside\n');
  writeFileSync(path.join(work, 'root', 'b', 'f.csv'), 'v\ninside\n');
  writeFileSync(path.join(work, 'outside', 'f.csv'), 'v\nsecret\n');
  // `root/a` flips between a real folder and a link to `outside` as fast as the shell goes.
  const script = 'cd "$1/root"; while true; do mv a a.dir; ln -s ../outside a; rm a; mv a.dir a; done';
  swapper = spawn('sh', ['-c', script, 'sh', work], { stdio: 'ignore' });
});

afterAll(() => {
  swapper?.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

describe('a folder swapped for a link while it is read', () => {
  it('never yields a file from outside the roots', async () => {
    const values: string[] = [];
    const refused: string[] = [];
    const deadline = Date.now() + 3000;
    while (Date.now() < deadline) {
      // A loader per read, so nothing is served from its cache.
      const loader: SourceLoader = createSourceLoader({ engine, dataRoots: [path.join(work, 'root')] });
      try {
        const relation = await loader.loadUrl('a/f.csv', { type: 'csv' }, { timeZone: 'UTC' });
        const rows = await engine.queryRows(`SELECT v FROM (${relation.sql}) AS t`);
        values.push(String(rows[0]?.v));
      } catch (error) {
        refused.push((error as { code?: string }).code ?? String(error));
      } finally {
        await loader.clear();
      }
    }
    expect(values.length + refused.length).toBeGreaterThan(50);
    expect(values.filter((v) => v !== 'inside')).toEqual([]);
    // Reads that met the folder mid-swap are refused with a coded error, never a raw one.
    for (const code of new Set(refused)) expect(['data_forbidden', 'data_not_found']).toContain(code);
  }, 20_000);
});
