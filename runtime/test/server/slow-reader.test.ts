/**
 * A client that sends queries and never reads the replies holds at most a small bound of
 * reply bytes (and the replies of queries already running): past it its further queries
 * wait, and once it has read nothing for a while its socket is destroyed and the bytes
 * freed. A client that reads, however much, is never cut off.
 */
import { connect as connectTcp, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeClientMessage, Namespace, type IQuery } from '@vegafusion-ts/proto';
import { startRuntime, silentLogger, type RuntimeHandle } from '../../src/index.js';
import { connect } from '../support/ws-client.js';
import { metricValue, waitUntil } from './helpers.js';

const MB = 1024 * 1024;
let runtime: RuntimeHandle;

/** A query for the numbers start, start + 1, ... below stop (8 bytes each in the reply). */
const sequenceQuery = (requestId: number, stop: number, start = 0.5): IQuery => ({
  requestId, timeZone: 'UTC', items: [{ node: 0 }],
  graph: { nodes: [{ variable: { name: 'd', namespace: Namespace.NAMESPACE_DATA }, task: { values: { valuesJson: '[]', pipelineJson: JSON.stringify([{ type: 'sequence', start, stop }]) } } }] },
});
const query = (requestId: number): IQuery => sequenceQuery(requestId, 200_000);

/** A client-to-server WebSocket frame (binary, masked), written by hand. */
function frame(payload: Uint8Array): Buffer {
  const n = payload.byteLength;
  const head = n < 126 ? Buffer.from([0x82, 0x80 | n]) : n < 65536 ? Buffer.from([0x82, 0x80 | 126, n >> 8, n & 255]) : Buffer.concat([Buffer.from([0x82, 0x80 | 127]), Buffer.from(new BigUint64Array([BigInt(n)]).buffer).reverse()]);
  const mask = Buffer.from([1, 2, 3, 4]);
  const body = Buffer.from(payload).map((b, i) => b ^ mask[i % 4]);
  return Buffer.concat([head, mask, body]);
}

/** A WebSocket client that completes the handshake, then stops reading its socket. */
async function deafClient(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  const socket = connectTcp(Number(port), hostname);
  await new Promise((r) => socket.once('connect', r));
  socket.write(`GET /ws HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`);
  const head = await new Promise<string>((resolve) => socket.once('data', (d: Buffer) => resolve(d.toString())));
  expect(head).toMatch(/^HTTP\/1.1 101/);
  socket.pause();
  socket.on('error', () => undefined);
  return socket;
}

beforeAll(async () => {
  runtime = await startRuntime({ port: 0, logger: silentLogger, maxBufferedBytes: 2 * MB, bufferStallMs: 2500, maxConcurrentQueries: 64, maxRunningQueries: 2 });
});

afterAll(async () => {
  await runtime?.close();
});

describe('a client that does not read its replies', () => {
  it('holds no more than the bound and the replies running, then is cut off and its bytes freed', async () => {
    const deaf = await deafClient(runtime.url);
    const metrics = async () => (await fetch(`${runtime.url}/metrics`)).text();
    try {
      for (let id = 1; id <= 48; id++) deaf.write(frame(encodeClientMessage({ query: query(id) })));
      // Until it is cut off: what it holds stays within the bound plus the two replies that
      // may be running when it crosses it (1.6 MB each), and the rest of its queries wait.
      let peak = 0;
      let heldBack = 0;
      while (runtime.server.metrics.connectionsDropped === 0) {
        const text = await metrics();
        peak = Math.max(peak, metricValue(text, 'vegafusion_buffered_reply_bytes'));
        heldBack = Math.max(heldBack, metricValue(text, 'vegafusion_queries_queued'));
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(peak).toBeGreaterThan(2 * MB);
      expect(peak).toBeLessThan(2 * MB + 2 * 1.7 * MB);
      expect(heldBack).toBeGreaterThan(24);
      await waitUntil(() => runtime.server.metrics.connectionsOpen === 0, 5000, 'its connection to close');
      const text = await metrics();
      expect(metricValue(text, 'vegafusion_buffered_reply_bytes')).toBe(0);
      expect(metricValue(text, 'vegafusion_connections_dropped_unread_total')).toBe(1);
      expect(metricValue(text, 'vegafusion_queries_queued')).toBe(0);
      // Far fewer than its 48 replies (77 MB) were ever written.
      expect(metricValue(text, 'vegafusion_bytes_sent_total')).toBeLessThan(24 * MB);
    } finally {
      deaf.destroy();
    }
  }, 30_000);

  it('while one that reads as much is never cut off', async () => {
    const before = runtime.server.metrics.connectionsDropped;
    const client = await connect(runtime.url);
    try {
      const replies = await Promise.all(Array.from({ length: 48 }, (_, i) => client.query(query(1000 + i))));
      expect(replies.every((r) => r.result)).toBe(true);
      await new Promise((r) => setTimeout(r, 3000));
      expect(client.ws.readyState).toBe(client.ws.OPEN);
      expect(runtime.server.metrics.connectionsDropped).toBe(before);
    } finally {
      client.close();
    }
  }, 30_000);
});

describe('a client over its bound', () => {
  it('has its further queries wait, the wait counting toward their time limit', async () => {
    const own = await startRuntime({ port: 0, logger: silentLogger, maxBufferedBytes: 1 * MB, bufferStallMs: 20_000, queryTimeoutMs: 2000, maxRunningQueries: 1 });
    const client = await connect(own.url);
    const socket = (client.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    try {
      // Computed once while the client reads: the replies below come from the cache at once.
      expect((await client.query(sequenceQuery(100, 1_000_000))).result).toBeTruthy();
      socket.pause();
      // Replies of 8 MB each fill the loopback buffers and pass the bound after a few.
      const replies = [1, 2, 3, 4, 5, 6].map((id) => client.query(sequenceQuery(id, 1_000_000)));
      const last = client.query(sequenceQuery(7, 3, 0));
      await waitUntil(() => own.server.metrics.timedOut > 0, 10_000, 'the held queries to time out');
      const text = await (await fetch(`${own.url}/metrics`)).text();
      expect(metricValue(text, 'vegafusion_buffered_reply_bytes')).toBeGreaterThan(1 * MB);
      expect(metricValue(text, 'vegafusion_queries_running')).toBe(0);
      socket.resume();
      const reply = await last;
      expect(reply.error?.code).toBe('limit_exceeded');
      expect(reply.error?.message).toMatch(/^Query 7 waited \d+ ms for its turn, past the time limit of 2000 ms, and was not run$/);
      const answered = await Promise.all(replies);
      expect(answered.filter((m) => m.result).length).toBeGreaterThan(0);
      expect(own.server.metrics.droppedUnread).toBe(0);
    } finally {
      client.close();
      await own.close();
    }
  }, 30_000);

  it('is told why it is cut off when it reads again, with close code 1008', async () => {
    const own = await startRuntime({ port: 0, logger: silentLogger, maxBufferedBytes: 1 * MB, bufferStallMs: 800, maxRunningQueries: 1 });
    const client = await connect(own.url);
    const socket = (client.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    const closed = new Promise<[number, string]>((resolve) => client.ws.once('close', (code, reason) => resolve([code, reason.toString()])));
    try {
      socket.pause();
      for (let id = 1; id <= 6; id++) void client.query(sequenceQuery(id, 1_000_000));
      await waitUntil(() => own.server.metrics.droppedUnread === 1, 10_000, 'the stalled client to be closed');
      socket.resume();
      const [code, reason] = await closed;
      expect(code).toBe(1008);
      expect(reason).toMatch(/^Replies unread: \d+ bytes for 800 ms, over the limit of 1048576$/);
    } finally {
      client.close();
      await own.close();
    }
  }, 30_000);
});
