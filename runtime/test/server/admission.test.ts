/**
 * Admission over a real runtime and WebSocket: a runtime-wide bound on queries running,
 * connections taking turns so a flood from many connections cannot starve a bystander's
 * single cheap query, the wait counting toward the time limit, a per-connection bound
 * answered with `busy`, and the queue reported in /metrics.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Namespace, type ITaskGraph, type ServerMessage } from '@vegafusion-ts/proto';
import { startRuntime, silentLogger, type RuntimeHandle } from '../../src/index.js';
import { connect, type TestClient } from '../support/ws-client.js';
import { metricValue, waitUntil } from './helpers.js';

const data = (pipeline: unknown[]): ITaskGraph => ({
  nodes: [{ variable: { name: 'd', namespace: Namespace.NAMESPACE_DATA }, task: { values: { valuesJson: '[]', pipelineJson: JSON.stringify(pipeline) } } }],
});

/** Tens of milliseconds of DuckDB work, a different statement for each salt (no sharing). */
const slow = (salt: number) => data([
  { type: 'sequence', start: 0, stop: 100_000 },
  { type: 'formula', as: 'k', expr: `(datum.data * ${salt}) % 1000003` },
  { type: 'window', sort: { field: 'k' }, ops: ['rank'], as: ['r'] },
  { type: 'aggregate', ops: ['max'], fields: ['r'], as: ['m'] },
]);
const cheap = (n: number) => data([{ type: 'sequence', start: 0, stop: n }]);

const FLOODERS = 10;
const EACH = 16;
const RUNNING = 2;

describe('admission across connections', () => {
  let runtime: RuntimeHandle;
  const clients: TestClient[] = [];
  beforeAll(async () => {
    runtime = await startRuntime({ port: 0, logger: silentLogger, maxRunningQueries: RUNNING, maxConcurrentQueries: EACH, queryTimeoutMs: 120_000 });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await runtime?.close();
  });

  it('answers a bystander\'s single query within a turn of each flooding connection', async () => {
    for (let i = 0; i <= FLOODERS; i++) clients.push(await connect(runtime.url));
    const bystander = clients[FLOODERS];
    // Arrival order of every reply, flood and bystander alike.
    const order: string[] = [];
    const flood: Promise<ServerMessage>[] = [];
    let salt = 7919;
    for (let q = 0; q < EACH; q++) {
      for (let c = 0; c < FLOODERS; c++) {
        const id = q + 1;
        flood.push(clients[c].query({ requestId: id, timeZone: 'UTC', graph: slow(salt++), items: [{ node: 0 }] }).then((m) => {
          order.push(`flood ${c}/${id}`);
          return m;
        }));
      }
    }
    await waitUntil(() => runtime.server.metrics.queries === FLOODERS * EACH, 10_000, 'the flood to arrive');
    const text = await (await fetch(`${runtime.url}/metrics`)).text();
    expect(metricValue(text, 'vegafusion_queries_running')).toBeLessThanOrEqual(RUNNING);
    expect(metricValue(text, 'vegafusion_queries_queued')).toBeGreaterThan(FLOODERS * EACH / 2);
    expect(metricValue(text, 'vegafusion_queue_connections')).toBe(FLOODERS);

    const sentAfter = order.length;
    const reply = await bystander.query({ requestId: 1, timeZone: 'UTC', graph: cheap(3), items: [{ node: 0 }] });
    order.push('bystander');
    expect(reply.error).toBeFalsy();
    // Ahead of it: at most one turn of each flooder, besides the queries running when it
    // was sent and arrived and those finishing while it ran (without turns: nearly all 160).
    const ahead = order.indexOf('bystander') - sentAfter;
    expect(ahead).toBeLessThanOrEqual(FLOODERS + 3 * RUNNING);

    const replies = await Promise.all(flood);
    expect(replies.every((m) => m.result)).toBe(true);
    const after = await (await fetch(`${runtime.url}/metrics`)).text();
    expect(metricValue(after, 'vegafusion_queries_queued')).toBe(0);
    expect(metricValue(after, 'vegafusion_queries_admitted_total')).toBe(FLOODERS * EACH + 1);
    expect(metricValue(after, 'vegafusion_query_queue_wait_seconds_count')).toBe(FLOODERS * EACH + 1);
    expect(metricValue(after, 'vegafusion_query_queue_wait_seconds_sum')).toBeGreaterThan(0);
  }, 120_000);
});

describe('bounds on one connection', () => {
  let runtime: RuntimeHandle;
  let client: TestClient;
  // A data host that never answers: a query reading from it holds its slot until its time limit.
  const hanging = createServer(() => undefined);
  let hangingUrl = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
    runtime = await startRuntime({ port: 0, logger: silentLogger, maxRunningQueries: 1, maxConcurrentQueries: 4, queryTimeoutMs: 1500, allowedHosts: ['127.0.0.1'] });
    client = await connect(runtime.url);
  });
  afterAll(async () => {
    client?.close();
    hanging.closeAllConnections();
    hanging.close();
    await runtime?.close();
  });
  const stuck = (name: string): ITaskGraph => ({
    nodes: [{ variable: { name: 'd', namespace: Namespace.NAMESPACE_DATA }, task: { url: { url: `${hangingUrl}/${name}.json`, formatJson: '{"type":"json"}' } } }],
  });

  it('refuses queries past its bound with busy, not queueing them', async () => {
    // The first holds the one slot: all six arrive while four are in flight.
    const replies = await Promise.all([1, 2, 3, 4, 5, 6].map((id) => client.query({ requestId: id, timeZone: 'UTC', graph: id === 1 ? stuck('a') : cheap(id), items: [{ node: 0 }] })));
    const busy = replies.filter((m) => m.error?.code === 'busy');
    expect(busy.map((m) => m.error!.requestId)).toEqual([5, 6]);
    expect(busy[0].error!.message).toContain('the limit is 4');
    expect(replies[0].error?.message).toMatch(/^Query 1 took longer than 1500 ms/);
  }, 30_000);
});
