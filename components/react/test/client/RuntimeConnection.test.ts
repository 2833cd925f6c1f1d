import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { tableFromArrays } from 'apache-arrow';
import { decodeArrow, decodeJsonValue, encodeArrow, encodeJsonValue, type INodeValue, type IQuery } from '@vegafusion-ts/proto';
import { createConnection, type RuntimeConnection } from '../../src/client/RuntimeConnection.js';
import { ClientError, RuntimeReplyError } from '../../src/client/errors.js';
import { silentLogger } from '../../src/client/logger.js';
import { startTestRuntime, TEST_CAPABILITIES, type TestRuntime } from './test-runtime.js';
import { waitFor, wsFactory } from './ws-factory.js';

const graph = { nodes: [{ variable: { name: 'x', namespace: 0 }, task: { value: { json: '1' } } }] };

/** Answers each query with its own request id as the value, so a mix-up shows. */
const echoId = (query: IQuery): INodeValue[] => [{ node: 0, value: { json: encodeJsonValue(query.requestId) } }];

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function setup(options: Parameters<typeof startTestRuntime>[0] = {}): Promise<{ runtime: TestRuntime; connection: RuntimeConnection }> {
  const runtime = await startTestRuntime(options);
  cleanup.push(() => runtime.close());
  const connection = createConnection(runtime.url, {
    createWebSocket: wsFactory, logger: silentLogger, reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
  });
  cleanup.push(() => connection.close());
  return { runtime, connection };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('RuntimeConnection', () => {
  it('matches replies to requests by id, not by arrival order', async () => {
    // The first request is answered last.
    const { connection } = await setup({ answer: echoId, delayMs: (q) => (q.requestId === 1 ? 150 : 10) });
    const a = connection.query({ graph, items: [{ node: 0 }], timeZone: 'UTC' });
    const b = connection.query({ graph, items: [{ node: 0 }], timeZone: 'UTC' });
    const order: number[] = [];
    const [ra, rb] = await Promise.all([
      a.result.then((r) => { order.push(a.requestId); return r; }),
      b.result.then((r) => { order.push(b.requestId); return r; }),
    ]);
    expect(order).toEqual([b.requestId, a.requestId]);
    expect(decodeJsonValue(ra.values?.[0].value?.json ?? '')).toBe(a.requestId);
    expect(decodeJsonValue(rb.values?.[0].value?.json ?? '')).toBe(b.requestId);
    expect(ra.requestId).toBe(a.requestId);
  });

  it('puts each reply back together with the tables sent as frames after it', async () => {
    // Two tables and a signal per reply; the test runtime sends every table as a frame.
    const table = (id: number, n: number) => encodeArrow(tableFromArrays({ id: Float64Array.from({ length: n }, () => id), i: Float64Array.from({ length: n }, (_, i) => i) }));
    const answer = (q: IQuery): INodeValue[] => [
      { node: 0, value: { arrow: table(q.requestId ?? 0, 3) } },
      { node: 1, value: { json: encodeJsonValue(q.requestId) } },
      { node: 2, value: { arrow: table(-(q.requestId ?? 0), 5000) } },
    ];
    const { runtime, connection } = await setup({ answer, delayMs: (q) => (q.requestId === 1 ? 60 : 0) });
    const tickets = [0, 1, 2].map(() => connection.query({ graph, items: [{ node: 0 }], timeZone: 'UTC' }));
    const results = await Promise.all(tickets.map((t) => t.result));
    expect(runtime.queries().every((q) => q.arrowFrames === true)).toBe(true);
    results.forEach((r, k) => {
      const id = tickets[k].requestId;
      const [small, signal, large] = r.values ?? [];
      expect(decodeArrow(small.value?.arrow as Uint8Array).getChild('id')?.toArray()).toEqual(Float64Array.from([id, id, id]));
      expect(decodeJsonValue(signal.value?.json ?? '')).toBe(id);
      const big = decodeArrow(large.value?.arrow as Uint8Array);
      expect(big.numRows).toBe(5000);
      expect(big.getChild('id')?.get(4999)).toBe(-id);
      expect(large.value?.arrowFrame ?? undefined).toBeUndefined();
    });
  });

  it('sends the graph, items and time zone of a query', async () => {
    const { runtime, connection } = await setup({ answer: echoId });
    await connection.query({ graph, items: [{ node: 0, columns: ['a'] }], timeZone: 'Europe/Berlin' }).result;
    const [q] = runtime.queries();
    expect(q.timeZone).toBe('Europe/Berlin');
    expect(q.items?.[0].columns).toEqual(['a']);
    expect(q.graph?.nodes?.[0].variable?.name).toBe('x');
  });

  it('cancels: tells the runtime, rejects with code cancelled, ignores a late answer', async () => {
    const { runtime, connection } = await setup({ answer: echoId, delayMs: 100, ignoreCancel: true });
    const a = connection.query({ graph, items: [{ node: 0 }], timeZone: 'UTC' });
    await waitFor(() => runtime.queries().length === 1, 2000, 'the query to arrive');
    a.cancel();
    await expect(a.result).rejects.toMatchObject({ name: 'ClientError', code: 'cancelled' });
    await waitFor(() => runtime.cancels().length === 1, 2000, 'the cancel to arrive');
    expect(runtime.cancels()).toEqual([a.requestId]);
    // The runtime answers anyway; the connection must not mistake it for the next request's answer.
    const b = connection.query({ graph, items: [{ node: 0 }], timeZone: 'UTC' });
    const rb = await b.result;
    expect(decodeJsonValue(rb.values?.[0].value?.json ?? '')).toBe(b.requestId);
    expect(connection.pendingCount).toBe(0);
  });

  it('rejects with the runtime error code, message and path', async () => {
    const { connection } = await setup({
      answer: () => { throw { code: 'unsupported_transform', message: 'Unsupported transform "kde"', path: '/nodes/0/task' }; },
    });
    const error = await connection.query({ graph, items: [{ node: 0 }], timeZone: 'UTC' }).result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeReplyError);
    expect(error).toMatchObject({ code: 'unsupported_transform', path: '/nodes/0/task' });
    expect((error as Error).message).toContain('kde');
  });

  it('reports errors that answer no request through onError', async () => {
    const { runtime, connection } = await setup({ answer: echoId });
    const errors: Error[] = [];
    connection.onError((e) => errors.push(e));
    await connection.query({ graph, items: [{ node: 0 }], timeZone: 'UTC' }).result;
    runtime.broadcast({ error: { requestId: 0, code: 'bad_message', message: 'Malformed client message', path: '' } });
    await waitFor(() => errors.length === 1, 2000, 'the error');
    expect(errors[0]).toMatchObject({ code: 'bad_message' });
  });

  it('fetches and caches capabilities', async () => {
    const { runtime, connection } = await setup();
    const caps = await connection.capabilities();
    expect(caps).toEqual(TEST_CAPABILITIES);
    await connection.capabilities();
    expect(runtime.received.filter((m) => m.capabilities)).toHaveLength(1);
  });

  it('rejects capabilities with code unreachable when nothing listens', async () => {
    const port = await freePort();
    const connection = createConnection(`http://127.0.0.1:${port}`, {
      createWebSocket: wsFactory, logger: silentLogger, connectTimeoutMs: 300, reconnect: { initialDelayMs: 50 },
    });
    cleanup.push(() => connection.close());
    expect(connection.url).toBe(`ws://127.0.0.1:${port}/ws`);
    const error = await connection.capabilities().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientError);
    expect(error).toMatchObject({ code: 'unreachable' });
  });

  it('reconnects after the runtime restarts and re-sends what was in flight', async () => {
    const first = await startTestRuntime({ answer: echoId, delayMs: 5000 });
    const port = first.port;
    const connection = createConnection(first.url, {
      createWebSocket: wsFactory, logger: silentLogger, reconnect: { initialDelayMs: 30, maxDelayMs: 100 },
    });
    cleanup.push(() => connection.close());
    const statuses: string[] = [];
    connection.onStatus((s) => statuses.push(s));
    const ticket = connection.query({ graph, items: [{ node: 0 }], timeZone: 'UTC' });
    await waitFor(() => first.queries().length === 1, 2000, 'the first runtime to receive the query');
    await first.close();
    await new Promise((r) => setTimeout(r, 150)); // a few failed attempts while nothing listens
    const second = await startTestRuntime({ answer: echoId, port });
    cleanup.push(() => second.close());
    const result = await ticket.result;
    expect(decodeJsonValue(result.values?.[0].value?.json ?? '')).toBe(ticket.requestId);
    expect(second.queries().map((q) => q.requestId)).toEqual([ticket.requestId]);
    expect(statuses).toContain('reconnecting');
    expect(statuses[statuses.length - 1]).toBe('open');
  });

  it('reconnects on the next request after an idle drop', async () => {
    const { runtime, connection } = await setup({ answer: echoId });
    await connection.query({ graph, items: [{ node: 0 }], timeZone: 'UTC' }).result;
    runtime.dropClients();
    await waitFor(() => connection.status === 'idle', 2000, 'the idle status');
    const r = await connection.query({ graph, items: [{ node: 0 }], timeZone: 'UTC' }).result;
    expect(r.values).toHaveLength(1);
  });

  it('rejects waiting requests with code closed on close()', async () => {
    const { connection } = await setup({ answer: echoId, delayMs: 1000 });
    const ticket = connection.query({ graph, items: [{ node: 0 }], timeZone: 'UTC' });
    connection.close();
    await expect(ticket.result).rejects.toMatchObject({ code: 'closed' });
    await expect(connection.query({ graph, items: [], timeZone: 'UTC' }).result).rejects.toMatchObject({ code: 'closed' });
    expect(connection.status).toBe('closed');
  });

  it('keeps the token out of its error messages and logs', async () => {
    const port = await freePort();
    const logged: string[] = [];
    const logger = { ...silentLogger, debug: (m: string, f?: Record<string, unknown>) => logged.push(`${m} ${JSON.stringify(f)}`) };
    const connection = createConnection(`http://127.0.0.1:${port}`, {
      createWebSocket: wsFactory, logger, token: 's3cret-token', connectTimeoutMs: 300, reconnect: false,
    });
    expect(connection.url).toContain('token=s3cret-token');
    const unreachable = await connection.capabilities().then(() => new Error('answered'), (e: unknown) => e as Error);
    const ticket = connection.query({ graph, items: [{ node: 0 }], timeZone: 'UTC' });
    connection.close();
    const closed = await ticket.result.then(() => new Error('answered'), (e: unknown) => e as Error);
    for (const text of [unreachable.message, closed.message, ...logged]) expect(text).not.toContain('s3cret');
    expect(closed.message).toContain(`ws://127.0.0.1:${port}/ws?token=…`);
  });
});

