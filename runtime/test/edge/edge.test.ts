/**
 * Edge runtimes in front of one upstream, all in process on 127.0.0.1: a dashboard loaded
 * on a second edge is computed once upstream and answered from that edge's cache on
 * repeat; the edge computes signals and inline data itself; a brush forwards only the
 * filtered datasets (which the upstream answers from its index); concurrent identical
 * misses become one upstream request; errors keep their codes and paths; uploads (and
 * their deletes) go upstream; edges stack.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrowToRows, decodeArrow, decodeJsonValue, encodeJsonValue, Namespace, type IQuery, type ITaskGraph, type ServerMessage } from '@vegafusion-ts/proto';
import { startRuntime, silentLogger, type RuntimeHandle } from '../../src/index.js';
import { connect } from '../support/ws-client.js';
import { metricValue } from '../server/helpers.js';

const SOURCE = [
  { type: 'extent', field: 'delay', signal: 'delay_extent' },
  { type: 'bin', field: 'delay', extent: { signal: 'delay_extent' }, maxbins: 20, as: ['bin0', 'bin1'], signal: 'delay_bins' },
];
const HIST = [
  { type: 'filter', expr: '!length(data("brush_store")) || vlSelectionTest("brush_store", datum)' },
  { type: 'aggregate', groupby: ['bin0', 'bin1'], ops: ['count'], as: ['count'] },
];
const SUMMARY = [{ type: 'aggregate', ops: ['count', 'mean'], fields: ['delay', 'distance'], as: ['n', 'mean_distance'] }];
const LABELS = [{ type: 'formula', expr: 'upper(datum.name) + "!"', as: 'label' }];

const brush = (lo: number, hi: number) => [{ unit: 'u', fields: [{ field: 'distance', channel: 'x', type: 'R' }], values: [[lo, hi]] }];

/** A dashboard: a brushed histogram, a summary the brush does not touch, a signal and inline labels. */
function dashboard(store: unknown[], width = 400): ITaskGraph {
  return {
    nodes: [
      { variable: { name: 'source_0', namespace: Namespace.NAMESPACE_DATA }, task: { url: { url: 'data/flights-200k.arrow', formatJson: '{"type":"arrow"}', pipelineJson: JSON.stringify(SOURCE) } }, outputs: [{ name: 'delay_extent' }, { name: 'delay_bins' }] },
      { variable: { name: 'brush_store', namespace: Namespace.NAMESPACE_DATA }, task: { value: { json: encodeJsonValue(store) } } },
      { variable: { name: 'delay_hist', namespace: Namespace.NAMESPACE_DATA }, task: { source: { source: 'source_0', pipelineJson: JSON.stringify(HIST) } }, parents: [0, 1] },
      { variable: { name: 'summary', namespace: Namespace.NAMESPACE_DATA }, task: { source: { source: 'source_0', pipelineJson: JSON.stringify(SUMMARY) } }, parents: [0] },
      { variable: { name: 'width' }, task: { value: { json: encodeJsonValue(width) } } },
      { variable: { name: 'half' }, task: { signal: { expr: 'width / 2 + 1' } }, parents: [4] },
      { variable: { name: 'labels', namespace: Namespace.NAMESPACE_DATA }, task: { values: { valuesJson: JSON.stringify([{ name: 'a' }, { name: 'b' }]), pipelineJson: JSON.stringify(LABELS) } } },
    ],
  };
}

const ITEMS = [{ node: 2 }, { node: 3 }, { node: 5 }, { node: 6 }, { node: 0, signalsOnly: true }];
const HINTS = [{ store: 'brush_store', fields: ['distance'] }];

function load(requestId: number, store: unknown[] = [], width = 400): IQuery {
  return { requestId, timeZone: 'UTC', graph: dashboard(store, width), items: ITEMS, selectionHints: HINTS, arrowFrames: true };
}

/** The values of a reply, decoded, without their origins. */
function decoded(reply: ServerMessage): unknown[] {
  expect(reply.error ?? null).toBeNull();
  return (reply.result?.values ?? []).map((v) => ({
    node: v.node,
    value: v.value?.arrow?.length ? arrowToRows(decodeArrow(v.value.arrow)) : v.value?.json ? decodeJsonValue(v.value.json) : null,
    signals: (v.signals ?? []).map((s) => [s.name, decodeJsonValue(s.value?.json ?? 'null')]),
  }));
}

const origins = (reply: ServerMessage) => (reply.result?.values ?? []).map((v) => v.origin);

async function metrics(runtime: RuntimeHandle): Promise<string> {
  return (await fetch(`${runtime.url}/metrics`)).text();
}

const metric = async (runtime: RuntimeHandle, name: string) => metricValue(await metrics(runtime), name);
const tierItems = async (runtime: RuntimeHandle, tier: string) =>
  Number(new RegExp(`^vegafusion_edge_items_total\\{tier="${tier}"\\} (\\S+)$`, 'm').exec(await metrics(runtime))?.[1] ?? NaN);

const UP_TOKEN = 'upstream-secret';
let upstream: RuntimeHandle;
let edgeA: RuntimeHandle;
let edgeB: RuntimeHandle;

/** An upload store of its own per runtime: an edge must not see the upstream's uploads through a shared folder. */
const ownStore = () => mkdtempSync(path.join(tmpdir(), 'vf-edge-store-'));
const startEdge = (of: RuntimeHandle, token = UP_TOKEN) => startRuntime({ port: 0, logger: silentLogger, upstream: `ws://127.0.0.1:${of.port}/ws`, upstreamToken: token, storeDir: ownStore() });

beforeAll(async () => {
  upstream = await startRuntime({ port: 0, logger: silentLogger, token: UP_TOKEN, storeDir: ownStore() });
  edgeA = await startEdge(upstream);
  edgeB = await startEdge(upstream);
}, 60_000);

afterAll(async () => {
  await edgeA?.close();
  await edgeB?.close();
  await upstream?.close();
});

describe('edge runtimes in front of one upstream', () => {
  it('computes a dashboard once upstream for both edges and answers repeats from the edge cache', async () => {
    const direct = await connect(upstream.url, { authorization: `Bearer ${UP_TOKEN}` });
    const a = await connect(edgeA.url);
    const b = await connect(edgeB.url);

    const onA = await a.query(load(1));
    expect(origins(onA).slice(0, 2)).toEqual(['upstream>computed', 'upstream>computed']);
    // The signal and the inline labels never leave the edge.
    expect(origins(onA).slice(2, 4)).toEqual(['edge-computed', 'edge-computed']);
    expect(await tierItems(edgeA, 'upstream')).toBe(3);
    expect(await tierItems(edgeA, 'edge_computed')).toBe(2);
    const missesAfterA = await metric(upstream, 'vegafusion_cache_misses_total');
    const queriesAfterA = await metric(upstream, 'vegafusion_queries_total');
    expect(queriesAfterA).toBe(1);

    // The second edge's identical load: one request upstream, computed nothing new there.
    const onB = await b.query(load(7));
    expect(decoded(onB)).toEqual(decoded(onA));
    expect(origins(onB).slice(0, 2)).toEqual(['upstream>cache', 'upstream>cache']);
    expect(await metric(upstream, 'vegafusion_queries_total')).toBe(2);
    expect(await metric(upstream, 'vegafusion_cache_misses_total')).toBe(missesAfterA);

    // Repeats on B, from another session: all from B's cache, the upstream untouched.
    const b2 = await connect(edgeB.url);
    const again = await b2.query(load(8));
    expect(decoded(again)).toEqual(decoded(onA));
    expect(origins(again)).toEqual(ITEMS.map(() => 'edge-cache'));
    expect(await metric(upstream, 'vegafusion_queries_total')).toBe(2);
    expect(await tierItems(edgeB, 'edge_cache')).toBe(ITEMS.length);
    expect(await metric(edgeB, 'vegafusion_edge_forwarded_requests_total')).toBe(1);
    expect(await metric(edgeB, 'vegafusion_edge_upstream_bytes_total')).toBeGreaterThan(0);
    expect(await metric(edgeB, 'vegafusion_edge_upstream_duration_seconds_count')).toBe(1);

    // The same values as the upstream gives a client directly.
    const straight = await direct.query(load(9));
    expect(decoded(straight)).toEqual(decoded(onA));
    for (const c of [direct, a, b, b2]) c.close();
  }, 60_000);

  it('a changed signal is computed at the edge; a brush forwards only the datasets it filters', async () => {
    const a = await connect(edgeA.url);
    expect(decoded(await a.query(load(1))).length).toBe(ITEMS.length);
    const queries = await metric(upstream, 'vegafusion_queries_total');
    const forwarded = await tierItems(edgeA, 'upstream');

    const resized = await a.query(load(2, [], 640));
    expect(origins(resized)[2]).toBe('edge-computed');
    expect(decoded(resized)[2]).toMatchObject({ value: 321 });
    expect(await metric(upstream, 'vegafusion_queries_total')).toBe(queries);

    // Let the upstream build the index the hint asked for, then brush.
    const built = Date.now();
    while (await metric(upstream, 'vegafusion_indexes_built_total') + await metric(upstream, 'vegafusion_indexes_bucketed_built_total') < 1 && Date.now() - built < 20_000) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const indexAnswers = async () => await metric(upstream, 'vegafusion_index_answers_memory_total') + await metric(upstream, 'vegafusion_index_answers_sql_total') + await metric(upstream, 'vegafusion_index_answers_bucketed_total');
    const before = await indexAnswers();
    const nodesBefore = await metric(edgeA, 'vegafusion_edge_forwarded_nodes_total');
    const brushed = await a.query(load(3, brush(500, 1000)));
    // The file, the store and the histogram they feed: nothing else went.
    expect(await metric(edgeA, 'vegafusion_edge_forwarded_nodes_total')).toBe(nodesBefore + 3);
    expect(origins(brushed)).toEqual(['upstream>computed', 'edge-cache', 'edge-cache', 'edge-cache', 'edge-cache']);
    expect(await tierItems(edgeA, 'upstream')).toBe(forwarded + 1);
    expect(await metric(upstream, 'vegafusion_queries_total')).toBe(queries + 1);
    expect(await indexAnswers()).toBeGreaterThan(before);

    // The brushed counts are the upstream's own answer.
    const direct = await connect(upstream.url, { authorization: `Bearer ${UP_TOKEN}` });
    const straight = await direct.query(load(4, brush(500, 1000)));
    expect(decoded(brushed)).toEqual(decoded(straight));
    const rows = decoded(brushed)[0] as { value: { count: number }[] };
    expect(rows.value.reduce((n, r) => n + r.count, 0)).toBeGreaterThan(0);
    a.close();
    direct.close();
  }, 60_000);

  it('computes at the edge what a slider changes over a table it holds', async () => {
    const byOrigin = [
      { type: 'formula', expr: 'floor(datum.distance / 100)', as: 'band' },
      { type: 'aggregate', groupby: ['band'], ops: ['count', 'mean'], fields: ['delay', 'delay'], as: ['flights', 'mean_delay'] },
    ];
    const busy = [
      { type: 'filter', expr: 'datum.flights >= threshold' },
      { type: 'formula', expr: '"band " + datum.band + ": " + round(datum.mean_delay)', as: 'label' },
      { type: 'collect', sort: { field: 'flights', order: 'descending' } },
    ];
    const graph = (threshold: number): ITaskGraph => ({
      nodes: [
        { variable: { name: 'source_0', namespace: Namespace.NAMESPACE_DATA }, task: { url: { url: 'data/flights-200k.arrow', formatJson: '{"type":"arrow"}' } } },
        { variable: { name: 'by_origin', namespace: Namespace.NAMESPACE_DATA }, task: { source: { source: 'source_0', pipelineJson: JSON.stringify(byOrigin) } }, parents: [0] },
        { variable: { name: 'threshold' }, task: { value: { json: encodeJsonValue(threshold) } } },
        { variable: { name: 'busy', namespace: Namespace.NAMESPACE_DATA }, task: { source: { source: 'by_origin', pipelineJson: JSON.stringify(busy) } }, parents: [1, 2] },
      ],
    });
    const ask = (requestId: number, threshold: number): IQuery => ({ requestId, timeZone: 'UTC', graph: graph(threshold), items: [{ node: 1 }, { node: 3, columns: ['label', 'flights'] }] });
    const a = await connect(edgeA.url);
    const direct = await connect(upstream.url, { authorization: `Bearer ${UP_TOKEN}` });
    const first = await a.query(ask(1, 1000));
    expect(first.error ?? null).toBeNull();
    expect(origins(first)).toEqual(['upstream>computed', 'upstream>computed']);
    const queries = await metric(upstream, 'vegafusion_queries_total');
    for (const [k, threshold] of [2000, 5000, 500].entries()) {
      const moved = await a.query(ask(2 + k, threshold));
      expect(origins(moved)).toEqual(['edge-cache', 'edge-computed']);
      // Exactly what the upstream computes from the file.
      expect(decoded(moved)).toEqual(decoded(await direct.query(ask(10 + k, threshold))));
    }
    const last = decoded(await a.query(ask(9, 500)))[1] as { value: { flights: number }[] };
    expect(last.value.length).toBeGreaterThan(1);
    expect(last.value.every((r) => r.flights >= 500)).toBe(true);
    expect(await metric(upstream, 'vegafusion_queries_total')).toBe(queries + 3); // the direct checks only
    a.close();
    direct.close();
  }, 60_000);

  it('passes large tables on as Arrow frames of their own to clients that read them', async () => {
    const c = await connect(edgeB.url);
    const rows = (requestId: number, arrowFrames: boolean): IQuery => ({ requestId, timeZone: 'UTC', graph: dashboard([]), items: [{ node: 0, columns: ['delay', 'distance'] }], arrowFrames });
    const framed = await c.query(rows(1, true));
    expect(c.frames(1)?.length).toBe(2);
    const again = await c.query(rows(2, true));
    expect(origins(again)).toEqual(['edge-cache']);
    expect(c.frames(2)?.length).toBe(2);
    const whole = await c.query(rows(3, false));
    expect(c.frames(3)?.length).toBe(1);
    const table = decoded(framed)[0] as { value: unknown[] };
    expect(table.value.length).toBe(200_000);
    expect(decoded(whole)).toEqual(decoded(framed));
    c.close();
  }, 60_000);

  it('turns concurrent identical misses into one upstream request', async () => {
    const edge = await startEdge(upstream);
    try {
      const clients = await Promise.all([connect(edge.url), connect(edge.url), connect(edge.url)]);
      const store = brush(100, 300);
      const replies = await Promise.all(clients.map((c, k) => c.query(load(10 + k, store))));
      for (const r of replies) expect(decoded(r)).toEqual(decoded(replies[0]));
      expect(await metric(edge, 'vegafusion_edge_forwarded_requests_total')).toBe(1);
      expect(await tierItems(edge, 'edge_shared')).toBeGreaterThanOrEqual(2 * 3);
      for (const c of clients) c.close();
    } finally {
      await edge.close();
    }
  }, 60_000);

  it('passes on upstream errors with their codes and the client\'s paths', async () => {
    const a = await connect(edgeA.url);
    const direct = await connect(upstream.url, { authorization: `Bearer ${UP_TOKEN}` });
    const graph = dashboard([]);
    // The failing node comes after nodes the edge keeps to itself: its index differs upstream.
    graph.nodes!.push({ variable: { name: 'bad', namespace: Namespace.NAMESPACE_DATA }, task: { source: { source: 'source_0', pipelineJson: JSON.stringify([{ type: 'frobnicate', field: 'delay' }]) } }, parents: [0] });
    const query: IQuery = { requestId: 5, timeZone: 'UTC', graph, items: [{ node: 5 }, { node: 7 }] };
    const viaEdge = await a.query(query);
    const straight = await direct.query(query);
    expect(straight.error?.code).toBeTruthy();
    expect(viaEdge.error?.code).toBe(straight.error?.code);
    expect(viaEdge.error?.path).toBe(straight.error?.path);
    expect(viaEdge.error?.path).toMatch(/^\/nodes\/7\//);
    expect(viaEdge.error?.requestId).toBe(5);
    expect(await metric(edgeA, 'vegafusion_edge_upstream_errors_total')).toBeGreaterThanOrEqual(1);
    a.close();
    direct.close();
  }, 60_000);

  it('says so when the upstream refuses the edge\'s token, and serves what it can compute itself', async () => {
    const edge = await startEdge(upstream, 'not-the-token');
    try {
      const c = await connect(edge.url);
      const refused = await c.query(load(1));
      expect(refused.error?.code).toBe('unauthorized');
      expect(refused.error?.message).toMatch(/VEGAFUSION_UPSTREAM_TOKEN/);
      const local = await c.query({ requestId: 2, timeZone: 'UTC', graph: dashboard([]), items: [{ node: 5 }, { node: 6 }] });
      expect(origins(local)).toEqual(['edge-computed', 'edge-computed']);
      c.close();
    } finally {
      await edge.close();
    }
  }, 30_000);

  it('forwards uploads and capabilities to the upstream', async () => {
    const rows = JSON.stringify([{ k: 'x', v: 1 }, { k: 'y', v: 2 }, { k: 'x', v: 5 }]);
    const res = await fetch(`${edgeA.url}/datasets?format=json`, { method: 'POST', body: rows, headers: { 'content-type': 'application/octet-stream' } });
    expect(res.status).toBe(201);
    const stored = (await res.json()) as { url: string; hash: string };
    expect(upstream.sources.uploads.has(stored.hash)).toBe(true);
    expect(edgeA.sources.uploads.has(stored.hash)).toBe(false);
    expect((await fetch(`${edgeB.url}/datasets/${stored.hash}`, { method: 'HEAD' })).status).toBe(200);

    const b = await connect(edgeB.url);
    const reply = await b.query({
      requestId: 1, timeZone: 'UTC', items: [{ node: 0 }],
      graph: { nodes: [{ variable: { name: 't', namespace: Namespace.NAMESPACE_DATA }, task: { url: { url: stored.url, formatJson: '{"type":"json"}', pipelineJson: JSON.stringify([{ type: 'aggregate', groupby: ['k'], ops: ['sum'], fields: ['v'], as: ['s'] }]) } } }] },
    });
    expect(decoded(reply)[0]).toMatchObject({ value: [{ k: 'x', s: 6 }, { k: 'y', s: 2 }] });

    const capabilities = (await (await fetch(`${edgeA.url}/capabilities`)).json()) as { transforms: string[] };
    expect(capabilities).toEqual(upstream.capabilities);
    b.send({ capabilities: { requestId: 42 } });
    expect((await b.reply(42)).capabilities?.transforms).toEqual(upstream.capabilities.transforms);
    b.close();

    // Deletes go upstream too.
    expect((await fetch(`${edgeA.url}/datasets/${stored.hash}`, { method: 'DELETE' })).status).toBe(204);
    expect(upstream.sources.uploads.has(stored.hash)).toBe(false);
    const again = await fetch(`${edgeB.url}/datasets/${stored.hash}`, { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect(await again.json()).toMatchObject({ code: 'dataset_missing' });
  }, 60_000);

  it('stacks: edge -> regional -> central, with no special case', async () => {
    const regional = await startEdge(upstream);
    const local = await startEdge(regional, '');
    try {
      const c = await connect(local.url);
      const store = brush(1200, 1400);
      const first = await c.query(load(1, store));
      expect(origins(first)[0]).toBe('upstream>upstream>computed');
      const again = await c.query(load(2, store));
      expect(origins(again)[0]).toBe('edge-cache');
      expect(decoded(again)).toEqual(decoded(first));
      // Another edge on the same regional gets the regional's cache.
      const sibling = await startEdge(regional, '');
      const s = await connect(sibling.url);
      expect(origins(await s.query(load(3, store)))[0]).toBe('upstream>edge-cache');
      s.close();
      await sibling.close();
      c.close();
    } finally {
      await local.close();
      await regional.close();
    }
  }, 60_000);
});
