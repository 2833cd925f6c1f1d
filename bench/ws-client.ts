/**
 * A bench client of the runtime written against proto/ only: sends Query messages over
 * one WebSocket and times each round trip, counting the bytes the server sent back.
 */
import WebSocket from 'ws';
import {
  encodeClientMessage, ServerFrameReader, type IQuery, type ServerMessage,
} from '@vegafusion-ts/proto';

export interface Timed {
  ms: number;
  bytes: number;
  message: ServerMessage;
}

export interface BenchClient {
  query(query: Omit<IQuery, 'requestId'>): Promise<Timed>;
  close(): void;
}

export async function connectClient(url: string): Promise<BenchClient> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, { perMessageDeflate: false });
  const waiting = new Map<number, (m: { message: ServerMessage; bytes: number } | Error) => void>();
  let nextId = 1;
  // As the React component reads replies: large tables as frames of their own.
  const reader = new ServerFrameReader();
  let frameBytes = 0;
  ws.on('message', (data: Buffer) => {
    frameBytes += data.byteLength;
    const message = reader.push(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    if (!message) return;
    const bytes = frameBytes;
    frameBytes = 0;
    const id = message.result?.requestId ?? message.error?.requestId ?? 0;
    const w = waiting.get(id);
    if (w) {
      waiting.delete(id);
      w({ message, bytes });
    }
  });
  // A runtime that goes away (killed, out of memory) fails what waits on it.
  ws.on('close', () => {
    for (const w of waiting.values()) w(new Error('the runtime closed the connection'));
    waiting.clear();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    query(query) {
      const requestId = nextId++;
      const started = performance.now();
      return new Promise<Timed>((resolve, reject) => {
        // Index builds over 100M rows on a loaded machine take minutes (more with
        // VEGAFUSION_QUERY_TIMEOUT_MS, which the runtime under test also reads).
        const limit = Number(process.env.VEGAFUSION_QUERY_TIMEOUT_MS ?? 900_000);
        const timer = setTimeout(() => { waiting.delete(requestId); reject(new Error(`request ${requestId} timed out`)); }, limit);
        waiting.set(requestId, (reply) => {
          clearTimeout(timer);
          if (reply instanceof Error) reject(reply);
          else if (reply.message.error) reject(new Error(`${reply.message.error.code}: ${reply.message.error.message}`));
          else resolve({ ms: performance.now() - started, bytes: reply.bytes, message: reply.message });
        });
        ws.send(encodeClientMessage({ query: { arrowFrames: true, ...query, requestId } }));
      });
    },
    close: () => ws.close(),
  };
}
