/**
 * One WebSocket connection: decodes each binary frame, answers queries (several at
 * once, up to a limit), honours cancellation and timeouts, and replies with structured
 * errors. Nothing a client sends can throw past this module.
 */
import {
  decodeClientMessage, encodeServerFrames, encodeServerMessage, capabilitiesToMessage,
  type IQuery, type IQueryResult, type IServerMessage, type RuntimeCapabilities,
} from '@vegafusion-ts/proto';
import { setMaxListeners } from 'node:events';
import type { WebSocket, RawData } from 'ws';
import { evaluateQuery, type EvaluateServices } from '../graph/evaluate.js';
import { CancelledError, LimitError, RuntimeError, toRuntimeError } from '../errors.js';
import type { Logger } from '../logger.js';
import { countError, observeLatency, type Metrics } from './metrics.js';
import type { Redactor } from './redact.js';

export interface ConnectionOptions {
  services: EvaluateServices;
  capabilities: RuntimeCapabilities;
  metrics: Metrics;
  logger: Logger;
  queryTimeoutMs: number;
  maxConcurrentQueries: number;
  /** Largest encoded reply; a bigger one is replaced by a `limit_exceeded` error. */
  maxResultBytes: number;
  /** Takes server paths out of error messages; default: none taken out. */
  redact?: Redactor;
  /**
   * A client that leaves more than this many reply bytes unread, and takes none of them
   * for `stallMs`, is cut off: its socket is destroyed and the bytes freed.
   */
  maxBufferedBytes: number;
  /** How long a client above maxBufferedBytes may go without reading; default 5000 ms. */
  stallMs?: number;
  /** Called with each query's promise so the server can drain them on shutdown. */
  track(work: Promise<unknown>): void;
  /** Answers queries instead of evaluating them here (an edge runtime). */
  answer?(query: IQuery, signal: AbortSignal): Promise<IQueryResult>;
  /** The capabilities to announce when they are not this runtime's own (an edge announces its upstream's). */
  describe?(): Promise<RuntimeCapabilities>;
}

/** What the server may do with an open connection. */
export interface ConnectionHandle {
  /** Queries in flight. */
  readonly inflight: number;
  /** Reply bytes written and not yet taken by the client. */
  readonly buffered: number;
  /**
   * Stops taking queries and closes (1001) once the ones in flight are answered. Queries
   * that arrive meanwhile are left unanswered: a reconnecting client sends them again to
   * another runtime, so nothing is lost.
   */
  drain(): void;
}

const MAX_ERROR_CHARS = 2000;

/** Close code for a runtime going away; clients reconnect. */
export const CLOSE_GOING_AWAY = 1001;

/**
 * Serves one WebSocket: every frame gets at most one reply (a result, or an error with
 * code and path); cancels, timeouts and a closing socket abort the query's work.
 */
export function handleConnection(ws: WebSocket, options: ConnectionOptions): ConnectionHandle {
  const { metrics, logger } = options;
  const inflight = new Map<number, AbortController>();
  let draining = false;
  metrics.connectionsOpen++;
  metrics.connectionsTotal++;

  const closeIfDrained = () => {
    if (draining && inflight.size === 0 && ws.readyState === ws.OPEN) ws.close(CLOSE_GOING_AWAY, 'runtime shutting down');
  };

  // A client above the bound is watched: if it takes no bytes for stallMs it is cut off
  // (what it took: bytes written minus those still buffered; new replies do not hide a
  // stall). A close frame would queue behind the unread bytes, so the socket is destroyed.
  let written = 0;
  let stallTimer: NodeJS.Timeout | undefined;
  const stallMs = options.stallMs ?? 5000;
  const taken = () => written - ws.bufferedAmount;
  const watchStall = () => {
    if (stallTimer || ws.bufferedAmount <= options.maxBufferedBytes) return;
    let last = taken();
    stallTimer = setInterval(() => {
      if (ws.readyState !== ws.OPEN || ws.bufferedAmount <= options.maxBufferedBytes) {
        clearInterval(stallTimer);
        stallTimer = undefined;
      } else if (taken() <= last) {
        logger.warn('cutting off a connection that does not read its replies', { buffered: ws.bufferedAmount });
        metrics.connectionsDropped++;
        clearInterval(stallTimer);
        stallTimer = undefined;
        ws.terminate();
      } else {
        last = taken();
      }
    }, stallMs);
    stallTimer.unref();
  };

  /** Sends a reply's frames back to back (nothing else can come between them). */
  const sendFrames = (frames: Uint8Array[]) => {
    if (ws.readyState !== ws.OPEN) return;
    for (const bytes of frames) {
      metrics.bytesSent += bytes.byteLength;
      ws.send(bytes, { binary: true });
    }
    // What ws counts as buffered includes each frame's header: count it too.
    written = written + frames.reduce((n, f) => n + f.byteLength + (f.byteLength < 126 ? 2 : f.byteLength < 65536 ? 4 : 10), 0);
    watchStall();
  };
  const send = (message: Omit<IServerMessage, 'version'>) => sendFrames([encodeServerMessage(message)]);
  const sendError = (requestId: number, error: unknown) => {
    const e = toRuntimeError(error);
    countError(metrics, e.code);
    if (e.code === 'internal') logger.error('query failed unexpectedly', { message: e.message, cause: String((e.cause as Error | undefined)?.stack ?? e.cause) });
    else logger.debug('query failed', { code: e.code, message: e.message, path: e.path });
    // Messages quote the offending input; a hostile megabyte of it is not echoed back whole.
    const text = options.redact ? options.redact(e.message) : e.message;
    const message = text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS)}… (${text.length} characters)` : text;
    send({ error: { requestId, code: e.code, message, path: e.path } });
  };
  const refuseFrame = (error: unknown) => {
    metrics.badFrames++;
    sendError(0, error);
  };

  const startQuery = (query: IQuery) => {
    const id = query.requestId ?? 0;
    if (inflight.has(id)) {
      sendError(id, new RuntimeError('bad_message', `Request id ${id} is already in flight on this connection`));
      return;
    }
    if (inflight.size >= options.maxConcurrentQueries) {
      sendError(id, new LimitError('limit_exceeded', `More than ${options.maxConcurrentQueries} queries in flight on one connection`));
      return;
    }
    const controller = new AbortController();
    // Every node the query joins listens to this signal; a large graph is not a leak.
    setMaxListeners(0, controller.signal);
    inflight.set(id, controller);
    const timer = setTimeout(() => {
      metrics.timedOut++;
      controller.abort(new LimitError('limit_exceeded', `Query ${id} took longer than ${options.queryTimeoutMs} ms and was stopped`));
    }, options.queryTimeoutMs);
    const started = performance.now();
    metrics.queries++;
    const answered = options.answer ? options.answer(query, controller.signal) : evaluateQuery(query, options.services, { signal: controller.signal });
    const work = answered
      .then((result) => {
        metrics.nodesComputed += result.stats?.nodesComputed ?? 0;
        if (controller.signal.aborted) throw controller.signal.reason;
        // To a client that reads Arrow frames, large tables go as the cached bytes themselves.
        const frames = encodeServerFrames({ result }, query.arrowFrames === true);
        const bytes = frames.reduce((n, f) => n + f.byteLength, 0);
        if (bytes > options.maxResultBytes) {
          throw new LimitError('limit_exceeded', `Reply to query ${id} has ${bytes} bytes; the limit is ${options.maxResultBytes}`);
        }
        sendFrames(frames);
      })
      .catch((error: unknown) => {
        const reason: unknown = controller.signal.aborted ? controller.signal.reason : undefined;
        sendError(id, reason instanceof RuntimeError ? reason : controller.signal.aborted ? new CancelledError(`Request ${id} was cancelled`) : error);
      })
      .finally(() => {
        clearTimeout(timer);
        inflight.delete(id);
        observeLatency(metrics, performance.now() - started);
        closeIfDrained();
      });
    options.track(work);
  };

  const onMessage = (data: RawData, isBinary: boolean) => {
    if (!isBinary) {
      refuseFrame(new RuntimeError('bad_message', 'Messages must be binary protobuf frames'));
      return;
    }
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    let message;
    try {
      message = decodeClientMessage(bytes);
    } catch (error) {
      refuseFrame(error);
      return;
    }
    if (message.capabilities) {
      const requestId = message.capabilities.requestId ?? 0;
      if (options.describe) {
        options.describe().then((c) => send({ capabilities: capabilitiesToMessage(c, requestId) }), (error: unknown) => sendError(requestId, error));
      } else {
        send({ capabilities: capabilitiesToMessage(options.capabilities, requestId) });
      }
    } else if (message.cancel) {
      const controller = inflight.get(message.cancel.requestId ?? 0);
      if (controller && !controller.signal.aborted) {
        metrics.cancelled++;
        controller.abort(new CancelledError(`Request ${message.cancel.requestId ?? 0} was cancelled by the client`));
      }
    } else if (message.query && !draining) {
      startQuery(message.query);
    }
  };

  ws.on('message', (data: RawData, isBinary: boolean) => {
    try {
      onMessage(data, isBinary);
    } catch (error) {
      // A bug must cost this frame, never the process or the other sessions.
      logger.error('frame handling failed', { message: (error as Error).message });
      refuseFrame(error);
    }
  });

  ws.on('close', () => {
    metrics.connectionsOpen--;
    clearInterval(stallTimer);
    for (const c of inflight.values()) {
      if (c.signal.aborted) continue;
      metrics.abandoned++;
      c.abort(new CancelledError('The connection closed'));
    }
  });
  ws.on('error', (error: Error & { code?: string }) => {
    // ws closes the connection itself (1009, 1002) after a frame over maxPayload or a protocol violation.
    if (error.code?.startsWith('WS_ERR_')) metrics.badFrames++;
    logger.debug('websocket error', { message: error.message, code: error.code });
  });

  return {
    get inflight() {
      return inflight.size;
    },
    get buffered() {
      return ws.readyState === ws.OPEN ? ws.bufferedAmount : 0;
    },
    drain() {
      draining = true;
      closeIfDrained();
    },
  };
}
