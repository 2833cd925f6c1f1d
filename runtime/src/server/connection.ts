/**
 * One WebSocket connection: decodes each binary frame, answers queries (several at
 * once, up to a limit, each when its turn comes in the runtime-wide admission), honours
 * cancellation and timeouts, and replies with structured errors. Nothing a client sends
 * can throw past this module.
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
import { createAdmission, type Admission } from './admission.js';
import type { Redactor } from './redact.js';

export interface ConnectionOptions {
  services: EvaluateServices;
  capabilities: RuntimeCapabilities;
  metrics: Metrics;
  logger: Logger;
  /** Longest a query may take from its arrival (waiting for its turn included), in ms. */
  queryTimeoutMs: number;
  /** Queries one connection may have queued or running; more are refused with `busy`. */
  maxConcurrentQueries: number;
  /**
   * The runtime-wide queue every connection takes turns in; default: one of this
   * connection's own with maxConcurrentQueries slots.
   */
  admission?: Admission;
  /** Largest encoded reply; a bigger one is replaced by a `limit_exceeded` error. */
  maxResultBytes: number;
  /** A table value over this many bytes is logged as a warning (`large table sent to a client`); 0 or absent: never. */
  largeValueWarnBytes?: number;
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
  /** Queries in flight (queued or running). */
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

/**
 * Logs each table of `result` over `largeValueWarnBytes`, once per dataset and connection
 * (`warned`), not at every brush step: raw rows that a chart reads in the browser are the
 * usual cause (the chart's plan report names what reads them).
 */
function warnLargeValues(query: IQuery, result: IQueryResult, options: ConnectionOptions, warned: Set<string>): void {
  const limit = options.largeValueWarnBytes ?? 0;
  if (limit <= 0) return;
  const nodes = query.graph?.nodes ?? [];
  for (const v of result.values ?? []) {
    const bytes = v.value?.arrow?.length ?? (v.value?.json ? Buffer.byteLength(v.value.json) : 0);
    if (bytes <= limit) continue;
    const node = nodes[v.node ?? 0];
    const dataset = node?.variable?.name ?? '';
    const scope = node?.scope ?? [];
    const key = `${dataset}@${scope.join('.')}`;
    if (warned.has(key) || warned.size >= 1000) continue;
    warned.add(key);
    options.logger.warn('large table sent to a client', { dataset, scope, bytes, limit });
  }
}

/** Close code for a runtime going away; clients reconnect. */
export const CLOSE_GOING_AWAY = 1001;

/** Close code for a client cut off for leaving its replies unread (policy violation). */
export const CLOSE_UNREAD_REPLIES = 1008;

/** How often a connection over its reply-byte bound is looked at again, in ms. */
const HELD_POLL_MS = 25;

/**
 * Serves one WebSocket: every frame gets at most one reply (a result, or an error with
 * code and path); cancels, timeouts and a closing socket abort the query's work.
 */
export function handleConnection(ws: WebSocket, options: ConnectionOptions): ConnectionHandle {
  const { metrics, logger } = options;
  const inflight = new Map<number, AbortController>();
  // Aborts when the connection closes: work done ahead for this session (indexes) stops.
  const session = new AbortController();
  setMaxListeners(0, session.signal);
  // Datasets logged as large tables on this connection (see warnLargeValues).
  const warnedLarge = new Set<string>();
  let draining = false;
  metrics.connectionsOpen++;
  metrics.connectionsTotal++;

  const closeIfDrained = () => {
    if (draining && inflight.size === 0 && ws.readyState === ws.OPEN) ws.close(CLOSE_GOING_AWAY, 'runtime shutting down');
  };

  // Queries take turns with every other connection's (runtime-wide admission). While the
  // client has more than maxBufferedBytes of replies unread, its queued queries are held
  // back (its lane is skipped), so a client that does not read holds at most the bound and
  // the replies of queries already running, however many it sends.
  const overBound = () => ws.readyState === ws.OPEN && ws.bufferedAmount > options.maxBufferedBytes;
  const admission = options.admission ?? createAdmission({ maxRunning: Math.max(1, options.maxConcurrentQueries) });
  const lane = admission.lane({ ready: () => !overBound() });

  // A client above the bound is watched: once it takes no bytes for stallMs it is cut off
  // (what it took: bytes written minus those still buffered; new replies do not hide a
  // stall), and when it has taken enough its held queries go on.
  let written = 0;
  let heldTimer: NodeJS.Timeout | undefined;
  const stallMs = options.stallMs ?? 5000;
  const taken = () => written - ws.bufferedAmount;
  // Cutting off takes two steps: a close frame with the reason (1008), queued behind the
  // unread bytes, so a client that reads again learns why; then, if it still reads nothing
  // for stallMs, the socket is destroyed and the bytes freed. No work is done for it meanwhile.
  let closing = false;
  const closeUnread = () => {
    const reason = `Replies unread: ${ws.bufferedAmount} bytes for ${stallMs} ms, over the limit of ${options.maxBufferedBytes}`;
    logger.warn('cutting off a connection that does not read its replies', { buffered: ws.bufferedAmount, limit: options.maxBufferedBytes });
    metrics.connectionsDropped++;
    metrics.droppedUnread++;
    closing = true;
    lane.close(new LimitError('limit_exceeded', reason));
    ws.close(CLOSE_UNREAD_REPLIES, reason.slice(0, 120));
  };
  const watchStall = () => {
    if (heldTimer || !overBound()) return;
    let last = taken();
    let progressAt = performance.now();
    const stop = () => {
      clearInterval(heldTimer);
      heldTimer = undefined;
    };
    heldTimer = setInterval(() => {
      if (ws.readyState === ws.CLOSED || (!closing && !overBound())) {
        stop();
        if (!closing) lane.wake();
      } else if (taken() > last) {
        last = taken();
        progressAt = performance.now();
      } else if (performance.now() - progressAt >= stallMs) {
        if (closing) {
          stop();
          ws.terminate();
        } else {
          progressAt = performance.now();
          closeUnread();
        }
      }
    }, Math.min(HELD_POLL_MS, stallMs));
    heldTimer.unref();
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
      sendError(id, new LimitError('busy', `Connection has ${inflight.size} queries queued or running; the limit is ${options.maxConcurrentQueries} (cancel superseded queries or wait for answers)`));
      return;
    }
    const controller = new AbortController();
    // Every node the query joins listens to this signal; a large graph is not a leak.
    setMaxListeners(0, controller.signal);
    inflight.set(id, controller);
    const arrived = performance.now();
    let admittedAt: number | undefined;
    // The time limit counts from arrival: a query that waits past it fails without running.
    const timer = setTimeout(() => {
      metrics.timedOut++;
      const waited = Math.round((admittedAt ?? performance.now()) - arrived);
      controller.abort(new LimitError('limit_exceeded', admittedAt === undefined
        ? `Query ${id} waited ${waited} ms for its turn, past the time limit of ${options.queryTimeoutMs} ms, and was not run`
        : `Query ${id} took longer than ${options.queryTimeoutMs} ms (${waited} ms of it waiting for its turn) and was stopped`));
    }, options.queryTimeoutMs);
    metrics.queries++;
    let release: (() => void) | undefined;
    const work = lane.enter(controller.signal)
      .then((r) => {
        release = r;
        admittedAt = performance.now();
        return options.answer ? options.answer(query, controller.signal) : evaluateQuery(query, options.services, { signal: controller.signal, sessionSignal: session.signal });
      })
      .then((result) => {
        metrics.nodesComputed += result.stats?.nodesComputed ?? 0;
        if (controller.signal.aborted) throw controller.signal.reason;
        warnLargeValues(query, result, options, warnedLarge);
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
        release?.();
        inflight.delete(id);
        observeLatency(metrics, performance.now() - arrived);
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
    clearInterval(heldTimer);
    lane.close(new CancelledError('The connection closed'));
    session.abort(new CancelledError('The connection closed'));
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
