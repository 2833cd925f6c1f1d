/**
 * Malformed and hostile input: each gets a structured error or a closed connection,
 * never a crash, and a bystander session querying all along notices nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  arrowToRows, decodeArrow, decodeJsonValue, decodeServerMessage, encodeClientMessage, Namespace, v1, type ITaskGraph, type ServerMessage,
} from '@vegafusion-ts/proto';
import { startRuntime, silentLogger, type RuntimeHandle } from '../../src/index.js';
import { connect, type TestClient } from '../support/ws-client.js';
import { metricValue, waitUntil } from './helpers.js';

const data = (name: string) => ({ name, namespace: Namespace.NAMESPACE_DATA });

function valuesGraph(pipeline: unknown[], values: unknown[] = [{ a: 1, b: 'x' }, { a: 2, b: 'y' }]): ITaskGraph {
  return { nodes: [{ variable: data('d'), task: { values: { valuesJson: JSON.stringify(values), pipelineJson: JSON.stringify(pipeline) } } }] };
}

const carsCount: ITaskGraph = {
  nodes: [
    { variable: data('source'), task: { url: { url: 'data/cars.json', formatJson: '{"type":"json"}' } } },
    { variable: data('counts'), task: { source: { source: 'source', pipelineJson: '[{"type":"aggregate","groupby":["Origin"],"ops":["count"],"as":["n"]}]' } }, parents: [0] },
  ],
};

/** A session that keeps asking the same question; it must never see an error. */
function startBystander(url: string) {
  let stop = false;
  let answered = 0;
  const failures: string[] = [];
  const done = (async () => {
    const client = await connect(url);
    let id = 1;
    while (!stop) {
      const reply = await client.query({ requestId: id++, timeZone: 'UTC', graph: carsCount, items: [{ node: 1 }] });
      if (reply.error) failures.push(`${reply.error.code}: ${reply.error.message}`);
      else {
        const rows = arrowToRows(decodeArrow(reply.result!.values![0].value!.arrow!));
        if (JSON.stringify(rows) !== JSON.stringify([{ Origin: 'USA', n: 254 }, { Origin: 'Europe', n: 73 }, { Origin: 'Japan', n: 79 }])) failures.push(`wrong rows ${JSON.stringify(rows)}`);
        answered++;
      }
      await new Promise((r) => setTimeout(r, 15));
    }
    client.close();
  })();
  return {
    async finish() {
      stop = true;
      await done;
      return { answered, failures };
    },
  };
}

/** Sends raw bytes and returns the next reply for request 0, or the close code. */
function replyOrClose(client: TestClient, id = 0): Promise<ServerMessage | { closed: number }> {
  return Promise.race([
    client.reply(id),
    new Promise<{ closed: number }>((resolve) => client.ws.once('close', (code) => resolve({ closed: code }))),
  ]);
}

let runtime: RuntimeHandle;
let client: TestClient;
let bystander: ReturnType<typeof startBystander>;
let nextId = 1;

beforeAll(async () => {
  runtime = await startRuntime({
    port: 0, logger: silentLogger, maxGraphNodes: 50, maxResultRows: 1000, maxMessageBytes: 256 * 1024,
    maxConcurrentQueries: 2, maxUploadBytes: 1024 * 1024, maxResultBytes: 2 * 1024 * 1024, maxConnections: 20,
    maxBufferedBytes: 4 * 1024 * 1024, bufferStallMs: 500,
  });
  client = await connect(runtime.url);
  bystander = startBystander(runtime.url);
});

afterAll(async () => {
  client?.close();
  await runtime?.close();
});

describe('malformed frames', () => {
  it('answers every truncation of a valid query with one structured reply and keeps the connection', async () => {
    const raw = await connect(runtime.url);
    const replies: ServerMessage[] = [];
    raw.ws.on('message', (bytes: Buffer) => replies.push(decodeServerMessage(new Uint8Array(bytes))));
    try {
      const frame = encodeClientMessage({ query: { requestId: 77, timeZone: 'UTC', graph: valuesGraph([{ type: 'filter', expr: 'datum.a > 1' }]), items: [{ node: 0 }] } });
      const codes = new Set<string>();
      for (let cut = 1; cut < frame.length; cut += 3) {
        const before = replies.length;
        raw.sendRaw(frame.slice(0, cut));
        // A prefix may still decode (protobuf fields are optional): then it is a query.
        await waitUntil(() => replies.length > before, 5000, `the reply to a frame cut at ${cut}`);
        const reply = replies[before];
        const code = reply.error?.code ?? 'result';
        codes.add(code);
        expect(['bad_message', 'unsupported_version', 'bad_graph', 'result', 'bad_transform', 'bad_expression']).toContain(code);
      }
      expect(codes).toContain('bad_message');
      await new Promise((r) => setTimeout(r, 50));
      expect(replies.length).toBe(Math.ceil((frame.length - 1) / 3));
      expect(raw.ws.readyState).toBe(WebSocket.OPEN);
    } finally {
      raw.close();
    }
  });

  it('refuses random bytes, empty frames, unknown versions and messages of no kind', async () => {
    const cases: [Uint8Array, string][] = [
      [new Uint8Array([0xff, 0xff, 0xff, 0xff]), 'bad_message'],
      [new Uint8Array(0), 'unsupported_version'],
      [v1.ClientMessage.encode({ version: 0, capabilities: { requestId: 1 } }).finish(), 'unsupported_version'],
      [v1.ClientMessage.encode({ version: 999, capabilities: { requestId: 1 } }).finish(), 'unsupported_version'],
      [v1.ClientMessage.encode({ version: 1 }).finish(), 'bad_message'],
    ];
    for (const [bytes, code] of cases) {
      client.sendRaw(bytes);
      expect((await client.reply(0)).error?.code).toBe(code);
    }
  });

  it('refuses a request id already in flight', async () => {
    const slow = valuesGraph([{ type: 'sequence', start: 0, stop: 900 }, { type: 'window', ops: ['rank'], as: ['r'] }]);
    client.send({ query: { requestId: 5000, timeZone: 'UTC', graph: slow, items: [{ node: 0 }] } });
    client.send({ query: { requestId: 5000, timeZone: 'UTC', graph: slow, items: [{ node: 0 }] } });
    const first = await client.reply(5000);
    const second = await client.reply(5000);
    const codes = [first.error?.code ?? 'result', second.error?.code ?? 'result'].sort();
    expect(codes).toEqual(['bad_message', 'result']);
  });

  it('closes a connection that sends a frame over the size limit (1009), and only that one', async () => {
    const hostile = await connect(runtime.url);
    const big = encodeClientMessage({ query: { requestId: 1, graph: valuesGraph([], Array.from({ length: 30_000 }, (_, i) => ({ i, s: 'xxxxxxxxxx' }))), items: [{ node: 0 }] } });
    expect(big.length).toBeGreaterThan(256 * 1024);
    hostile.sendRaw(big);
    const outcome = await replyOrClose(hostile, 1);
    expect(outcome).toEqual({ closed: 1009 });
    const ok = await client.query({ requestId: nextId++, timeZone: 'UTC', graph: carsCount, items: [{ node: 1 }] });
    expect(ok.error).toBeFalsy();
  });
});

describe('hostile graphs', () => {
  const ask = (graph: ITaskGraph, items = [{ node: 0 }]) => client.query({ requestId: nextId++, timeZone: 'UTC', graph, items });

  it('refuses a graph over the node limit', async () => {
    const nodes = Array.from({ length: 51 }, (_, i) => ({ variable: { name: `s${i}` }, task: { value: { json: String(i) } } }));
    expect((await ask({ nodes })).error).toMatchObject({ code: 'limit_exceeded', path: '/graph/nodes' });
  });

  it('refuses cycles, self-references and parents out of range', async () => {
    const self = { nodes: [{ variable: data('a'), task: { source: { source: 'a' } }, parents: [0] }] };
    expect((await ask(self)).error?.code).toBe('bad_graph');
    const far = { nodes: [{ variable: data('a'), task: { source: { source: 'b' } }, parents: [4_000_000_000] }] };
    expect((await ask(far)).error).toMatchObject({ code: 'bad_graph', path: '/nodes/0/parents' });
    expect((await ask(valuesGraph([]), [{ node: 0xffffffff }])).error).toMatchObject({ code: 'bad_graph', path: '/items/0/node' });
  });

  it('answers deeply nested pipelines and expressions with a structured error', async () => {
    // Deep enough to exhaust the stack of a recursive walk, small enough for the frame limit.
    const deepJson = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const deepPipeline = { nodes: [{ variable: data('d'), task: { values: { valuesJson: '[]', pipelineJson: deepJson } } }] };
    const reply = await ask(deepPipeline);
    expect(['limit_exceeded', 'bad_transform']).toContain(reply.error?.code);
    const deepExpr = `${'('.repeat(50_000)}1${')'.repeat(50_000)}`;
    const expr = await ask(valuesGraph([{ type: 'filter', expr: deepExpr }]));
    expect(['limit_exceeded', 'bad_expression']).toContain(expr.error?.code);
    // 50,000 nested negations: valid, and either evaluated (to 1) or refused as too deep to parse.
    const signal = await ask({ nodes: [{ variable: { name: 's' }, task: { signal: { expr: `${'- '.repeat(50_000)}1` } } }] });
    if (signal.error) expect(['limit_exceeded', 'bad_expression']).toContain(signal.error.code);
    else expect(decodeJsonValue(signal.result!.values![0].value!.json!)).toBe(1);
  });

  it('refuses expressions that would build strings too large for the process', async () => {
    const signal = (expr: string): ITaskGraph => ({ nodes: [{ variable: { name: 's' }, task: { signal: { expr } } }] });
    for (const graph of [
      signal("length(pad('', 1e9, 'x'))"),
      signal("length(pad(pad('', 1e6, 'xxxxxxxxxxxxxxxxxxxx'), 10, 'x'))"),
      valuesGraph([{ type: 'formula', as: 'big', expr: "pad('', 2e9, 'y')" }]),
    ]) {
      expect((await ask(graph)).error).toMatchObject({ code: 'limit_exceeded' });
    }
  });

  it('evaluates catastrophically backtracking patterns in linear time, or refuses them', async () => {
    const signal = (expr: string): ITaskGraph => ({ nodes: [{ variable: { name: 's' }, task: { signal: { expr } } }] });
    const started = performance.now();
    // Exponential in a backtracking engine: minutes for 40 characters.
    const nested = await ask(signal(`replace('${'a'.repeat(40)}!', /(a+)+$/, 'x')`));
    expect(decodeJsonValue(nested.result!.values![0].value!.json!)).toBe(`${'a'.repeat(40)}!`);
    const lookahead = await ask(signal(`replace('${'a'.repeat(40)}!', /(?=a)(a+)+$/, 'x')`));
    expect(lookahead.error).toMatchObject({ code: 'unsupported_function', path: '/nodes/0/task/signal/expr' });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('names unknown transforms, bad parameters and bad expressions with their path', async () => {
    expect((await ask(valuesGraph([{ type: 'nope' }]))).error).toMatchObject({ code: 'unsupported_transform', path: '/nodes/0/task/values/pipeline/0' });
    expect((await ask(valuesGraph([{ type: 'filter', expr: 'datum.a +' }]))).error).toMatchObject({ code: 'bad_expression' });
    expect((await ask(valuesGraph([{ type: 'filter', expr: 'launchMissiles(datum.a)' }]))).error?.code).toMatch(/unsupported_function|bad_expression/);
    expect((await ask(valuesGraph([{ type: 'aggregate', ops: ['nope'], fields: ['a'] }]))).error?.code).toMatch(/bad_transform|unsupported_transform/);
    expect((await ask(valuesGraph([42, null, 'x']))).error?.code).toMatch(/bad_transform|unsupported_transform/);
    const notArray = { nodes: [{ variable: data('d'), task: { values: { valuesJson: '[]', pipelineJson: '{"type":"filter"}' } } }] };
    expect((await ask(notArray)).error).toMatchObject({ code: 'bad_transform' });
    const badValues = { nodes: [{ variable: data('d'), task: { values: { valuesJson: '[{', pipelineJson: '' } } }] };
    expect((await ask(badValues)).error).toMatchObject({ code: 'bad_data' });
    const badArrow = { nodes: [{ variable: data('d'), task: { value: { arrow: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]) } } }] };
    expect((await ask(badArrow)).error?.code).toBeDefined();
  });
});

describe('limits', () => {
  it('refuses a value over the row limit rather than truncating it', async () => {
    const reply = await client.query({ requestId: nextId++, timeZone: 'UTC', graph: valuesGraph([{ type: 'sequence', start: 0, stop: 1001 }], []), items: [{ node: 0 }] });
    expect(reply.error).toMatchObject({ code: 'limit_exceeded' });
    expect(reply.error?.message).toContain('1000');
    const fits = await client.query({ requestId: nextId++, timeZone: 'UTC', graph: valuesGraph([{ type: 'sequence', start: 0, stop: 1000 }], []), items: [{ node: 0 }] });
    expect(arrowToRows(decodeArrow(fits.result!.values![0].value!.arrow!))).toHaveLength(1000);
  });

  it('refuses a reply over the byte limit', async () => {
    const wide = valuesGraph([{ type: 'sequence', start: 0, stop: 900 }, { type: 'formula', as: 's', expr: "pad('', 4000, 'x')" }]);
    const reply = await client.query({ requestId: nextId++, timeZone: 'UTC', graph: wide, items: [{ node: 0 }] });
    expect(reply.error).toMatchObject({ code: 'limit_exceeded' });
    expect(reply.error?.message).toMatch(/bytes/);
  });

  it('refuses queries beyond the per-connection concurrency limit, and only those', async () => {
    const slow = (salt: number) => valuesGraph([{ type: 'sequence', start: 0, stop: 999 }, { type: 'formula', as: 'k', expr: `datum.data % ${salt}` }, { type: 'window', sort: { field: 'k' }, ops: ['rank'], as: ['r'] }], []);
    const ids = [nextId++, nextId++, nextId++];
    ids.forEach((id, i) => client.send({ query: { requestId: id, timeZone: 'UTC', graph: slow(97 + i), items: [{ node: 0 }] } }));
    const replies = await Promise.all(ids.map((id) => client.reply(id)));
    expect(replies.filter((r) => r.error?.code === 'busy')).toHaveLength(1);
    expect(replies.filter((r) => r.result)).toHaveLength(2);
  });

  it('refuses oversize and malformed uploads with JSON errors', async () => {
    const headers = { 'content-type': 'application/octet-stream' };
    const big = await fetch(`${runtime.url}/datasets?format=arrow`, { method: 'POST', body: new Uint8Array(1100 * 1024), headers });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ code: 'limit_exceeded' });
    const garbage = await fetch(`${runtime.url}/datasets?format=arrow`, { method: 'POST', body: new Uint8Array([1, 2, 3, 4]), headers });
    expect(garbage.status).toBe(400);
    expect(await garbage.json()).toMatchObject({ code: 'bad_data' });
    const format = await fetch(`${runtime.url}/datasets?format=exe`, { method: 'POST', body: 'x', headers });
    expect(format.status).toBe(400);
  });

  it('refuses connections beyond the connection limit with 503', async () => {
    const extra: TestClient[] = [];
    try {
      while (runtime.server.metrics.connectionsOpen < 20) extra.push(await connect(runtime.url));
      const status = await new Promise<number>((resolve) => {
        const ws = new WebSocket(`${runtime.url.replace('http', 'ws')}/ws`);
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => resolve(101));
      });
      expect(status).toBe(503);
    } finally {
      for (const c of extra) c.close();
      await waitUntil(() => runtime.server.metrics.connectionsOpen <= 3, 5000, 'the extra connections to close');
    }
  });

  it('drops a client that does not read its replies', async () => {
    const slowReader = await connect(runtime.url);
    const graph = valuesGraph([{ type: 'sequence', start: 0, stop: 1000 }, { type: 'formula', as: 's', expr: "pad('', 1000, 'y')" }], []);
    const closed = new Promise<number>((resolve) => slowReader.ws.once('close', (code) => resolve(code)));
    // Stop reading from the socket: replies pile up in the kernel, then in the runtime.
    (slowReader.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const before = runtime.server.metrics.connectionsDropped;
    for (let i = 0; i < 2000 && runtime.server.metrics.connectionsDropped === before; i++) {
      slowReader.send({ query: { requestId: i + 1, timeZone: 'UTC', graph, items: [{ node: 0 }] } });
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(runtime.server.metrics.connectionsDropped).toBe(before + 1);
    (slowReader.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    // Told why in a close frame queued behind the bytes it had not read.
    expect(await closed).toBe(1008);
  });
});

describe('the bystander', () => {
  it('was answered correctly throughout, and the runtime counted the hostile input', async () => {
    const { answered, failures } = await bystander.finish();
    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThan(5);
    const text = await (await fetch(`${runtime.url}/metrics`)).text();
    expect(metricValue(text, 'vegafusion_bad_frames_total')).toBeGreaterThan(5);
    expect(metricValue(text, 'vegafusion_connections_refused_total')).toBeGreaterThanOrEqual(1);
  });
});
