/**
 * The small part of the WebSocket interface the client uses. The browser's WebSocket and
 * the `ws` package's both satisfy it, so Node (tests, harnesses) can inject `ws`.
 */
import { ClientError } from './errors.js';

export interface WebSocketMessageEvent {
  data: unknown;
}

export interface WebSocketCloseEvent {
  code?: number;
  reason?: string;
}

export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: WebSocketMessageEvent) => void) | null;
  onclose: ((event: WebSocketCloseEvent) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
}

/** Opens a socket to `url`; injected in Node, the global `WebSocket` in browsers. */
export type WebSocketFactory = (url: string) => WebSocketLike;

/** WebSocket ready state: open. */
export const SOCKET_OPEN = 1;

/** The browser's WebSocket, or an error saying how to supply one. */
export function defaultWebSocketFactory(url: string): WebSocketLike {
  const ctor = (globalThis as { WebSocket?: new (url: string) => WebSocketLike }).WebSocket;
  if (!ctor) {
    throw new ClientError('no_websocket',
      'No global WebSocket; pass options.createWebSocket (e.g. (url) => new WebSocket(url) from the "ws" package)');
  }
  return new ctor(url);
}

/**
 * The runtime's WebSocket URL from what a user may pass: `http(s)://host:port` (the
 * runtime's base URL), or `ws(s)://host:port/ws`. A bare origin gets the `/ws` path; a
 * token becomes the `token` query parameter.
 */
export function toWebSocketUrl(runtimeUrl: string, token?: string): string {
  const base = (globalThis as { location?: { href: string } }).location?.href;
  const url = base ? new URL(runtimeUrl, base) : new URL(runtimeUrl);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/ws';
  if (token) url.searchParams.set('token', token);
  return url.toString();
}

/** The runtime's HTTP base URL (for /health, /metrics, /capabilities) from its WebSocket URL. */
export function toHttpBaseUrl(runtimeUrl: string): string {
  const url = new URL(toWebSocketUrl(runtimeUrl));
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  url.pathname = '/';
  url.search = '';
  return url.toString().replace(/\/$/, '');
}

/** Binary frame payload as bytes, whatever the socket implementation delivered. */
export function frameBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (Array.isArray(data) && data.every((d) => d instanceof Uint8Array)) {
    const parts = data as Uint8Array[];
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const p of parts) {
      out.set(p, offset);
      offset += p.length;
    }
    return out;
  }
  throw new ClientError('bad_reply', `Expected a binary frame from the runtime, got ${typeof data}`);
}
