/**
 * An edge's one WebSocket to its upstream runtime: requests multiplexed by the edge's own
 * request ids, replies read with their Arrow frames, cancellation passed on, and a
 * reconnect with backoff when the upstream goes away. Requests waiting when the link
 * drops are sent again once it is back (the upstream keeps no session state, so any
 * upstream process answers them).
 */
import WebSocket from 'ws';
import {
  capabilitiesFromMessage, encodeClientMessage, ServerFrameReader,
  type IQuery, type IQueryResult, type RuntimeCapabilities, type ServerMessage,
} from '@vegafusion-ts/proto';
import { CancelledError, RuntimeError } from '../errors.js';
import type { Logger } from '../logger.js';
import { UpstreamError } from './upstream-error.js';

export interface UpstreamLinkOptions {
  /**
   * The upstream's WebSocket URL, e.g. ws://127.0.0.1:8765/ws, or several separated by
   * commas: runtime processes that can each answer any request (the next one is tried when
   * the link drops or a connection fails).
   */
  url: string;
  token?: string;
  logger: Logger;
  /** First reconnect delay (doubles up to maxDelayMs, with jitter). */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Largest reply accepted from the upstream, in bytes. */
  maxPayloadBytes?: number;
  /** Ping interval; an upstream that answers no ping for two intervals is reconnected to. 0: none. Default 15000. */
  heartbeatMs?: number;
}

export interface UpstreamReply {
  result: IQueryResult;
  /** Bytes of the reply's frames. */
  bytes: number;
  /** From the (last) send to the reply, in ms. */
  ms: number;
}

export interface UpstreamLinkStats {
  connected: boolean;
  connects: number;
  disconnects: number;
  /** Requests waiting for the upstream (sent, or waiting for the link). */
  waiting: number;
  requests: number;
  resent: number;
  cancelled: number;
  bytes: number;
}

export interface UpstreamLink {
  /** Sends a query (under a request id of the link's own) and resolves with its reply. */
  query(query: IQuery, signal?: AbortSignal): Promise<UpstreamReply>;
  /** The upstream's capabilities, asked once per connection. */
  capabilities(signal?: AbortSignal): Promise<RuntimeCapabilities>;
  stats(): UpstreamLinkStats;
  /** The URL the link uses (or tries) now. */
  currentUrl(): string;
  close(): void;
}

interface Pending {
  kind: 'query' | 'capabilities';
  bytes: Uint8Array;
  sent: boolean;
  sentAt: number;
  resolve(message: ServerMessage, bytes: number, ms: number): void;
  reject(error: Error): void;
}

export function createUpstreamLink(options: UpstreamLinkOptions): UpstreamLink {
  const { logger } = options;
  const initialDelay = options.initialDelayMs ?? 100;
  const maxDelay = options.maxDelayMs ?? 5000;
  const urls = options.url.split(',').map((u) => u.trim()).filter(Boolean);
  let current = 0;
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let ws: WebSocket | undefined;
  let open = false;
  let closed = false;
  let attempts = 0;
  let timer: NodeJS.Timeout | undefined;
  let reader = new ServerFrameReader();
  let frameBytes = 0;
  let capabilities: Promise<RuntimeCapabilities> | undefined;
  const stats = { connects: 0, disconnects: 0, requests: 0, resent: 0, cancelled: 0, bytes: 0 };

  const connect = () => {
    if (closed || ws) return;
    const headers: Record<string, string> = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const url = urls[current];
    const socket = new WebSocket(url, { headers, perMessageDeflate: false, maxPayload: options.maxPayloadBytes ?? 512 * 1024 * 1024 });
    ws = socket;
    socket.binaryType = 'nodebuffer';
    let alive = true;
    socket.on('pong', () => { alive = true; });
    const heartbeatMs = options.heartbeatMs ?? 15_000;
    // A peer gone without closing (a cut link) is found by its silence, not by TCP's timeout.
    const heartbeat = heartbeatMs > 0 ? setInterval(() => {
      if (!open) return;
      if (!alive) {
        logger.warn('edge: the upstream stopped answering pings; reconnecting', { url });
        socket.terminate();
        return;
      }
      alive = false;
      socket.ping();
    }, heartbeatMs) : undefined;
    heartbeat?.unref();
    socket.on('open', () => {
      open = true;
      attempts = 0;
      stats.connects++;
      logger.info('edge: connected to the upstream', { url });
      for (const p of pending.values()) send(p);
    });
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) return;
      stats.bytes += data.byteLength;
      frameBytes += data.byteLength;
      let message: ServerMessage | undefined;
      try {
        message = reader.push(data);
      } catch (error) {
        logger.warn('edge: unreadable frame from the upstream; reconnecting', { message: (error as Error).message });
        socket.terminate();
        return;
      }
      if (!message) return;
      const bytes = frameBytes;
      frameBytes = 0;
      const id = message.result?.requestId ?? message.error?.requestId ?? message.capabilities?.requestId ?? 0;
      const p = pending.get(id);
      if (!p) return; // a reply to a request withdrawn meanwhile
      pending.delete(id);
      p.resolve(message, bytes, performance.now() - p.sentAt);
    });
    socket.on('unexpected-response', (_req, res) => {
      logger.warn('edge: the upstream refused the connection', { status: res.statusCode, url });
      if (res.statusCode === 401) {
        // The edge's configuration, not the client's request, is wrong: say so rather than wait.
        const error = new UpstreamError('unauthorized', 'The upstream runtime refused this edge\'s token (set VEGAFUSION_UPSTREAM_TOKEN to the upstream\'s token)', '');
        for (const p of pending.values()) p.reject(error);
        pending.clear();
      }
      socket.terminate();
    });
    socket.on('error', (error: Error) => logger.debug('edge: upstream socket error', { message: error.message }));
    socket.on('close', () => {
      clearInterval(heartbeat);
      if (ws !== socket) return;
      if (open) stats.disconnects++;
      ws = undefined;
      open = false;
      reader = new ServerFrameReader();
      frameBytes = 0;
      capabilities = undefined; // a restarted upstream may be another version
      current = (current + 1) % urls.length; // the next runtime process, if there are several
      // Sent and not answered: sent again on the next connection.
      for (const p of pending.values()) {
        if (p.sent) stats.resent++;
        p.sent = false;
      }
      if (closed) return;
      // Backoff with jitter, so that many edges do not return to a restarted upstream at once.
      const delay = Math.min(maxDelay, initialDelay * 2 ** attempts) * (0.5 + Math.random() / 2);
      attempts++;
      if (pending.size > 0 || stats.connects > 0) {
        logger.debug('edge: reconnecting to the upstream', { inMs: Math.round(delay) });
        timer = setTimeout(() => {
          timer = undefined;
          connect();
        }, delay);
        timer.unref();
      }
    });
  };

  const send = (p: Pending) => {
    if (!ws || !open) {
      connect();
      return;
    }
    p.sent = true;
    p.sentAt = performance.now();
    ws.send(p.bytes, { binary: true });
  };

  const request = (kind: Pending['kind'], make: (id: number) => Uint8Array, signal?: AbortSignal) =>
    new Promise<{ message: ServerMessage; bytes: number; ms: number }>((resolve, reject) => {
      if (closed) {
        reject(new RuntimeError('internal', 'The edge is shutting down'));
        return;
      }
      if (signal?.aborted) {
        reject(new CancelledError('Request was cancelled'));
        return;
      }
      const id = nextId;
      nextId = nextId >= 0xffff_fff0 ? 1 : nextId + 1;
      const onAbort = () => {
        const p = pending.get(id);
        if (!p) return;
        pending.delete(id);
        stats.cancelled++;
        if (p.sent && ws && open) ws.send(encodeClientMessage({ cancel: { requestId: id } }), { binary: true });
        reject(new CancelledError('Request was cancelled'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const p: Pending = {
        kind, bytes: make(id), sent: false, sentAt: 0,
        resolve: (message, bytes, ms) => {
          signal?.removeEventListener('abort', onAbort);
          resolve({ message, bytes, ms });
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      pending.set(id, p);
      send(p);
    });

  return {
    async query(query, signal) {
      stats.requests++;
      const { message, bytes, ms } = await request('query', (requestId) => encodeClientMessage({ query: { ...query, requestId, arrowFrames: true } }), signal);
      if (message.error) throw UpstreamError.fromMessage(message.error);
      if (!message.result) throw new RuntimeError('internal', 'The upstream answered a query with neither a result nor an error');
      return { result: message.result, bytes, ms };
    },
    capabilities(signal) {
      capabilities ??= request('capabilities', (requestId) => encodeClientMessage({ capabilities: { requestId } }), signal).then(({ message }) => {
        if (message.error) throw UpstreamError.fromMessage(message.error);
        if (!message.capabilities) throw new RuntimeError('internal', 'The upstream answered a capabilities request without capabilities');
        return capabilitiesFromMessage(message.capabilities);
      });
      const asked = capabilities;
      // A failed ask is asked again next time.
      asked.catch(() => {
        if (capabilities === asked) capabilities = undefined;
      });
      return asked;
    },
    stats: () => ({ ...stats, connected: open, waiting: pending.size }),
    currentUrl: () => urls[current],
    close() {
      closed = true;
      clearTimeout(timer);
      for (const p of pending.values()) p.reject(new CancelledError('The edge is shutting down'));
      pending.clear();
      ws?.close(1001, 'edge shutting down');
      ws = undefined;
    },
  };
}
