/**
 * A dataset read by several others is computed once into a table when its pipeline is
 * costly (a window, an aggregate); row-by-row pipelines are left for each reader to
 * stream. When the table goes away under a cached preparation (eviction), the next
 * request still gets its answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrowToRows, decodeArrow, Namespace, type ITaskGraph } from '@vegafusion-ts/proto';
import { createServices, defaultConfig, evaluateQuery, silentLogger, type EvaluateServices } from '../../src/index.js';
import type { SqlEngine } from '../../src/engine/duckdb.js';

const data = (name: string) => ({ name, namespace: Namespace.NAMESPACE_DATA });
const graph: ITaskGraph = {
  nodes: [
    { variable: data('source'), task: { url: { url: 'data/cars.json', formatJson: '{"type":"json"}', pipelineJson: '[{"type":"window","ops":["row_number"],"as":["rn"]},{"type":"formula","expr":"datum.Horsepower * 2","as":"hp2"}]' } } },
    { variable: data('a'), task: { source: { source: 'source', pipelineJson: '[{"type":"aggregate","groupby":["Origin"],"ops":["max"],"fields":["hp2"],"as":["m"]}]' } }, parents: [0] },
    { variable: data('b'), task: { source: { source: 'source', pipelineJson: '[{"type":"aggregate","groupby":["Cylinders"],"ops":["count"],"as":["n"]}]' } }, parents: [0] },
  ],
};

let services: EvaluateServices;
let engine: SqlEngine;
const execs: string[] = [];

beforeAll(async () => {
  const made = await createServices(defaultConfig());
  services = made.services;
  engine = made.engine;
  const exec = engine.exec.bind(engine);
  engine.exec = async (sql) => { execs.push(sql); return exec(sql); };
  void silentLogger;
});
afterAll(async () => engine?.close());

/** The same readers over a source whose pipeline works row by row. */
const streaming: ITaskGraph = {
  nodes: graph.nodes!.map((n, i) => (i === 0
    ? { ...n, task: { url: { ...n.task!.url!, pipelineJson: '[{"type":"formula","expr":"datum.Horsepower * 3","as":"hp2"},{"type":"filter","expr":"datum.Cylinders > 3"}]' } } }
    : n)),
};

describe('materialized datasets', () => {
  it('leaves a shared parent that only streams rows (formula, filter) to its readers', async () => {
    const before = execs.length;
    const result = await evaluateQuery({ requestId: 3, timeZone: 'UTC', graph: streaming, items: [{ node: 1 }, { node: 2 }] }, services);
    expect(execs.slice(before).filter((s) => s.startsWith('CREATE OR REPLACE TABLE "vf_mat_'))).toEqual([]);
    expect(arrowToRows(decodeArrow(result.values![0].value!.arrow!))).toEqual([{ Origin: 'USA', m: 690 }, { Origin: 'Europe', m: 399 }, { Origin: 'Japan', m: 396 }]);
  });

  it('computes a shared parent once into a table and recovers when the table disappears', async () => {
    const first = await evaluateQuery({ requestId: 1, timeZone: 'UTC', graph, items: [{ node: 1 }, { node: 2 }] }, services);
    const created = execs.filter((s) => s.startsWith('CREATE OR REPLACE TABLE "vf_mat_'));
    expect(created).toHaveLength(1);
    const table = /"(vf_mat_[0-9a-f]+)"/.exec(created[0])![1];
    const rows = arrowToRows(decodeArrow(first.values![0].value!.arrow!));
    expect(rows).toEqual([{ Origin: 'USA', m: 460 }, { Origin: 'Europe', m: 266 }, { Origin: 'Japan', m: 264 }]);

    // The table goes (as when its cache entry is evicted) while the preparations stay.
    await engine.exec(`DROP TABLE "${table}"`);
    const again = await evaluateQuery({ requestId: 2, timeZone: 'UTC', graph, items: [{ node: 1, columns: ['m'] }] }, services);
    expect(arrowToRows(decodeArrow(again.values![0].value!.arrow!))).toEqual([{ m: 460 }, { m: 266 }, { m: 264 }]);
  });
});
