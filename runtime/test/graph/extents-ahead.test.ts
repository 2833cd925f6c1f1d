/**
 * A dataset's first extent also computes, in the same scan, the extents of the datasets
 * built on it whose fields are its columns or formulas of them (a crossfilter's derived
 * time of day): their bins then start at once. The values are what Vega computes, and a
 * value computed ahead serves only the pipeline it was computed for, however the caches
 * mix graphs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrowToRows, decodeArrow, Namespace, type ITaskGraph, type ITaskNode } from '@vegafusion-ts/proto';
import { createServices, defaultConfig, evaluateQuery, type EvaluateServices } from '../../src/index.js';
import type { SqlEngine } from '../../src/engine/duckdb.js';
import { expectRowsEqual } from '../support/compare.js';
import { runVega, type Row } from '../support/vega-oracle.js';

const rows: Row[] = Array.from({ length: 300 }, (_, i) => ({
  a: ((i * 7) % 50) - 5, b: i % 13 === 0 ? null : ((i * 3.7) % 40), c: i % 11, d: new Date(Date.UTC(2020, 0, 1, i % 24, (i * 7) % 60)),
}));

const extentBin = (field: string, signal: string, as: [string, string]) => [
  { type: 'extent', field, signal },
  { type: 'bin', field, extent: { signal }, maxbins: 10, as },
];
const count = (as: [string, string]) => ({ type: 'aggregate', groupby: as, ops: ['count'], fields: [null], as: ['n'] });

const parent = [...extentBin('a', 'ea', ['a0', 'a1']), { type: 'formula', expr: 'datum.b * 2', as: 't' }];
const childT = [...extentBin('t', 'et', ['t0', 't1']), count(['t0', 't1'])];
const childU = (expr: string) => [{ type: 'formula', expr, as: 'u' }, ...extentBin('u', 'eu', ['u0', 'u1']), count(['u0', 'u1'])];
// Reads a bin's output: its extent cannot be taken before the bin.
const childV = [{ type: 'formula', expr: 'datum.a0 * 2', as: 'v' }, ...extentBin('v', 'ev', ['v0', 'v1']), count(['v0', 'v1'])];

function graph(children: unknown[][]): ITaskGraph {
  const data = (name: string) => ({ name, namespace: Namespace.NAMESPACE_DATA });
  const nodes: ITaskNode[] = [
    { variable: data('source'), task: { values: { valuesJson: JSON.stringify(rows), formatJson: '{"parse":{"d":"date"}}', pipelineJson: JSON.stringify(parent) } } },
    ...children.map((p, i) => ({ variable: data(`child${i}`), task: { source: { source: 'source', pipelineJson: JSON.stringify(p) } }, parents: [0] })),
  ];
  return { nodes };
}

let services: EvaluateServices;
let engine: SqlEngine;
const extentQueries: string[] = [];

beforeAll(async () => {
  const made = await createServices(defaultConfig());
  services = made.services;
  engine = made.engine;
  const queryRows = engine.queryRows.bind(engine);
  engine.queryRows = async (sql, signal) => {
    if (sql.includes('AS lo0')) extentQueries.push(sql);
    return queryRows(sql, signal);
  };
});
afterAll(async () => engine?.close());

async function expectVega(children: unknown[][], queries: number): Promise<void> {
  const before = extentQueries.length;
  const r = await evaluateQuery({ timeZone: 'UTC', graph: graph(children), items: children.map((_, i) => ({ node: i + 1 })) }, services);
  expect(extentQueries.length - before).toBe(queries);
  for (const [i, child] of children.entries()) {
    const expected = await runVega({ values: rows, transform: [...parent, ...child] });
    expectRowsEqual(arrowToRows(decodeArrow(r.values![i].value!.arrow!)), expected.rows);
  }
}

describe('extents computed ahead for the datasets built on a dataset', () => {
  it('takes the extents of a child\'s formula fields in the parent\'s first scan', async () => {
    // a, t (the parent's formula) and u (the child's formula over the parent's columns): one scan; v: its own.
    await expectVega([childT, childU('datum.c + datum.a'), childV], 2);
  });

  it('computes a changed child\'s extent afresh though the parent comes from the cache', async () => {
    // Same signal and field names, other values: the parent's cached values are not this child's.
    await expectVega([childU('datum.c * 3 - datum.a + hours(datum.d)')], 1);
    await expectVega([childU('datum.c + datum.a')], 0);
  });
});
