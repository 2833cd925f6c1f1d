/**
 * Limits that need their own runtime: the cache byte bound, the heartbeat that drops a
 * peer that went silent, and the flags that configure every limit.
 */
import { describe, expect, it } from 'vitest';
import { arrowToRows, decodeArrow, Namespace, type ITaskGraph } from '@vegafusion-ts/proto';
import { startRuntime, silentLogger } from '../../src/index.js';
import { ConfigError, parseConfig } from '../../src/config.js';
import { connect } from '../support/ws-client.js';
import { metricValue, waitUntil } from './helpers.js';

const sequence = (stop: number): ITaskGraph => ({
  nodes: [{ variable: { name: 'd', namespace: Namespace.NAMESPACE_DATA }, task: { values: { valuesJson: '[]', pipelineJson: JSON.stringify([{ type: 'sequence', start: 0, stop }]) } } }],
});

describe('the cache byte bound', () => {
  it('evicts to stay within its bytes and still answers correctly', async () => {
    const runtime = await startRuntime({ port: 0, logger: silentLogger, cacheBytes: 64 * 1024 });
    const client = await connect(runtime.url);
    try {
      for (let i = 0; i < 30; i++) {
        const stop = 2000 + i;
        const reply = await client.query({ requestId: i + 1, timeZone: 'UTC', graph: sequence(stop), items: [{ node: 0 }] });
        const rows = arrowToRows(decodeArrow(reply.result!.values![0].value!.arrow!));
        expect(rows).toHaveLength(stop);
        expect(rows[stop - 1]).toEqual({ data: stop - 1 });
        expect(runtime.services.values.stats().bytes).toBeLessThanOrEqual(64 * 1024);
      }
      const text = await (await fetch(`${runtime.url}/metrics`)).text();
      expect(metricValue(text, 'vegafusion_cache_evictions_total')).toBeGreaterThan(0);
      expect(metricValue(text, 'vegafusion_cache_bytes')).toBeLessThanOrEqual(64 * 1024);
    } finally {
      client.close();
      await runtime.close();
    }
  });
});

describe('the heartbeat', () => {
  it('drops a peer that stops answering pings, and keeps one that answers', async () => {
    const runtime = await startRuntime({ port: 0, logger: silentLogger, heartbeatMs: 100 });
    const silent = await connect(runtime.url);
    const lively = await connect(runtime.url);
    try {
      const closed = new Promise<number>((resolve) => silent.ws.once('close', (code) => resolve(code)));
      // A vanished peer: its socket is never read again, so no pong comes back.
      (silent.ws as unknown as { _socket: { pause(): void } })._socket.pause();
      await waitUntil(() => runtime.server.metrics.connectionsDropped > 0, 3000, 'the silent peer to be dropped');
      (silent.ws as unknown as { _socket: { resume(): void } })._socket.resume();
      expect(await closed).toBe(1006);
      await new Promise((r) => setTimeout(r, 300));
      const reply = await lively.query({ requestId: 1, timeZone: 'UTC', graph: sequence(3), items: [{ node: 0 }] });
      expect(reply.error).toBeFalsy();
      expect(runtime.server.metrics.connectionsDropped).toBe(1);
    } finally {
      silent.close();
      lively.close();
      await runtime.close();
    }
  });
});

describe('the heartbeat through a long stretch of work', () => {
  it('keeps a peer whose pong waited unread while this process was busy', async () => {
    const runtime = await startRuntime({ port: 0, logger: silentLogger, heartbeatMs: 100 });
    const peer = await connect(runtime.url);
    try {
      // The pong goes out at once; then the process is busy for more than two heartbeats,
      // so the runtime's next tick comes before it has read that pong.
      let blocked = 0;
      peer.ws.on('ping', () => {
        if (blocked++ > 0) return;
        const until = Date.now() + 250;
        while (Date.now() < until) { /* work that does not yield */ }
      });
      await waitUntil(() => blocked > 0, 3000, 'a ping');
      await new Promise((r) => setTimeout(r, 600));
      expect(runtime.server.metrics.connectionsDropped).toBe(0);
      const reply = await peer.query({ requestId: 1, timeZone: 'UTC', graph: sequence(3), items: [{ node: 0 }] });
      expect(reply.error).toBeFalsy();
    } finally {
      peer.close();
      await runtime.close();
    }
  });
});

describe('limit flags', () => {
  it('reads every limit from flags and environment', () => {
    const c = parseConfig([
      '--max-message-bytes', '1MB', '--max-graph-nodes', '99', '--query-timeout-ms', '1500', '--max-result-rows', '10',
      '--max-result-bytes', '2MB', '--max-upload-bytes=3MB', '--max-concurrent-queries', '4', '--max-connections', '50',
      '--heartbeat-ms', '0', '--shutdown-grace-ms', '250', '--cache-bytes', '5MB', '--max-running-queries', '3',
    ], { VEGAFUSION_MAX_CONNECTIONS: '7', VEGAFUSION_MAX_BUFFERED_BYTES: '1MB' });
    expect(c).toMatchObject({
      maxMessageBytes: 1024 * 1024, maxGraphNodes: 99, queryTimeoutMs: 1500, maxResultRows: 10, maxResultBytes: 2 * 1024 * 1024,
      maxUploadBytes: 3 * 1024 * 1024, maxConcurrentQueries: 4, maxConnections: 50, heartbeatMs: 0, shutdownGraceMs: 250,
      cacheBytes: 5 * 1024 * 1024, maxRunningQueries: 3, maxBufferedBytes: 1024 * 1024,
    });
    expect(parseConfig([], { VEGAFUSION_MAX_CONNECTIONS: '7' }).maxConnections).toBe(7);
  });

  it('refuses limits that would make the runtime unusable', () => {
    expect(() => parseConfig(['--max-concurrent-queries', '0'], {})).toThrow(ConfigError);
    expect(() => parseConfig(['--max-running-queries', '0'], {})).toThrow(/--max-running-queries must be at least 1/);
    expect(() => parseConfig(['--query-timeout-ms', '0'], {})).toThrow(/--query-timeout-ms must be at least 1/);
    expect(() => parseConfig(['--max-connections', '-1'], {})).toThrow(ConfigError);
  });
});
