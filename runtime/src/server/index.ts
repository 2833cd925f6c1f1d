/**
 * The transport: one HTTP server with express routes and a WebSocket endpoint at /ws.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { RuntimeCapabilities } from '@vegafusion-ts/proto';
import type { EvaluateServices } from '../graph/evaluate.js';
import type { SourceLoader } from '../engine/sources/index.js';
import type { Logger } from '../logger.js';
import type { RuntimeConfig } from '../config.js';
import { createHttpApp } from './http.js';
import { handleConnection } from './connection.js';
import { originAllowed, tokenMatches } from './auth.js';
import { createMetrics, type Metrics, type MetricsSnapshot } from './metrics.js';

export interface ServerHandle {
  url: string;
  port: number;
  metrics: Metrics;
  /** Stops accepting, lets in-flight queries finish (up to `graceMs`), then closes. */
  close(graceMs?: number): Promise<void>;
}

export interface ServerDeps {
  config: RuntimeConfig;
  services: EvaluateServices;
  sources: SourceLoader;
  capabilities: RuntimeCapabilities;
  logger: Logger;
}

export async function startServer(deps: ServerDeps): Promise<ServerHandle> {
  const { config, logger } = deps;
  const metrics = createMetrics();
  const snapshot = (): MetricsSnapshot => ({
    metrics,
    values: deps.services.values.stats(),
    prepared: deps.services.prepared.stats(),
    datasets: deps.sources.uploads.stats(),
  });
  const app = createHttpApp({
    token: config.token, maxUploadBytes: config.maxUploadBytes, staticDir: config.staticDir,
    capabilities: deps.capabilities, sources: deps.sources, metrics, snapshot, logger,
  });
  const server: Server = createServer(app);
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxMessageBytes });
  const pending = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    pending.add(work);
    void work.finally(() => pending.delete(work));
  };

  server.on('upgrade', (req, socket: Duplex, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const reject = (status: number, text: string) => {
      socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
    };
    if (url.pathname !== '/ws') return reject(404, 'Not Found');
    if (!originAllowed(req.headers.origin, config.allowedOrigins)) return reject(403, 'Forbidden');
    if (config.token !== undefined) {
      const header = req.headers.authorization ?? '';
      const presented = url.searchParams.get('token') ?? (header.startsWith('Bearer ') ? header.slice(7) : '');
      if (!tokenMatches(presented, config.token)) return reject(401, 'Unauthorized');
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      handleConnection(ws, {
        services: deps.services, capabilities: deps.capabilities, metrics, logger,
        queryTimeoutMs: config.queryTimeoutMs, maxConcurrentQueries: config.maxConcurrentQueries,
        maxBufferedBytes: Math.max(config.maxMessageBytes, 256 * 1024 * 1024), track,
      });
    });
  });

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
    async close(graceMs = 10_000) {
      server.close();
      const drain = Promise.allSettled([...pending]);
      await Promise.race([drain, new Promise((r) => setTimeout(r, graceMs).unref())]);
      for (const ws of wss.clients) ws.close(1001, 'runtime shutting down');
      wss.close();
      server.closeAllConnections();
    },
  };
}
