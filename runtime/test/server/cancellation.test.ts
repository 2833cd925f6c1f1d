/**
 * Cancellation and the query time limit stop work in DuckDB, also when the work is a
 * computation shared through the caches, unless another request still waits for it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrowToRows, decodeArrow, Namespace, type ITaskGraph } from '@vegafusion-ts/proto';
import { startRuntime, silentLogger, type RuntimeHandle } from '../../src/index.js';
import { connect, type TestClient } from '../support/ws-client.js';
import { metricValue, waitUntil } from './helpers.js';

const data = (name: string) => ({ name, namespace: Namespace.NAMESPACE_DATA });

/** A dataset whose SQL runs for seconds: a window sort over `rows` generated rows. */
function slowPipeline(rows: number, salt = 7919): unknown[] {
  return [
    { type: 'sequence', start: 0, stop: rows },
    { type: 'formula', as: 'k', expr: `(datum.data * ${salt}) % 1000003` },
    { type: 'window', sort: { field: 'k' }, ops: ['rank'], as: ['r'] },
  ];
}

function slowGraph(rows: number, salt?: number): ITaskGraph {
  return {
    nodes: [{
      variable: data('d'),
      task: { values: { valuesJson: '[]', pipelineJson: JSON.stringify([...slowPipeline(rows, salt), { type: 'aggregate', ops: ['max'], fields: ['r'], as: ['m'] }]) } },
    }],
  };
}

/** A slow dataset read by two others: it is materialized into a table (an `exec`). */
function materializedGraph(rows: number): ITaskGraph {
  const agg = (op: string) => JSON.stringify([{ type: 'aggregate', ops: [op], fields: ['r'], as: ['v'] }]);
  return {
    nodes: [
      { variable: data('base'), task: { values: { valuesJson: '[]', pipelineJson: JSON.stringify(slowPipeline(rows, 104729)) } } },
      { variable: data('a'), task: { source: { source: 'base', pipelineJson: agg('max') } }, parents: [0] },
      { variable: data('b'), task: { source: { source: 'base', pipelineJson: agg('min') } }, parents: [0] },
    ],
  };
}

let runtime: RuntimeHandle;
let nextId = 1;

const engineStats = () => runtime.services.engine.stats!();
const metrics = async () => (await fetch(`${runtime.url}/metrics`)).text();

beforeAll(async () => {
  runtime = await startRuntime({ port: 0, logger: silentLogger, queryTimeoutMs: 60_000 });
});

afterAll(async () => {
  await runtime?.close();
});

describe('cancelling a query', () => {
  let client: TestClient;
  beforeAll(async () => {
    client = await connect(runtime.url);
  });
  afterAll(() => client?.close());

  it('interrupts its DuckDB statement and frees the connection at once', async () => {
    const before = engineStats().interrupted;
    const id = nextId++;
    const reply = client.query({ requestId: id, timeZone: 'UTC', graph: slowGraph(10_000_000), items: [{ node: 0 }] });
    await waitUntil(() => engineStats().busy > 0, 5000, 'the slow statement to start');
    await new Promise((r) => setTimeout(r, 200));
    const cancelledAt = performance.now();
    client.send({ cancel: { requestId: id } });
    const answer = await reply;
    expect(answer.error).toMatchObject({ requestId: id, code: 'cancelled' });
    await waitUntil(() => engineStats().busy === 0, 3000, 'the engine to go idle');
    // Uncancelled, this statement runs for many seconds on two cores.
    expect(performance.now() - cancelledAt).toBeLessThan(2500);
    expect(engineStats().interrupted).toBeGreaterThan(before);
    const text = await metrics();
    expect(metricValue(text, 'vegafusion_queries_cancelled_total')).toBeGreaterThanOrEqual(1);
    expect(metricValue(text, 'vegafusion_engine_interrupted_total')).toBeGreaterThanOrEqual(1);
    expect(metricValue(text, 'vegafusion_computations_abandoned_total')).toBeGreaterThanOrEqual(1);
    expect(metricValue(text, 'vegafusion_engine_busy')).toBe(0);
  });

  it('interrupts a materialization (CREATE TABLE ... AS) as well', async () => {
    const before = engineStats().interrupted;
    const id = nextId++;
    const reply = client.query({ requestId: id, timeZone: 'UTC', graph: materializedGraph(10_000_000), items: [{ node: 1 }, { node: 2 }] });
    await waitUntil(() => engineStats().busy > 0, 5000, 'the materialization to start');
    await new Promise((r) => setTimeout(r, 200));
    const cancelledAt = performance.now();
    client.send({ cancel: { requestId: id } });
    expect((await reply).error?.code).toBe('cancelled');
    await waitUntil(() => engineStats().busy === 0, 3000, 'the engine to go idle');
    expect(performance.now() - cancelledAt).toBeLessThan(2500);
    expect(engineStats().interrupted).toBeGreaterThan(before);
  });

  it('stops the work of a connection that closes mid-query', async () => {
    const other = await connect(runtime.url);
    const before = engineStats().interrupted;
    other.send({ query: { requestId: 1, timeZone: 'UTC', graph: slowGraph(10_000_000, 15485863), items: [{ node: 0 }] } });
    await waitUntil(() => engineStats().busy > 0, 5000, 'the slow statement to start');
    // Past loading the rows: the long statement is running.
    await new Promise((r) => setTimeout(r, 200));
    other.close();
    await waitUntil(() => engineStats().busy === 0, 5000, 'the engine to go idle');
    expect(engineStats().interrupted).toBeGreaterThan(before);
    expect(metricValue(await metrics(), 'vegafusion_queries_abandoned_total')).toBeGreaterThanOrEqual(1);
  });

  it('keeps a shared computation running for the session still waiting for it', async () => {
    const a = await connect(runtime.url);
    const b = await connect(runtime.url);
    try {
      const graph = slowGraph(900_000, 31);
      const abandonedBefore = runtime.services.runs!.stats().abandoned;
      const first = a.query({ requestId: 1, timeZone: 'UTC', graph, items: [{ node: 0 }] });
      await waitUntil(() => engineStats().busy > 0, 5000, 'the statement to start');
      const second = b.query({ requestId: 1, timeZone: 'UTC', graph, items: [{ node: 0 }] });
      await new Promise((r) => setTimeout(r, 100));
      a.send({ cancel: { requestId: 1 } });
      expect((await first).error?.code).toBe('cancelled');
      const answer = await second;
      expect(answer.error).toBeFalsy();
      const rows = arrowToRows(decodeArrow(answer.result!.values![0].value!.arrow!));
      // Ranks of rows whose keys are distinct (31 * i mod a prime): the largest is the row count.
      expect(rows).toEqual([{ m: 900_000 }]);
      expect(runtime.services.runs!.stats().abandoned).toBe(abandonedBefore);
    } finally {
      a.close();
      b.close();
    }
  });
});

describe('the query time limit', () => {
  let limited: RuntimeHandle;
  beforeAll(async () => {
    limited = await startRuntime({ port: 0, logger: silentLogger, queryTimeoutMs: 400 });
  });
  afterAll(async () => limited?.close());

  it('stops the statement in DuckDB and answers limit_exceeded', async () => {
    const client = await connect(limited.url);
    try {
      const started = performance.now();
      const reply = await client.query({ requestId: 1, timeZone: 'UTC', graph: slowGraph(10_000_000, 7), items: [{ node: 0 }] });
      expect(reply.error).toMatchObject({ requestId: 1, code: 'limit_exceeded' });
      expect(reply.error?.message).toContain('400 ms');
      expect(performance.now() - started).toBeLessThan(2000);
      const stats = limited.services.engine.stats!();
      await waitUntil(() => limited.services.engine.stats!().busy === 0, 3000, 'the engine to go idle');
      expect(stats.interrupted).toBeGreaterThanOrEqual(1);
      const text = await (await fetch(`${limited.url}/metrics`)).text();
      expect(metricValue(text, 'vegafusion_queries_timed_out_total')).toBe(1);
      // The connection keeps serving.
      const ok = await client.query({ requestId: 2, timeZone: 'UTC', graph: slowGraph(1000), items: [{ node: 0 }] });
      expect(arrowToRows(decodeArrow(ok.result!.values![0].value!.arrow!))).toEqual([{ m: 1000 }]);
    } finally {
      client.close();
    }
  });
});
