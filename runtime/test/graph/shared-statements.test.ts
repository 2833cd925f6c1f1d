/**
 * Datasets of different nodes that compile to the same statement share one run and one
 * cached result: a crossfilter's histogram filtered by an empty selection and its
 * unfiltered twin cost one scan. Statements over other data, or another state of a file,
 * do not share.
 */
import { copyFileSync, mkdtempSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrowToRows, decodeArrow, Namespace, type ITaskGraph, type ITaskNode } from '@vegafusion-ts/proto';
import { createServices, defaultConfig, evaluateQuery, type EvaluateServices } from '../../src/index.js';
import { defaultDataRoot } from '../../src/config.js';
import type { SqlEngine } from '../../src/engine/duckdb.js';

const data = (name: string) => ({ name, namespace: Namespace.NAMESPACE_DATA });
const HIST = '[{"type":"aggregate","groupby":["bin0","bin1"],"ops":["count"],"fields":[null],"as":["n"]},{"type":"filter","expr":"isValid(datum.bin0)"}]';
const BRUSHED = `[{"type":"filter","expr":"!length(data(\\"brush_store\\")) || vlSelectionTest(\\"brush_store\\", datum)"},${HIST.slice(1)}`;

function crossfilter(url: string, store: unknown[]): ITaskGraph {
  const nodes: ITaskNode[] = [
    {
      variable: data('source'),
      task: { url: { url, formatJson: '{"type":"parquet"}', pipelineJson: '[{"type":"bin","field":"distance","extent":[0,3000],"maxbins":10,"as":["bin0","bin1"]}]' } },
    },
    { variable: data('brush_store'), task: { value: { json: JSON.stringify(store) } } },
    { variable: data('background'), task: { source: { source: 'source', pipelineJson: HIST } }, parents: [0] },
    { variable: data('filtered'), task: { source: { source: 'source', pipelineJson: BRUSHED } }, parents: [0, 1] },
  ];
  return { nodes };
}

const brush = [{ unit: 'u', fields: [{ field: 'distance', channel: 'x', type: 'R' }], values: [[500, 1200]] }];

let services: EvaluateServices;
let engine: SqlEngine;
let dir: string;
const statements: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vf-shared-'));
  copyFileSync(join(defaultDataRoot(), 'data', 'flights-3m.parquet'), join(dir, 'flights.parquet'));
  const made = await createServices({ ...defaultConfig(), dataRoots: [dir] });
  services = made.services;
  engine = made.engine;
  const query = engine.query.bind(engine);
  engine.query = async (sql, signal) => { statements.push(sql); return query(sql, signal); };
  const columns = engine.queryColumns!.bind(engine);
  engine.queryColumns = async (sql, signal) => { statements.push(sql); return columns(sql, signal); };
});
afterAll(async () => engine?.close());

const rowsOf = (r: Awaited<ReturnType<typeof evaluateQuery>>, k: number) => arrowToRows(decodeArrow(r.values![k].value!.arrow!));

describe('identical statements share one result', () => {
  it('answers an empty-selection histogram and its unfiltered twin with one query', async () => {
    const before = statements.length;
    const r = await evaluateQuery({ timeZone: 'UTC', graph: crossfilter('flights.parquet', []), items: [{ node: 2 }, { node: 3 }] }, services);
    expect(statements.length - before).toBe(1);
    expect(rowsOf(r, 1)).toEqual(rowsOf(r, 0));
    expect(rowsOf(r, 0).reduce((n, row) => n + Number(row.n), 0)).toBe(3_000_000);
  });

  it('runs a filtered histogram on its own once the selection holds a range', async () => {
    const before = statements.length;
    const r = await evaluateQuery({ timeZone: 'UTC', graph: crossfilter('flights.parquet', brush), items: [{ node: 2 }, { node: 3 }] }, services);
    // The background comes from the cache; the brushed histogram is a statement of its own.
    expect(statements.length - before).toBe(1);
    const total = rowsOf(r, 1).reduce((n, row) => n + Number(row.n), 0);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(3_000_000);
  });

  it('does not share across states of a file read in place', async () => {
    const graph = crossfilter('flights.parquet', []);
    const first = await evaluateQuery({ timeZone: 'UTC', graph, items: [{ node: 2 }] }, services);
    // Another file under the same name (the same bytes, a new modification time): a new state.
    copyFileSync(join(defaultDataRoot(), 'data', 'flights-3m.parquet'), join(dir, 'flights.parquet'));
    utimesSync(join(dir, 'flights.parquet'), new Date(), new Date(Date.now() + 5000));
    const before = statements.length;
    const second = await evaluateQuery({ timeZone: 'UTC', graph, items: [{ node: 2 }] }, services);
    expect(statements.length - before).toBe(1);
    expect(rowsOf(second, 0)).toEqual(rowsOf(first, 0));
  });
});
