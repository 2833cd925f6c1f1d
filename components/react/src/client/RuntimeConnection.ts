/**
 * One WebSocket to a runtime, shared by every chart on a page. Requests carry ids and
 * replies are matched by id, never by arrival order. When the socket drops, the
 * connection reconnects with backoff and re-sends every request still waiting, so a
 * runtime restart loses nothing (the runtime is stateless per session).
 */
import {
  capabilitiesFromMessage, encodeClientMessage, ServerFrameReader,
  type IQueryItem, type ISelectionHint, type IQueryResult, type ITaskGraph, type RuntimeCapabilities, type ServerMessage,
} from '@vegafusion-ts/proto';
import { reconnectDelay, type ReconnectOptions } from './backoff.js';
import { ClientError, RuntimeReplyError, toError } from './errors.js';
import { consoleWarningLogger, type Logger } from './logger.js';
import {
  defaultWebSocketFactory, frameBytes, SOCKET_OPEN, toHttpBaseUrl, toWebSocketUrl,
  type WebSocketFactory, type WebSocketLike,
} from './websocket.js';

export type ConnectionStatus = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface ConnectionOptions {
  /** Sent as the `token` query parameter of the WebSocket URL. */
  token?: string;
  /** Opens the socket; default: the global `WebSocket` (browsers, Node 22+). */
  createWebSocket?: WebSocketFactory;
  /** Backoff between reconnection attempts, or `false` to give up when the socket drops. */
  reconnect?: ReconnectOptions | false;
  /** `capabilities()` rejects with code `unreachable` after this many ms without an answer. Default 5000. */
  connectTimeoutMs?: number;
  logger?: Logger;
}

export interface QueryRequest {
  graph: ITaskGraph;
  items: IQueryItem[];
  /** IANA time zone of the browser; local time units follow it. */
  timeZone: string;
  /** Fields selection stores may come to hold (the plan's `selectionHints`). */
  selectionHints?: ISelectionHint[];
}

/** A request in flight. `result` rejects with a `ClientError` (`cancelled`, `closed`) or a `RuntimeReplyError`. */
export interface QueryTicket {
  readonly requestId: number;
  readonly result: Promise<IQueryResult>;
  /** Withdraws the request: the runtime is told to stop, and `result` rejects with code `cancelled`. */
  cancel(): void;
}

interface Pending {
  kind: 'query' | 'capabilities';
  frame: Uint8Array;
  /** Socket generation the frame was last sent on; -1 before the first send. */
  sentOn: number;
  resolve(message: ServerMessage): void;
  reject(error: Error): void;
}

const MAX_REQUEST_ID = 0xffff_ffff;

/** A connection to one runtime; see the module comment. Create with `createConnection`. */
export class RuntimeConnection {
  /** The WebSocket URL (with the token, if any). */
  readonly url: string;
  /** The runtime's HTTP base URL (health, metrics, uploads). */
  readonly httpUrl: string;
  /** The WebSocket URL as messages and logs show it: the token left out. */
  private readonly shownUrl: string;
  private readonly options: ConnectionOptions;
  private readonly logger: Logger;
  private readonly createSocket: WebSocketFactory;
  private readonly pending = new Map<number, Pending>();
  private readonly statusListeners = new Set<(status: ConnectionStatus) => void>();
  private readonly errorListeners = new Set<(error: Error) => void>();
  private socket: WebSocketLike | null = null;
  private generation = 0;
  /** Puts replies back together from their frames (a table may follow its message). */
  private readonly frames = new ServerFrameReader();
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private nextId = 1;
  private capabilitiesPromise: Promise<RuntimeCapabilities> | null = null;
  private currentStatus: ConnectionStatus = 'idle';

  constructor(url: string, options: ConnectionOptions = {}) {
    this.url = toWebSocketUrl(url, options.token);
    this.shownUrl = this.url.replace(/([?&]token=)[^&#]*/, '$1…');
    this.httpUrl = toHttpBaseUrl(url);
    this.options = options;
    this.logger = options.logger ?? consoleWarningLogger;
    this.createSocket = options.createWebSocket ?? defaultWebSocketFactory;
  }

  get status(): ConnectionStatus {
    return this.currentStatus;
  }

  /** Number of requests waiting for an answer. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Calls `listener` on every status change; returns the unsubscribe function. */
  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Errors that belong to no request (a reply the client cannot read, an error for request 0). */
  onError(listener: (error: Error) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  /** Asks the runtime for the values of `items`; see `QueryTicket`. */
  query(request: QueryRequest): QueryTicket {
    const requestId = this.allocateId();
    const frame = encodeClientMessage({
      // arrowFrames: large tables come as frames of their own, which the runtime need not copy.
      query: { requestId, graph: request.graph, items: request.items, timeZone: request.timeZone, selectionHints: request.selectionHints ?? [], arrowFrames: true },
    });
    const result = this.register(requestId, 'query', frame).then((m) => m.result as IQueryResult);
    // Callers that drop a cancelled ticket must not see an unhandled rejection.
    result.catch(() => undefined);
    return { requestId, result, cancel: () => this.cancel(requestId) };
  }

  /**
   * What the runtime supports. Cached until the socket reconnects (a restarted runtime
   * may be a different version); rejects with code `unreachable` after `connectTimeoutMs`.
   */
  capabilities(): Promise<RuntimeCapabilities> {
    if (this.capabilitiesPromise) return this.capabilitiesPromise;
    const requestId = this.allocateId();
    const frame = encodeClientMessage({ capabilities: { requestId } });
    const timeoutMs = this.options.connectTimeoutMs ?? 5000;
    const answer = this.register(requestId, 'capabilities', frame);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new ClientError('unreachable', `The runtime at ${this.shownUrl} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
    });
    const promise = Promise.race([answer, timeout])
      .then((m) => capabilitiesFromMessage(m.capabilities ?? {}))
      .finally(() => clearTimeout(timer));
    promise.catch(() => {
      if (this.capabilitiesPromise === promise) this.capabilitiesPromise = null;
    });
    this.capabilitiesPromise = promise;
    return promise;
  }

  /** Withdraws a request (no-op if already answered). */
  cancel(requestId: number): void {
    const entry = this.pending.get(requestId);
    if (!entry) return;
    this.pending.delete(requestId);
    if (entry.sentOn === this.generation && this.socket?.readyState === SOCKET_OPEN) {
      this.socket.send(encodeClientMessage({ cancel: { requestId } }));
    }
    entry.reject(new ClientError('cancelled', `Request ${requestId} was cancelled`));
  }

  /** Closes the socket for good; waiting requests reject with code `closed`. */
  close(): void {
    if (this.currentStatus === 'closed') return;
    this.setStatus('closed');
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.close(1000, 'closed by client');
    }
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const p of waiting) p.reject(new ClientError('closed', `The connection to ${this.shownUrl} was closed`));
  }

  private allocateId(): number {
    for (;;) {
      const id = this.nextId;
      this.nextId = id >= MAX_REQUEST_ID ? 1 : id + 1;
      if (!this.pending.has(id)) return id;
    }
  }

  private register(requestId: number, kind: Pending['kind'], frame: Uint8Array): Promise<ServerMessage> {
    if (this.currentStatus === 'closed') {
      return Promise.reject(new ClientError('closed', `The connection to ${this.shownUrl} was closed`));
    }
    return new Promise<ServerMessage>((resolve, reject) => {
      this.pending.set(requestId, { kind, frame, sentOn: -1, resolve, reject });
      if (this.socket?.readyState === SOCKET_OPEN) this.flush();
      else this.ensureSocket();
    });
  }

  private ensureSocket(): void {
    if (this.socket || this.retryTimer || this.currentStatus === 'closed') return;
    this.open();
  }

  private open(): void {
    this.retryTimer = null;
    this.setStatus(this.attempt === 0 ? 'connecting' : 'reconnecting');
    let socket: WebSocketLike;
    try {
      socket = this.createSocket(this.url);
    } catch (error) {
      // No socket implementation: retrying cannot help, so fail what is waiting.
      const failure = toError(error);
      const waiting = [...this.pending.values()];
      this.pending.clear();
      this.setStatus('idle');
      for (const p of waiting) p.reject(failure);
      if (waiting.length === 0) this.emitError(failure);
      return;
    }
    const generation = ++this.generation;
    this.socket = socket;
    this.frames.reset();
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => {
      if (generation !== this.generation) return;
      this.attempt = 0;
      this.setStatus('open');
      this.logger.debug('runtime connected', { url: this.shownUrl });
      this.flush();
    };
    socket.onmessage = (event) => {
      if (generation === this.generation) this.receive(event.data);
    };
    socket.onerror = () => undefined; // a close event always follows; it decides what to do
    socket.onclose = (event) => {
      if (generation !== this.generation || this.currentStatus === 'closed') return;
      this.socket = null;
      // A restarted runtime may announce different capabilities.
      this.capabilitiesPromise = null;
      this.logger.debug('runtime connection dropped', { url: this.shownUrl, code: event.code });
      this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    if (this.options.reconnect === false) {
      const waiting = [...this.pending.values()];
      this.pending.clear();
      this.setStatus('idle');
      for (const p of waiting) p.reject(new ClientError('unreachable', `Lost the connection to ${this.shownUrl}`));
      return;
    }
    if (this.pending.size === 0) {
      // Nothing is waiting: reconnect on the next request rather than poll a runtime that is away.
      this.attempt = 0;
      this.setStatus('idle');
      return;
    }
    const delay = reconnectDelay(this.attempt++, this.options.reconnect);
    this.setStatus('reconnecting');
    this.retryTimer = setTimeout(() => this.open(), delay);
  }

  private flush(): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== SOCKET_OPEN) return;
    for (const entry of this.pending.values()) {
      if (entry.sentOn === this.generation) continue;
      entry.sentOn = this.generation;
      socket.send(entry.frame);
    }
  }

  private receive(data: unknown): void {
    let message: ServerMessage | undefined;
    try {
      message = this.frames.push(frameBytes(data));
    } catch (error) {
      this.frames.reset();
      this.emitError(toError(error));
      return;
    }
    if (!message) return; // frames it announced are still to come
    const requestId = message.result?.requestId ?? message.error?.requestId ?? message.capabilities?.requestId ?? 0;
    const entry = this.pending.get(requestId);
    if (message.error) {
      const { code, message: text, path } = message.error;
      const error = new RuntimeReplyError(code || 'internal', text || 'The runtime reported an error', path ?? '', requestId);
      if (entry) {
        this.pending.delete(requestId);
        entry.reject(error);
      } else if (requestId === 0) {
        this.emitError(error);
      }
      // An error for an id no longer waiting answers a cancelled request: nothing to do.
      return;
    }
    if (!entry) return; // the answer to a cancelled request
    const expected = entry.kind === 'query' ? message.result : message.capabilities;
    this.pending.delete(requestId);
    if (expected) entry.resolve(message);
    else entry.reject(new ClientError('bad_reply', `Request ${requestId} (${entry.kind}) got a reply of another kind`));
  }

  private emitError(error: Error): void {
    if (this.errorListeners.size === 0) {
      this.logger.warn('runtime connection error', { message: error.message });
      return;
    }
    for (const listener of this.errorListeners) listener(error);
  }

  private setStatus(status: ConnectionStatus): void {
    if (status === this.currentStatus) return;
    this.currentStatus = status;
    for (const listener of this.statusListeners) listener(status);
  }
}

/**
 * Creates a connection to the runtime at `url` (`http://host:port`, or
 * `ws://host:port/ws`). The socket opens on the first request.
 */
export function createConnection(url: string, options: ConnectionOptions = {}): RuntimeConnection {
  return new RuntimeConnection(url, options);
}
