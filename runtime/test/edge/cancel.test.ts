/**
 * Cancellation through an edge whose link to the upstream is slow (a delaying proxy, 150
 * ms each way): a client's Cancel withdraws the forwarded request upstream when nobody
 * else waits for it, and does not when another session waits for the same values. A link
 * that goes silent without closing is found by its pings and replaced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Namespace, type IQuery } from '@vegafusion-ts/proto';
import { createServices, defaultConfig, startRuntime, silentLogger, type RuntimeHandle } from '../../src/index.js';
import { createEdge, createUpstreamLink } from '../../src/edge/index.js';
import { startDelayProxy, type DelayProxy } from '../../../scripts/edge-drill/delay-proxy.js';
import { connect } from '../support/ws-client.js';
import { metricValue } from '../server/helpers.js';

function query(requestId: number, maxbins: number): IQuery {
  return {
    requestId, timeZone: 'UTC', items: [{ node: 1 }],
    graph: {
      nodes: [
        { variable: { name: 'source_0', namespace: Namespace.NAMESPACE_DATA }, task: { url: { url: 'data/cars.json', formatJson: '{"type":"json"}' } } },
        {
          variable: { name: 'hist', namespace: Namespace.NAMESPACE_DATA }, parents: [0],
          task: { source: { source: 'source_0', pipelineJson: JSON.stringify([{ type: 'bin', field: 'Horsepower', extent: [0, 250], maxbins, as: ['b0', 'b1'] }, { type: 'aggregate', groupby: ['b0'], ops: ['count'], as: ['n'] }]) } },
        },
      ],
    },
  };
}

let upstream: RuntimeHandle;
let proxy: DelayProxy;
let edge: RuntimeHandle;
const edgeMetric = async (name: string) => metricValue(await (await fetch(`${edge.url}/metrics`)).text(), name);

beforeAll(async () => {
  upstream = await startRuntime({ port: 0, logger: silentLogger });
  proxy = await startDelayProxy(upstream.port, 150);
  edge = await startRuntime({ port: 0, logger: silentLogger, upstream: `ws://127.0.0.1:${proxy.port}/ws` });
}, 60_000);

afterAll(async () => {
  await edge?.close();
  await proxy?.close();
  await upstream?.close();
});

describe('cancellation through an edge', () => {
  it('withdraws the forwarded request when its only client cancels', async () => {
    const c = await connect(edge.url);
    // Warm the link so the request is sent at once.
    expect((await c.query(query(1, 10))).error ?? null).toBeNull();
    const pending = c.query(query(2, 20));
    await new Promise((r) => setTimeout(r, 50));
    c.send({ cancel: { requestId: 2 } });
    const reply = await pending;
    expect(reply.error?.code).toBe('cancelled');
    expect(reply.error?.requestId).toBe(2);
    expect(await edgeMetric('vegafusion_edge_upstream_cancelled_total')).toBe(1);
    // The same values are asked again afresh, and answered.
    const again = await c.query(query(3, 20));
    expect(again.error ?? null).toBeNull();
    expect(again.result?.values?.[0].origin).toMatch(/^upstream>/);
    c.close();
  }, 30_000);

  it('keeps the forwarded request for a session that still waits for it', async () => {
    const a = await connect(edge.url);
    const b = await connect(edge.url);
    const cancelledBefore = await edgeMetric('vegafusion_edge_upstream_cancelled_total');
    const forwardedBefore = await edgeMetric('vegafusion_edge_forwarded_requests_total');
    const first = a.query(query(1, 30));
    await new Promise((r) => setTimeout(r, 20));
    const second = b.query(query(1, 30));
    await new Promise((r) => setTimeout(r, 30));
    a.send({ cancel: { requestId: 1 } });
    expect((await first).error?.code).toBe('cancelled');
    const answered = await second;
    expect(answered.error ?? null).toBeNull();
    expect(answered.result?.values?.[0].origin).toBe('edge-shared');
    expect(await edgeMetric('vegafusion_edge_upstream_cancelled_total')).toBe(cancelledBefore);
    expect(await edgeMetric('vegafusion_edge_forwarded_requests_total')).toBe(forwardedBefore + 1);
    a.close();
    b.close();
  }, 30_000);
});

describe('an upstream link gone silent', () => {
  it('is found by its unanswered pings and replaced; the waiting request is sent again and answered', async () => {
    const through = await startDelayProxy(upstream.port, 0);
    const link = createUpstreamLink({ url: `ws://127.0.0.1:${through.port}/ws`, logger: silentLogger, heartbeatMs: 100, initialDelayMs: 20 });
    const made = await createServices({ ...defaultConfig(), dataRoots: [] });
    const silent = createEdge({ upstream: `ws://127.0.0.1:${through.port}/ws`, services: made.services, cacheBytes: 1 << 24, maxInlineBytes: 1 << 20, logger: silentLogger, link });
    try {
      const first = await silent.answer(query(1, 40), new AbortController().signal);
      expect(first.values?.[0].origin).toBe('upstream>computed');
      // The request is on its way when the link goes silent (its bytes reach the proxy on a
      // later turn, and are dropped): it waits until the pings find the link dead.
      const pending = silent.answer(query(2, 41), new AbortController().signal);
      through.blackhole();
      const second = await pending;
      expect(second.values?.[0].origin).toBe('upstream>computed');
      expect(link.stats().disconnects).toBeGreaterThanOrEqual(1);
      expect(link.stats().resent).toBeGreaterThanOrEqual(1);
    } finally {
      silent.close();
      await made.engine.close();
      await through.close();
    }
  }, 30_000);
});
