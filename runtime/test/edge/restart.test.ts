/**
 * Restarts around an edge. While its upstream is gone the edge answers what it holds and
 * reconnects with backoff; the requests that waited are answered once the upstream is
 * back. Brushing sessions (the browser client, reconnecting) on an edge lose nothing when
 * the upstream or the edge itself is killed and started again on its port. The runtimes
 * of the session tests are real processes (the CLI).
 */
import { describe, expect, it } from 'vitest';
import { encodeJsonValue, Namespace, type IQuery } from '@vegafusion-ts/proto';
import { defaultDataRoot } from '../../src/config.js';
import { startRuntime, silentLogger } from '../../src/index.js';
import { runBrushSessions } from '../../../scripts/scale-out/brush-sessions.js';
import { CLUSTER_TOKEN, startRuntimeProcess, type RuntimeProcess } from '../../../scripts/scale-out/cluster.js';
import { connect } from '../support/ws-client.js';
import { metricValue } from '../server/helpers.js';

function summary(requestId: number, field: string): IQuery {
  return {
    requestId, timeZone: 'UTC', items: [{ node: 1 }],
    graph: {
      nodes: [
        { variable: { name: 'source_0', namespace: Namespace.NAMESPACE_DATA }, task: { url: { url: 'data/cars.json', formatJson: '{"type":"json"}' } } },
        { variable: { name: 's', namespace: Namespace.NAMESPACE_DATA }, task: { source: { source: 'source_0', pipelineJson: JSON.stringify([{ type: 'aggregate', ops: ['max'], fields: [field], as: ['m'] }]) } }, parents: [0] },
        { variable: { name: 'w' }, task: { value: { json: encodeJsonValue(1) } } },
      ],
    },
  };
}

describe('edge and upstream restarts', () => {
  it('serves hits while the upstream is gone and answers waiting misses once it is back', async () => {
    let upstream = await startRuntime({ port: 0, logger: silentLogger });
    const port = upstream.port;
    const edge = await startRuntime({ port: 0, logger: silentLogger, upstream: `ws://127.0.0.1:${port}/ws` });
    try {
      const c = await connect(edge.url);
      const first = await c.query(summary(1, 'Horsepower'));
      expect(first.error ?? null).toBeNull();
      await upstream.close();
      const hit = await c.query(summary(2, 'Horsepower'));
      expect(hit.result?.values?.[0].origin).toBe('edge-cache');
      // A miss waits for the upstream, which comes back on the same port.
      const waiting = c.query(summary(3, 'Displacement'));
      await new Promise((r) => setTimeout(r, 300));
      upstream = await startRuntime({ port, logger: silentLogger });
      const miss = await waiting;
      expect(miss.error ?? null).toBeNull();
      expect(miss.result?.values?.[0].origin).toBe('upstream>computed');
      const text = await (await fetch(`${edge.url}/metrics`)).text();
      expect(metricValue(text, 'vegafusion_edge_upstream_connects_total')).toBeGreaterThanOrEqual(2);
      expect(metricValue(text, 'vegafusion_edge_upstream_connected')).toBe(1);
      c.close();
    } finally {
      await edge.close();
      await upstream.close();
    }
  }, 60_000);

  it('fails over to the next of several upstream runtimes', async () => {
    const first = await startRuntime({ port: 0, logger: silentLogger });
    const second = await startRuntime({ port: 0, logger: silentLogger });
    const edge = await startRuntime({ port: 0, logger: silentLogger, upstream: `ws://127.0.0.1:${first.port}/ws,ws://127.0.0.1:${second.port}/ws` });
    const queries = async (r: typeof first) => metricValue(await (await fetch(`${r.url}/metrics`)).text(), 'vegafusion_queries_total');
    try {
      const c = await connect(edge.url);
      expect((await c.query(summary(1, 'Horsepower'))).result?.values?.[0].origin).toBe('upstream>computed');
      expect(await queries(first)).toBe(1);
      await first.close();
      const moved = await c.query(summary(2, 'Displacement'));
      expect(moved.error ?? null).toBeNull();
      expect(moved.result?.values?.[0].origin).toBe('upstream>computed');
      expect(await queries(second)).toBe(1);
      // Uploads follow the link.
      const res = await fetch(`${edge.url}/datasets?format=json`, { method: 'POST', body: '[{"v":1}]', headers: { 'content-type': 'application/octet-stream' } });
      expect(res.status).toBe(201);
      expect(second.sources.uploads.has(((await res.json()) as { hash: string }).hash)).toBe(true);
      c.close();
    } finally {
      await edge.close();
      await second.close();
      await first.close();
    }
  }, 60_000);

  for (const killed of ['upstream', 'edge'] as const) {
    it(`brushing sessions on an edge lose nothing when the ${killed} restarts`, async () => {
      const upstream: RuntimeProcess[] = [await startRuntimeProcess({ args: ['--threads', '1'] })];
      const edgeArgs = () => ['--threads', '1', '--upstream', `ws://127.0.0.1:${upstream[0].port}/ws`, '--upstream-token', CLUSTER_TOKEN];
      const edge: RuntimeProcess[] = [await startRuntimeProcess({ args: edgeArgs() })];
      const victim = killed === 'upstream' ? upstream : edge;
      let restarted = false;
      try {
        const crash = setTimeout(() => {
          const [old] = victim;
          void old.stop('SIGKILL').then(async () => {
            victim.push(await startRuntimeProcess({ port: old.port, args: killed === 'upstream' ? ['--threads', '1'] : edgeArgs() }));
            restarted = true;
          });
        }, 2000);
        const report = await runBrushSessions({ url: edge[0].url, token: CLUSTER_TOKEN, dataRoot: defaultDataRoot(), sessions: 4, durationMs: 7000, stepMs: 150 });
        clearTimeout(crash);
        expect(report.problems).toEqual([]);
        expect(report.errors + report.wrong).toBe(0);
        expect(report.finished).toBe(4);
        expect(restarted).toBe(true);
        if (killed === 'edge') expect(report.reconnects).toBeGreaterThanOrEqual(4);
        else {
          // The sessions never saw the upstream go: the edge reconnected for them.
          expect(report.reconnects).toBe(0);
          const text = await (await fetch(`${edge[0].url}/metrics`)).text();
          expect(metricValue(text, 'vegafusion_edge_upstream_connects_total')).toBeGreaterThanOrEqual(2);
        }
      } finally {
        for (const p of [...edge, ...upstream]) await p.stop('SIGKILL');
      }
    }, 90_000);
  }
});
