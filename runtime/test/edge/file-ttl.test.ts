/**
 * An edge holds no files, so it cannot see one change: values read from a data file are
 * answered from its cache for a period (fileTtlMs), then asked upstream again, where the
 * changed file is seen. Uploads are named by their content and stay cached. The edge's
 * clock is injected; nothing waits.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrowToRows, decodeArrow, Namespace, type IQuery } from '@vegafusion-ts/proto';
import { createServices, defaultConfig, silentLogger, startRuntime, type RuntimeHandle } from '../../src/index.js';
import { createEdge, type Edge } from '../../src/edge/index.js';
import type { SqlEngine } from '../../src/engine/duckdb.js';

let root: string;
let upstream: RuntimeHandle;
let engine: SqlEngine;
let edge: Edge;
let clock = 20 * 60_000; // the start of a period

const total = (url: string, format: string): IQuery => ({
  requestId: 1, timeZone: 'UTC', items: [{ node: 0 }],
  graph: { nodes: [{ variable: { name: 't', namespace: Namespace.NAMESPACE_DATA }, task: { url: { url, formatJson: JSON.stringify({ type: format }), pipelineJson: JSON.stringify([{ type: 'aggregate', ops: ['sum'], fields: ['v'], as: ['s'] }]) } } }] },
});

async function ask(query: IQuery): Promise<{ origin: string; sum: unknown }> {
  const result = await edge.answer(query, new AbortController().signal);
  const value = result.values![0];
  return { origin: value.origin ?? '', sum: arrowToRows(decodeArrow(value.value!.arrow!))[0].s };
}

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'vf-edge-ttl-'));
  mkdirSync(path.join(root, 'data'));
  writeFileSync(path.join(root, 'data', 't.json'), JSON.stringify([{ v: 1 }, { v: 2 }]));
  upstream = await startRuntime({ port: 0, logger: silentLogger, dataRoots: [root] });
  const made = await createServices({ ...defaultConfig(), dataRoots: [] });
  engine = made.engine;
  edge = createEdge({
    upstream: `ws://127.0.0.1:${upstream.port}/ws`, services: made.services, cacheBytes: 64 * 1024 * 1024,
    maxInlineBytes: 1024 * 1024, fileTtlMs: 60_000, now: () => clock, logger: silentLogger,
  });
}, 60_000);

afterAll(async () => {
  edge?.close();
  await engine?.close();
  await upstream?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('values from data files at an edge', () => {
  it('are asked upstream again once a period, and a changed file is then seen', async () => {
    expect(await ask(total('data/t.json', 'json'))).toEqual({ origin: 'upstream>computed', sum: 3 });
    writeFileSync(path.join(root, 'data', 't.json'), JSON.stringify([{ v: 1 }, { v: 2 }, { v: 40 }]));
    // Within the period the edge answers what it holds.
    clock += 30_000;
    expect(await ask(total('data/t.json', 'json'))).toEqual({ origin: 'edge-cache', sum: 3 });
    clock += 30_000;
    expect(await ask(total('data/t.json', 'json'))).toEqual({ origin: 'upstream>computed', sum: 43 });
  });

  it('keep uploads, named by their content, whatever the clock', async () => {
    const stored = await upstream.sources.uploads.put(new TextEncoder().encode(JSON.stringify([{ v: 5 }, { v: 6 }])), 'json');
    expect(await ask(total(stored.url, 'json'))).toEqual({ origin: 'upstream>computed', sum: 11 });
    clock += 10 * 60_000;
    expect(await ask(total(stored.url, 'json'))).toEqual({ origin: 'edge-cache', sum: 11 });
  });
});
