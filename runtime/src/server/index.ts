/**
 * The transport: one HTTP server with express routes and a WebSocket endpoint at /ws.
 */
import { createServer, type Server } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { RuntimeCapabilities } from '@vegafusion-ts/proto';
import type { EvaluateServices } from '../graph/evaluate.js';
import type { SourceLoader } from '../engine/sources/index.js';
import type { Logger } from '../logger.js';
import { duckDbMemoryBytes, type RuntimeConfig } from '../config.js';
import { createHttpApp } from './http.js';
import { CLOSE_GOING_AWAY, handleConnection, type ConnectionHandle } from './connection.js';
import { hostAllowed, originAllowed, tokenMatches } from './auth.js';
import { createRedactor } from './redact.js';
import { createMetrics, observeQueueWait, type Metrics, type MetricsSnapshot } from './metrics.js';
import { createAdmission } from './admission.js';
import type { Edge } from '../edge/edge.js';
import { addEdgeRoutes } from '../edge/http-routes.js';

export interface ServerHandle {
  url: string;
  port: number;
  metrics: Metrics;
  /** True once close() has begun: health answers 503 and connections drain. */
  readonly draining: boolean;
  /**
   * Graceful shutdown: stops accepting connections, closes idle ones at once (1001, so
   * clients reconnect elsewhere), lets in-flight queries finish and be answered (up to
   * `graceMs`, default the config's shutdownGraceMs), then closes everything.
   */
  close(graceMs?: number): Promise<void>;
}

export interface ServerDeps {
  config: RuntimeConfig;
  services: EvaluateServices;
  sources: SourceLoader;
  capabilities: RuntimeCapabilities;
  logger: Logger;
  /** The runtime's own folder (DuckDB temp files, upload files): kept out of error messages. */
  runtimeDir?: string;
  /** Set when this runtime is an edge: queries, capabilities and uploads go through it. */
  edge?: Edge;
}

/** Unanswered pings after which a peer counts as gone. */
const MAX_MISSED_PONGS = 2;

/**
 * Listens on config.host:config.port (127.0.0.1 by default): HTTP routes, and WebSocket
 * upgrades at /ws checked against the Host and Origin allowlists, the token and the
 * connection limit. Pings every config.heartbeatMs drop peers that vanished.
 */
export async function startServer(deps: ServerDeps): Promise<ServerHandle> {
  const { config, logger, edge } = deps;
  // Regular expressions in signal expressions run in this process: one that backtracks
  // catastrophically would stall every session. V8 then switches to its linear engine.
  setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
  const metrics = createMetrics();
  // One queue for the whole runtime: connections take turns for config.maxRunningQueries slots.
  const admission = createAdmission({ maxRunning: config.maxRunningQueries, onWait: (ms) => observeQueueWait(metrics, ms) });
  let draining = false;
  let closing: Promise<void> | undefined;
  const snapshot = (): MetricsSnapshot => {
    const values = deps.services.values.stats();
    const prepared = deps.services.prepared.stats();
    const datasets = deps.sources.uploads.stats();
    const bufferedBytes = [...connections].reduce((n, c) => n + c.buffered, 0);
    const indexes = deps.services.indexes?.stats();
    return {
      metrics, values, prepared, datasets, bufferedBytes, indexes,
      admission: admission.stats(),
      engine: deps.services.engine.stats?.(),
      runs: deps.services.runs?.stats(),
      edge: deps.edge?.stats(),
      sources: deps.sources.sourceStats?.(),
      // Uploads are kept on disk (vegafusion_datasets_bytes) and read into DuckDB's share.
      pools: [
        { name: 'result_cache', bytes: values.bytes, maxBytes: values.maxBytes },
        { name: 'prepared', bytes: prepared.bytes, maxBytes: prepared.maxBytes },
        ...(indexes ? [{ name: 'indexes', bytes: indexes.bytes + indexes.buildingBytes, maxBytes: indexes.maxBytes }] : []),
        { name: 'buffered_replies', bytes: bufferedBytes, maxBytes: config.maxBufferedBytes * Math.max(1, connections.size) },
        { name: 'duckdb', maxBytes: duckDbMemoryBytes(config) },
      ],
    };
  };
  const redact = createRedactor({ dataRoots: config.dataRoots, runtimeDir: deps.runtimeDir, storeDir: config.storeDir });
  // The name the runtime is bound to is one it is reached by.
  const publicHosts = [...config.publicHosts, config.host];
  const app = createHttpApp({
    token: config.token, publicHosts, allowedOrigins: config.allowedOrigins,
    metricsRequireToken: config.metricsRequireToken, redact, maxUploadBytes: config.maxUploadBytes, staticDir: config.staticDir,
    capabilities: deps.capabilities, sources: deps.sources, metrics, snapshot, logger,
    isDraining: () => draining,
    routes: edge ? (app, guards) => addEdgeRoutes(app, guards, { edge, maxUploadBytes: config.maxUploadBytes, logger, redact }) : undefined,
  });
  const server: Server = createServer(app);
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxMessageBytes });
  const pending = new Set<Promise<unknown>>();
  const connections = new Set<ConnectionHandle>();
  // Pings a peer has not answered. A peer is dropped after two unanswered ones, so one
  // long stretch of work in this process (a pong waiting unread while the next tick fires)
  // does not drop peers that answered in time.
  const missedPongs = new WeakMap<WebSocket, number>();
  const track = (work: Promise<unknown>) => {
    pending.add(work);
    void work.finally(() => pending.delete(work));
  };

  server.on('upgrade', (req, socket: Duplex, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const reject = (status: number, text: string) => {
      metrics.connectionsRefused++;
      socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
    };
    socket.on('error', () => undefined); // a peer that resets mid-handshake is not our error
    if (url.pathname !== '/ws') return reject(404, 'Not Found');
    if (draining) return reject(503, 'Service Unavailable');
    if (metrics.connectionsOpen >= config.maxConnections) return reject(503, 'Service Unavailable');
    if (!hostAllowed(req.headers.host, publicHosts)) return reject(421, 'Misdirected Request');
    if (!originAllowed(req.headers.origin, config.allowedOrigins, req.headers.host)) return reject(403, 'Forbidden');
    if (config.token !== undefined) {
      const header = req.headers.authorization ?? '';
      const presented = url.searchParams.get('token') ?? (header.startsWith('Bearer ') ? header.slice(7) : '');
      if (!tokenMatches(presented, config.token)) return reject(401, 'Unauthorized');
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      missedPongs.set(ws, 0);
      ws.on('pong', () => missedPongs.set(ws, 0));
      const handle = handleConnection(ws, {
        services: deps.services, capabilities: deps.capabilities, metrics, logger,
        queryTimeoutMs: config.queryTimeoutMs, maxConcurrentQueries: config.maxConcurrentQueries, admission,
        maxResultBytes: config.maxResultBytes, largeValueWarnBytes: config.largeValueWarnBytes, redact,
        maxBufferedBytes: config.maxBufferedBytes, stallMs: config.bufferStallMs, track,
        answer: edge ? (query, signal) => edge.answer(query, signal) : undefined,
        describe: edge ? () => edge.capabilities() : undefined,
      });
      connections.add(handle);
      ws.on('close', () => connections.delete(handle));
      if (draining) handle.drain();
    });
  });

  // Pings keep idle connections open through proxies (nginx closes a silent one after
  // proxy_read_timeout) and find peers that vanished without closing.
  const heartbeat = config.heartbeatMs > 0 ? setInterval(() => {
    for (const ws of wss.clients) {
      const missed = missedPongs.get(ws) ?? 0;
      if (missed >= MAX_MISSED_PONGS) {
        metrics.connectionsDropped++;
        ws.terminate();
        continue;
      }
      missedPongs.set(ws, missed + 1);
      ws.ping();
    }
  }, config.heartbeatMs) : undefined;
  heartbeat?.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;

  return {
    url,
    port,
    metrics,
    get draining() {
      return draining;
    },
    close(graceMs = config.shutdownGraceMs) {
      // A second caller waits for the same shutdown.
      closing ??= shutDown(graceMs);
      return closing;
    },
  };

  async function shutDown(graceMs: number): Promise<void> {
    draining = true;
    if (heartbeat) clearInterval(heartbeat);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    for (const c of connections) c.drain();
    const drain = Promise.allSettled([...pending]);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([drain, new Promise((r) => { timer = setTimeout(r, graceMs); })]);
    clearTimeout(timer);
    if (pending.size > 0) logger.warn('closing with queries still in flight', { queries: pending.size });
    for (const ws of wss.clients) ws.close(CLOSE_GOING_AWAY, 'runtime shutting down');
    // A peer that does not complete the close handshake promptly is cut off.
    if (wss.clients.size > 0) await new Promise((r) => setTimeout(r, 200));
    for (const ws of wss.clients) ws.terminate();
    wss.close();
    server.closeAllConnections();
    await Promise.race([closed, new Promise((r) => setTimeout(r, 1000).unref())]);
  }
}
