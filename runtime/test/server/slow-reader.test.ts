/**
 * A client that sends queries and never reads the replies holds at most a small bound of
 * reply bytes: past it, once it has read nothing for a while, its socket is destroyed and
 * the bytes freed. A client that reads, however much, is never cut off.
 */
import { connect as connectTcp, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeClientMessage, Namespace, type IQuery } from '@vegafusion-ts/proto';
import { startRuntime, silentLogger, type RuntimeHandle } from '../../src/index.js';
import { connect } from '../support/ws-client.js';
import { metricValue, waitUntil } from './helpers.js';

const MB = 1024 * 1024;
let runtime: RuntimeHandle;

const query = (requestId: number): IQuery => ({
  requestId, timeZone: 'UTC', items: [{ node: 0 }],
  graph: { nodes: [{ variable: { name: 'd', namespace: Namespace.NAMESPACE_DATA }, task: { values: { valuesJson: '[]', pipelineJson: JSON.stringify([{ type: 'sequence', start: 0.5, stop: 200_000 }]) } } }] },
});

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
  runtime = await startRuntime({ port: 0, logger: silentLogger, maxBufferedBytes: 2 * MB, bufferStallMs: 2500, maxConcurrentQueries: 64 });
});

afterAll(async () => {
  await runtime?.close();
});

describe('a client that does not read its replies', () => {
  it('is cut off past the bound, and its reply bytes are freed', async () => {
    const deaf = await deafClient(runtime.url);
    try {
      for (let id = 1; id <= 48; id++) deaf.write(frame(encodeClientMessage({ query: query(id) })));
      await waitUntil(() => runtime.server.metrics.connectionsDropped === 1, 20_000, 'the deaf client to be cut off');
      await waitUntil(() => runtime.server.metrics.connectionsOpen === 0, 5000, 'its connection to close');
      const text = await (await fetch(`${runtime.url}/metrics`)).text();
      expect(metricValue(text, 'vegafusion_buffered_reply_bytes')).toBe(0);
      expect(metricValue(text, 'vegafusion_bytes_sent_total')).toBeGreaterThan(8 * MB);
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
