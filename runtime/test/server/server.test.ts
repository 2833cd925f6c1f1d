import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { arrowToRows, decodeArrow, Namespace, v1, type ITaskGraph } from '@vegafusion-ts/proto';
import { startRuntime, type RuntimeHandle } from '../../src/index.js';
import { silentLogger } from '../../src/logger.js';
import { connect, type TestClient } from '../support/ws-client.js';

const data = (name: string) => ({ name, namespace: Namespace.NAMESPACE_DATA });

function carsGraph(pipeline: unknown[]): ITaskGraph {
  return {
    nodes: [
      { variable: data('source_0'), task: { url: { url: 'data/cars.json', formatJson: '{"type":"json"}' } } },
      { variable: data('data_0'), task: { source: { source: 'source_0', pipelineJson: JSON.stringify(pipeline) } }, parents: [0] },
    ],
  };
}

let runtime: RuntimeHandle;
let client: TestClient;
let nextId = 1;

beforeAll(async () => {
  runtime = await startRuntime({ port: 0, logger: silentLogger, token: undefined });
  client = await connect(runtime.url);
});

afterAll(async () => {
  client?.close();
  await runtime?.close();
});

describe('HTTP', () => {
  it('reports health, capabilities and Prometheus metrics', async () => {
    expect(await (await fetch(`${runtime.url}/health`)).json()).toMatchObject({ status: 'ok', protocol: 1 });
    const caps = await (await fetch(`${runtime.url}/capabilities`)).json() as { transforms: string[] };
    expect(caps.transforms).toContain('project');
    const metrics = await (await fetch(`${runtime.url}/metrics`)).text();
    expect(metrics).toMatch(/^vegafusion_cache_hits_total \d+$/m);
  });

  it('binds 127.0.0.1 by default', () => {
    expect(runtime.config.host).toBe('127.0.0.1');
    expect(runtime.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});

describe('WebSocket queries', () => {
  it('answers a query with Arrow rows, projected to the asked columns', async () => {
    const id = nextId++;
    const reply = await client.query({ requestId: id, timeZone: 'UTC', graph: carsGraph([{ type: 'project', fields: ['Name', 'Horsepower'] }]), items: [{ node: 1, columns: ['Horsepower'] }] });
    expect(reply.error).toBeFalsy();
    expect(reply.result?.requestId).toBe(id);
    const rows = arrowToRows(decodeArrow(reply.result!.values![0].value!.arrow!));
    expect(rows).toHaveLength(406);
    expect(Object.keys(rows[0])).toEqual(['Horsepower']);
    expect(rows[0]).toEqual({ Horsepower: 130 });
  });

  it('sends a large table as a frame of its own to a client that reads them, the same bytes as embedded', async () => {
    const graph: ITaskGraph = { nodes: [{ variable: data('d'), task: { values: { valuesJson: '[]', pipelineJson: JSON.stringify([{ type: 'sequence', start: 0, stop: 100000 }]) } } }] };
    const embeddedId = nextId++;
    const embedded = await client.query({ requestId: embeddedId, timeZone: 'UTC', graph, items: [{ node: 0 }] });
    const framedId = nextId++;
    const framed = await client.query({ requestId: framedId, timeZone: 'UTC', graph, items: [{ node: 0 }], arrowFrames: true });
    const table = embedded.result!.values![0].value!.arrow!;
    expect(table.byteLength).toBeGreaterThan(64 * 1024);
    expect(client.frames(embeddedId)).toHaveLength(1);
    // The message, then the table's bytes as they are cached.
    const sizes = client.frames(framedId);
    expect(sizes).toHaveLength(2);
    expect(sizes?.[1]).toBe(table.byteLength);
    expect(sizes?.[0]).toBeLessThan(200);
    expect(Buffer.from(framed.result!.values![0].value!.arrow!).equals(Buffer.from(table))).toBe(true);
    expect(decodeArrow(framed.result!.values![0].value!.arrow!).numRows).toBe(100000);
    // A small table stays in the message.
    const smallId = nextId++;
    await client.query({ requestId: smallId, timeZone: 'UTC', graph: carsGraph([]), items: [{ node: 1, columns: ['Name'] }], arrowFrames: true });
    expect(client.frames(smallId)).toHaveLength(1);
  });

  it('serves a second session identical request from the shared cache', async () => {
    const graph = carsGraph([{ type: 'project', fields: ['Origin'] }]);
    const first = await client.query({ requestId: nextId++, timeZone: 'UTC', graph, items: [{ node: 1 }] });
    expect(first.result?.stats?.cacheHits).toBe(0);
    const before = runtime.services.values.stats().hits;
    const other = await connect(runtime.url);
    try {
      const second = await other.query({ requestId: 1, timeZone: 'UTC', graph, items: [{ node: 1 }] });
      expect(second.result?.stats?.cacheHits).toBe(1);
      expect(second.result?.stats?.nodesComputed).toBe(0);
      expect(second.result!.values![0].value!.arrow).toEqual(first.result!.values![0].value!.arrow);
    } finally {
      other.close();
    }
    expect(runtime.services.values.stats().hits).toBe(before + 1);
    const metrics = await (await fetch(`${runtime.url}/metrics`)).text();
    expect(Number(/^vegafusion_cache_hits_total (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
  });

  it('replies to capabilities requests', async () => {
    client.send({ capabilities: { requestId: 555 } });
    const reply = await client.reply(555);
    expect(reply.capabilities?.protocolVersion).toBe(1);
    expect(reply.capabilities?.transforms).toContain('project');
  });
});

describe('errors are values', () => {
  it('names an unknown transform and where it is', async () => {
    const id = nextId++;
    const reply = await client.query({ requestId: id, timeZone: 'UTC', graph: carsGraph([{ type: 'wordcloud', text: 'x' }]), items: [{ node: 1 }] });
    expect(reply.error).toMatchObject({ requestId: id, code: 'unsupported_transform', path: '/nodes/1/task/source/pipeline/0' });
    expect(reply.error?.message).toContain('"wordcloud"');
  });

  it('refuses cycles and out-of-range parents', async () => {
    const id = nextId++;
    const graph: ITaskGraph = { nodes: [
      { variable: data('a'), task: { source: { source: 'b' } }, parents: [1] },
      { variable: data('b'), task: { source: { source: 'a' } }, parents: [0] },
    ] };
    const reply = await client.query({ requestId: id, graph, items: [{ node: 0 }] });
    expect(reply.error?.code).toBe('bad_graph');
    const bad = await client.query({ requestId: nextId++, graph: carsGraph([]), items: [{ node: 9 }] });
    expect(bad.error).toMatchObject({ code: 'bad_graph', path: '/items/0/node' });
  });

  it('reports a missing file and refuses paths outside the data roots', async () => {
    const graph = (url: string): ITaskGraph => ({ nodes: [{ variable: data('d'), task: { url: { url, formatJson: '{"type":"csv"}' } } }] });
    const missing = await client.query({ requestId: nextId++, graph: graph('data/nope.csv'), items: [{ node: 0 }] });
    expect(missing.error).toMatchObject({ code: 'data_not_found', path: '/nodes/0/task/url/url' });
    const escape = await client.query({ requestId: nextId++, graph: graph('../../../../etc/passwd'), items: [{ node: 0 }] });
    expect(escape.error?.code).toBe('data_forbidden');
  });

  it('answers malformed frames, wrong versions and text frames, and keeps serving', async () => {
    client.sendRaw(new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]));
    expect((await client.reply(0)).error?.code).toBe('bad_message');
    client.sendRaw(v1.ClientMessage.encode({ version: 2, cancel: { requestId: 1 } }).finish());
    expect((await client.reply(0)).error?.code).toBe('unsupported_version');
    client.sendRaw('hello');
    expect((await client.reply(0)).error?.code).toBe('bad_message');
    const ok = await client.query({ requestId: nextId++, timeZone: 'UTC', graph: carsGraph([]), items: [{ node: 1, columns: ['Name'] }] });
    expect(ok.result?.values).toHaveLength(1);
  });

  it('refuses an unknown time zone', async () => {
    const reply = await client.query({ requestId: nextId++, timeZone: 'Mars/Olympus', graph: carsGraph([]), items: [{ node: 1 }] });
    expect(reply.error).toMatchObject({ code: 'bad_message', path: '/time_zone' });
  });
});

describe('access control', () => {
  let secured: RuntimeHandle;
  beforeAll(async () => {
    secured = await startRuntime({ port: 0, logger: silentLogger, token: 'tok', allowedOrigins: ['http://good.example'] });
  });
  afterAll(async () => secured?.close());

  it('requires the token for uploads and WebSocket connections', async () => {
    const upload = await fetch(`${secured.url}/datasets?format=csv`, { method: 'POST', body: 'a\n1\n' });
    expect(upload.status).toBe(401);
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${secured.url.replace('http', 'ws')}/ws`, { headers: { origin: 'http://good.example' } });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
    });
    expect(status).toBe(401);
    const ok = await connect(secured.url, { authorization: 'Bearer tok', origin: 'http://good.example' });
    ok.close();
  });

  it('checks the Origin of WebSocket connections', async () => {
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${secured.url.replace('http', 'ws')}/ws?token=tok`, { headers: { origin: 'http://evil.example' } });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
    });
    expect(status).toBe(403);
  });

  it('stores an upload with the token, addressed by content hash', async () => {
    const headers = { authorization: 'Bearer tok' };
    const res = await fetch(`${secured.url}/datasets?format=csv`, { method: 'POST', body: 'a,b\n1,x\n2,y\n', headers });
    expect(res.status).toBe(201);
    const stored = await res.json() as { hash: string; url: string; rows: number };
    expect(stored.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.url).toBe(`vegafusion+dataset://${stored.hash}`);
    expect(stored.rows).toBe(2);
    expect((await fetch(`${secured.url}/datasets/${stored.hash}`, { method: 'HEAD', headers })).status).toBe(200);
    expect((await fetch(`${secured.url}/datasets/${'0'.repeat(64)}`, { method: 'HEAD', headers })).status).toBe(404);
  });
});
