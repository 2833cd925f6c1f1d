/**
 * One WebSocket connection: decodes each binary frame, answers queries (several at
 * once, up to a limit), honours cancellation and timeouts, and replies with structured
 * errors. Nothing a client sends can throw past this module.
 */
import {
  decodeClientMessage, encodeServerMessage, capabilitiesToMessage,
  type IServerMessage, type RuntimeCapabilities,
} from '@vegafusion-ts/proto';
import type { WebSocket, RawData } from 'ws';
import { evaluateQuery, type EvaluateServices } from '../graph/evaluate.js';
import { RuntimeError, toRuntimeError } from '../errors.js';
import type { Logger } from '../logger.js';
import { countError, type Metrics } from './metrics.js';

export interface ConnectionOptions {
  services: EvaluateServices;
  capabilities: RuntimeCapabilities;
  metrics: Metrics;
  logger: Logger;
  queryTimeoutMs: number;
  maxConcurrentQueries: number;
  /** A client that lets this many reply bytes queue up unread is disconnected. */
  maxBufferedBytes: number;
  /** Called with each query's promise so the server can drain them on shutdown. */
  track(work: Promise<unknown>): void;
}

export function handleConnection(ws: WebSocket, options: ConnectionOptions): void {
  const { metrics, logger } = options;
  const inflight = new Map<number, AbortController>();
  metrics.connectionsOpen++;
  metrics.connectionsTotal++;

  const send = (message: Omit<IServerMessage, 'version'>) => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > options.maxBufferedBytes) {
      logger.warn('closing a connection that does not read its replies', { buffered: ws.bufferedAmount });
      ws.close(1008, 'client too slow');
      return;
    }
    const bytes = encodeServerMessage(message);
    metrics.bytesSent += bytes.byteLength;
    ws.send(bytes, { binary: true });
  };
  const sendError = (requestId: number, error: unknown) => {
    const e = toRuntimeError(error);
    countError(metrics, e.code);
    if (e.code === 'internal') logger.error('query failed unexpectedly', { message: e.message, cause: String((e.cause as Error | undefined)?.stack ?? e.cause) });
    else logger.debug('query failed', { code: e.code, message: e.message, path: e.path });
    send({ error: { requestId, code: e.code, message: e.message, path: e.path } });
  };

  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (!isBinary) {
      sendError(0, new RuntimeError('bad_message', 'Messages must be binary protobuf frames'));
      return;
    }
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    let message;
    try {
      message = decodeClientMessage(bytes);
    } catch (error) {
      sendError(0, error);
      return;
    }
    if (message.capabilities) {
      send({ capabilities: capabilitiesToMessage(options.capabilities, message.capabilities.requestId ?? 0) });
    } else if (message.cancel) {
      const id = message.cancel.requestId ?? 0;
      const controller = inflight.get(id);
      if (controller) {
        metrics.cancelled++;
        controller.abort();
      }
    } else if (message.query) {
      const query = message.query;
      const id = query.requestId ?? 0;
      if (inflight.has(id)) {
        sendError(id, new RuntimeError('bad_message', `Request id ${id} is already in flight on this connection`));
        return;
      }
      if (inflight.size >= options.maxConcurrentQueries) {
        sendError(id, new RuntimeError('limit_exceeded', `More than ${options.maxConcurrentQueries} queries in flight on one connection`));
        return;
      }
      const controller = new AbortController();
      inflight.set(id, controller);
      const timer = setTimeout(() => controller.abort(new RuntimeError('limit_exceeded', `Query took longer than ${options.queryTimeoutMs} ms`)), options.queryTimeoutMs);
      const started = performance.now();
      metrics.queries++;
      const work = evaluateQuery(query, options.services, { signal: controller.signal })
        .then((result) => {
          metrics.nodesComputed += result.stats?.nodesComputed ?? 0;
          if (controller.signal.aborted) throw controller.signal.reason ?? new RuntimeError('cancelled', 'Request was cancelled');
          send({ result });
        })
        .catch((error: unknown) => {
          const reason = controller.signal.aborted ? controller.signal.reason : undefined;
          sendError(id, reason instanceof RuntimeError ? reason : controller.signal.aborted ? new RuntimeError('cancelled', `Request ${id} was cancelled`) : error);
        })
        .finally(() => {
          clearTimeout(timer);
          inflight.delete(id);
          metrics.queryMs += performance.now() - started;
        });
      options.track(work);
    }
  });

  ws.on('close', () => {
    metrics.connectionsOpen--;
    for (const c of inflight.values()) c.abort();
  });
  ws.on('error', (error) => logger.debug('websocket error', { message: error.message }));
}
