/** The `ws` package's WebSocket as the client's socket factory (Node 20 has no global WebSocket). */
import { WebSocket } from 'ws';
import type { WebSocketFactory, WebSocketLike } from '../../src/client/websocket.js';

export const wsFactory: WebSocketFactory = (url) => new WebSocket(url) as unknown as WebSocketLike;

/** Resolves once `predicate` holds, polling every few ms; rejects after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
