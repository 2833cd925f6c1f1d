/**
 * DuckDB locked down: no extension installed or loaded on demand, files only in the
 * allowed folders, spill files in the runtime's folder, a memory limit from the budget,
 * and a configuration no later statement can change. Each forbidden thing is tried.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrowToRows, decodeArrow, Namespace } from '@vegafusion-ts/proto';
import { createDuckDbEngine, type SqlEngine } from '../../src/engine/duckdb.js';
import { QueryError } from '../../src/errors.js';
import { startRuntime, silentLogger } from '../../src/index.js';
import { createRuntimeDir, removeStaleRuntimeDirs } from '../../src/runtime-dir.js';
import { connect } from '../support/ws-client.js';

let work: string;
let root: string;
let outside: string;
let engine: SqlEngine;

const setting = async (name: string) => (await engine.queryRows(`SELECT current_setting('${name}')::VARCHAR AS v`))[0].v;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'vf-harden-'));
  root = path.join(work, 'root');
  outside = path.join(work, 'outside');
  mkdirSync(root);
  mkdirSync(outside);
  mkdirSync(path.join(work, 'spill'));
  for (const dir of [root, outside]) {
    writeFileSync(path.join(dir, 'a.csv'), 'x,y\n1,2\n');
    writeFileSync(path.join(dir, 'a.json'), '[{"x": 1}]');
  }
  // Parquet files written before the lock, by an engine without one.
  const writer = await createDuckDbEngine({ connections: 1 });
  for (const dir of [root, outside]) await writer.exec(`COPY (SELECT 1 AS x) TO '${path.join(dir, 'a.parquet')}' (FORMAT parquet)`);
  await writer.close();
  engine = await createDuckDbEngine({
    connections: 2, memoryLimit: '300MiB', tempDirectory: path.join(work, 'spill'), allowedDirectories: [root], lockConfiguration: true,
  });
});

afterAll(async () => {
  await engine?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('a hardened DuckDB engine', () => {
  it('reads CSV, JSON and Parquet inside the allowed folders', async () => {
    expect(await engine.queryRows(`SELECT x FROM read_csv('${path.join(root, 'a.csv')}')`)).toEqual([{ x: 1 }]);
    expect(await engine.queryRows(`SELECT x FROM read_json('${path.join(root, 'a.json')}')`)).toEqual([{ x: 1 }]);
    expect(await engine.queryRows(`SELECT x FROM read_parquet('${path.join(root, 'a.parquet')}')`)).toEqual([{ x: 1 }]);
  });

  it('opens no file outside them, however named', async () => {
    for (const sql of [
      `SELECT * FROM read_csv('${path.join(outside, 'a.csv')}')`,
      `SELECT * FROM read_parquet('${path.join(outside, 'a.parquet')}')`,
      `SELECT * FROM read_json('${path.join(root, '..', 'outside', 'a.json')}')`,
      "SELECT * FROM read_text('/etc/passwd')",
      `ATTACH '${path.join(outside, 'x.duckdb')}'`,
      `COPY (SELECT 1) TO '${path.join(outside, 'w.csv')}'`,
    ]) {
      await expect(engine.queryRows(sql), sql).rejects.toBeInstanceOf(QueryError);
    }
    expect(existsSync(path.join(outside, 'x.duckdb'))).toBe(false);
    expect(existsSync(path.join(outside, 'w.csv'))).toBe(false);
  });

  it('installs and loads no extension', async () => {
    expect(await setting('autoinstall_known_extensions')).toBe('false');
    expect(await setting('autoload_known_extensions')).toBe('false');
    await expect(engine.exec('INSTALL httpfs')).rejects.toBeInstanceOf(QueryError);
    await expect(engine.exec('LOAD httpfs')).rejects.toBeInstanceOf(QueryError);
    await expect(engine.queryRows("SELECT * FROM read_csv('https://example.com/a.csv')")).rejects.toBeInstanceOf(QueryError);
  });

  it('keeps its settings: the configuration is locked', async () => {
    for (const sql of [
      'SET lock_configuration = false', 'SET enable_external_access = true', "SET allowed_directories = ['/']",
      "SET memory_limit = '100GB'", "SET temp_directory = '/tmp'", 'SET autoload_known_extensions = true', "SET GLOBAL TimeZone = 'Europe/Paris'",
    ]) {
      await expect(engine.exec(sql), sql).rejects.toBeInstanceOf(QueryError);
    }
    expect(await setting('enable_external_access')).toBe('false');
    expect(await setting('temp_directory')).toBe(path.join(work, 'spill'));
    expect(await setting('memory_limit')).toMatch(/^(300\.0 MiB|314\.5 MB)$/);
    expect(await setting('TimeZone')).toBe('UTC');
  });
});

describe('the runtime folder', () => {
  it('is where a runtime keeps its files, limited to it and the data roots, and removed on close', async () => {
    const parquet = path.join(root, 'a.parquet');
    const storeDir = path.join(work, 'store');
    const runtime = await startRuntime({ port: 0, logger: silentLogger, dataRoots: [root], memoryBudgetBytes: 2 * 1024 ** 3, storeDir });
    expect(existsSync(path.join(runtime.dir, 'duckdb'))).toBe(true);
    const client = await connect(runtime.url);
    try {
      const read = (url: string, type: string) => client.query({
        requestId: 1, timeZone: 'UTC', items: [{ node: 0 }],
        graph: { nodes: [{ variable: { name: 'd', namespace: Namespace.NAMESPACE_DATA }, task: { url: { url, formatJson: JSON.stringify({ type }) } } }] },
      });
      for (const [file, type] of [['a.csv', 'csv'], ['a.json', 'json'], ['a.parquet', 'parquet']]) {
        const reply = await read(file, type);
        expect(reply.error, file).toBeFalsy();
        expect(arrowToRows(decodeArrow(reply.result!.values![0].value!.arrow!)).length, file).toBe(1);
      }
      // An uploaded Parquet file is read by DuckDB in place, from the upload store (which outlives the runtime).
      const bytes = new Uint8Array(readFileSync(parquet));
      const info = await runtime.sources.uploads.put(bytes, 'parquet');
      expect(info.rows).toBe(1);
      expect(existsSync(path.join(storeDir, `${info.hash}.parquet`))).toBe(true);
      const engineSetting = async (name: string) => (await runtime.services.engine.queryRows(`SELECT current_setting('${name}')::VARCHAR AS v`))[0].v as string;
      const temp = await engineSetting('temp_directory');
      expect(temp).toBe(path.join(runtime.dir, 'duckdb'));
      expect(temp.startsWith(process.cwd())).toBe(false);
      expect(await engineSetting('memory_limit')).toMatch(/^(1\.0 GiB|1024\.0 MiB|1\.0 GB|1\.1 GB)$/);
      await expect(runtime.services.engine.queryRows(`SELECT * FROM read_csv('${path.join(outside, 'a.csv')}')`)).rejects.toBeInstanceOf(QueryError);
    } finally {
      client.close();
      await runtime.close();
    }
    expect(existsSync(runtime.dir)).toBe(false);
  });

  it('of a runtime that died is removed when the next one starts', () => {
    const parent = mkdtempSync(path.join(work, 'tmp-'));
    const dead = createRuntimeDir(parent);
    writeFileSync(path.join(dead.path, 'pid'), '999999999');
    const living = createRuntimeDir(parent);
    expect(existsSync(dead.path)).toBe(false);
    expect(existsSync(living.path)).toBe(true);
    expect(removeStaleRuntimeDirs(parent)).toBe(0);
    living.remove();
    expect(existsSync(living.path)).toBe(false);
  });
});
