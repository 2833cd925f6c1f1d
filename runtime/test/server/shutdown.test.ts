/**
 * Graceful shutdown: in-flight queries are answered, idle connections close at once
 * with 1001 (clients reconnect elsewhere), nothing new is accepted, and what arrives on
 * a draining connection is left for the reconnecting client to send again.
 */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { arrowToRows, decodeArrow, Namespace, type ITaskGraph } from '@vegafusion-ts/proto';
import { startRuntime, silentLogger } from '../../src/index.js';
import { connect } from '../support/ws-client.js';
import { waitUntil } from './helpers.js';

function slowGraph(rows: number): ITaskGraph {
  const pipeline = [
    { type: 'sequence', start: 0, stop: rows },
    { type: 'formula', as: 'k', expr: '(datum.data * 31) % 1000003' },
    { type: 'window', sort: { field: 'k' }, ops: ['rank'], as: ['r'] },
    { type: 'aggregate', ops: ['max'], fields: ['r'], as: ['m'] },
  ];
  return { nodes: [{ variable: { name: 'd', namespace: Namespace.NAMESPACE_DATA }, task: { values: { valuesJson: '[]', pipelineJson: JSON.stringify(pipeline) } } }] };
}

const closeCode = (ws: WebSocket) => new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));

describe('graceful shutdown', () => {
  it('answers in-flight queries, then closes every connection with 1001', async () => {
    const runtime = await startRuntime({ port: 0, logger: silentLogger, shutdownGraceMs: 20_000 });
    const busy = await connect(runtime.url);
    const idle = await connect(runtime.url);
    const busyClosed = closeCode(busy.ws);
    const idleClosed = closeCode(idle.ws);
    const answer = busy.query({ requestId: 1, timeZone: 'UTC', graph: slowGraph(600_000), items: [{ node: 0 }] });
    await waitUntil(() => runtime.services.engine.stats!().busy > 0, 5000, 'the query to start');

    const closing = runtime.close();
    expect(runtime.server.draining).toBe(true);
    // The idle connection goes at once; the busy one stays until its answer is sent.
    expect(await idleClosed).toBe(1001);
    expect(busy.ws.readyState).toBe(WebSocket.OPEN);
    expect((await fetch(`${runtime.url}/health`).catch(() => undefined))?.status ?? 503).toBe(503);
    // A query arriving while draining is not started (the client sends it again elsewhere).
    busy.send({ query: { requestId: 2, timeZone: 'UTC', graph: slowGraph(10), items: [{ node: 0 }] } });

    const reply = await answer;
    expect(reply.error).toBeFalsy();
    expect(arrowToRows(decodeArrow(reply.result!.values![0].value!.arrow!))).toEqual([{ m: 600_000 }]);
    expect(await busyClosed).toBe(1001);
    await closing;
    expect(runtime.server.metrics.queries).toBe(1);
  });

  it('refuses new connections while draining', async () => {
    const runtime = await startRuntime({ port: 0, logger: silentLogger });
    const busy = await connect(runtime.url);
    busy.send({ query: { requestId: 1, timeZone: 'UTC', graph: slowGraph(400_000), items: [{ node: 0 }] } });
    await waitUntil(() => runtime.services.engine.stats!().busy > 0, 5000, 'the query to start');
    const closing = runtime.close();
    const outcome = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`${runtime.url.replace('http', 'ws')}/ws`);
      ws.on('unexpected-response', (_req, res) => resolve(`status ${res.statusCode}`));
      ws.on('open', () => resolve('open'));
      ws.on('error', (e) => resolve(`error ${(e as NodeJS.ErrnoException).code ?? e.message}`));
    });
    expect(outcome).toMatch(/status 503|ECONNREFUSED|ECONNRESET/);
    await closing;
  });

  it('cuts off queries still running when the grace period ends', async () => {
    const runtime = await startRuntime({ port: 0, logger: silentLogger, shutdownGraceMs: 200 });
    const busy = await connect(runtime.url);
    const closed = closeCode(busy.ws);
    busy.send({ query: { requestId: 1, timeZone: 'UTC', graph: slowGraph(10_000_000), items: [{ node: 0 }] } });
    await waitUntil(() => runtime.services.engine.stats!().busy > 0, 5000, 'the query to start');
    const started = performance.now();
    await runtime.close();
    expect(await closed).toBe(1001);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
