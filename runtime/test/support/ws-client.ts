/**
 * A minimal client written only against proto/: what any client of the runtime does.
 */
import WebSocket from 'ws';
import {
  encodeClientMessage, ServerFrameReader, type IClientMessage, type IQuery, type ServerMessage,
} from '@vegafusion-ts/proto';

export interface TestClient {
  send(message: Omit<IClientMessage, 'version'>): void;
  sendRaw(bytes: Uint8Array | string): void;
  /** The next reply whose request id is `id` (errors included). */
  reply(id: number): Promise<ServerMessage>;
  query(query: IQuery): Promise<ServerMessage>;
  /** The sizes of the WebSocket frames the reply to request `id` came in. */
  frames(id: number): number[] | undefined;
  close(): void;
  ws: WebSocket;
}

export async function connect(url: string, headers: Record<string, string> = {}): Promise<TestClient> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, { headers });
  const waiting = new Map<number, (m: ServerMessage) => void>();
  const early = new Map<number, ServerMessage>();
  // Replies with Arrow frames (to queries that set arrowFrames) come in several frames.
  const reader = new ServerFrameReader();
  const sizes = new Map<number, number[]>();
  let arriving: number[] = [];
  ws.on('message', (data: Buffer) => {
    arriving.push(data.byteLength);
    const m = reader.push(new Uint8Array(data));
    if (!m) return;
    const id = m.result?.requestId ?? m.error?.requestId ?? m.capabilities?.requestId ?? 0;
    sizes.set(id, arriving);
    arriving = [];
    const w = waiting.get(id);
    if (w) {
      waiting.delete(id);
      w(m);
    } else early.set(id, m);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const reply = (id: number) => new Promise<ServerMessage>((resolve) => {
    const m = early.get(id);
    if (m) {
      early.delete(id);
      resolve(m);
    } else waiting.set(id, resolve);
  });
  return {
    ws,
    send: (message) => ws.send(encodeClientMessage(message)),
    sendRaw: (bytes) => ws.send(bytes),
    reply,
    frames: (id) => sizes.get(id),
    query(query) {
      ws.send(encodeClientMessage({ query }));
      return reply(query.requestId ?? 0);
    },
    close: () => ws.close(),
  };
}
