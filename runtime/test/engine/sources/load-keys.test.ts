/**
 * State keyed by client-chosen text stays bounded: file loads are keyed only by what
 * changes parsing (a `format` key Vega ignores makes no new table), loads of other parses
 * and inline values are evicted by bytes, and their DuckDB tables go with them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrowToRows, decodeArrow, Namespace, type ITaskGraph } from '@vegafusion-ts/proto';
import { startRuntime, silentLogger, type RuntimeHandle } from '../../../src/index.js';
import { connect, type TestClient } from '../../support/ws-client.js';

let work: string;
let runtime: RuntimeHandle;
let client: TestClient;
let nextId = 1;
const ROWS = 5000;

const urlGraph = (format: object): ITaskGraph => ({
  nodes: [{ variable: { name: 'd', namespace: Namespace.NAMESPACE_DATA }, task: { url: { url: 'rows.csv', formatJson: JSON.stringify(format) } } }],
});
const valuesGraph = (values: unknown[]): ITaskGraph => ({
  nodes: [{ variable: { name: 'd', namespace: Namespace.NAMESPACE_DATA }, task: { value: { json: JSON.stringify(values) } } }],
});

async function tables(): Promise<number> {
  const [{ n }] = await runtime.services.engine.queryRows('SELECT count(*)::DOUBLE AS n FROM duckdb_tables()');
  return Number(n);
}

async function rows(graph: ITaskGraph): Promise<unknown[]> {
  const reply = await client.query({ requestId: nextId++, timeZone: 'UTC', graph, items: [{ node: 0 }] });
  expect(reply.error).toBeFalsy();
  return arrowToRows(decodeArrow(reply.result!.values![0].value!.arrow!));
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'vf-keys-'));
  writeFileSync(path.join(work, 'rows.csv'), `a,b\n${Array.from({ length: ROWS }, (_, i) => `${i},x${i % 7}`).join('\n')}\n`);
  // A budget of 8 MB: 2 MB of loaded files (the CSV is about 45 KB), 256 KB of inline values.
  runtime = await startRuntime({ port: 0, logger: silentLogger, dataRoots: [work], cacheBytes: 256 * 1024, memoryBudgetBytes: 8 * 1024 ** 2 });
  client = await connect(runtime.url);
});

afterAll(async () => {
  client?.close();
  await runtime?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('loads keyed by client-chosen text', () => {
  it('make one table for a file whatever keys a format carries that do not change parsing', async () => {
    const before = await tables();
    const first = await rows(urlGraph({ type: 'csv' }));
    expect(first).toHaveLength(ROWS);
    for (let i = 0; i < 100; i++) {
      expect(await rows(urlGraph({ type: 'csv', junk: i }))).toEqual(first);
    }
    expect(await tables() - before).toBeLessThanOrEqual(1);
  });

  it('keep a bounded number of tables for formats that do change parsing', async () => {
    const before = await tables();
    for (let i = 0; i < 100; i++) {
      const got = await rows(urlGraph({ type: 'csv', parse: { a: 'number', [`c${i}`]: 'number' } }));
      expect(got).toHaveLength(ROWS);
    }
    // 2 MB of 45 KB loads: some 45 tables, whatever the number of parses asked for.
    expect(await tables() - before).toBeLessThan(60);
  });

  it('keep a bounded number of tables for inline values', async () => {
    const before = await tables();
    for (let i = 0; i < 200; i++) {
      expect(await rows(valuesGraph([{ a: i, s: 'y'.repeat(10_000) }, { a: i + 1, s: 'z' }]))).toHaveLength(2);
    }
    // 256 KB of 20 KB values: a dozen tables.
    expect(await tables() - before).toBeLessThan(20);
  });
});
