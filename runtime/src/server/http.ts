/**
 * HTTP routes on the runtime's port: health, metrics, capabilities, token-protected
 * dataset uploads, and an optional static directory (the demo page).
 */
import express, { type Request, type Response, type NextFunction } from 'express';
import type { RuntimeCapabilities } from '@vegafusion-ts/proto';
import type { SourceLoader } from '../engine/sources/index.js';
import { toRuntimeError } from '../errors.js';
import type { Logger } from '../logger.js';
import { renderPrometheus, type Metrics, type MetricsSnapshot } from './metrics.js';
import { tokenMatches } from './auth.js';

export interface HttpOptions {
  token: string | undefined;
  maxUploadBytes: number;
  staticDir: string | undefined;
  capabilities: RuntimeCapabilities;
  sources: SourceLoader;
  metrics: Metrics;
  snapshot(): MetricsSnapshot;
  logger: Logger;
  /** True while the runtime shuts down: health answers 503 so balancers stop sending. */
  isDraining?(): boolean;
}

const UPLOAD_FORMATS = ['arrow', 'parquet', 'csv', 'json'];

export function createHttpApp(options: HttpOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');

  app.get('/health', (_req, res) => {
    if (options.isDraining?.()) {
      res.status(503).json({ status: 'draining', version: options.capabilities.runtimeVersion, protocol: options.capabilities.protocolVersion });
      return;
    }
    res.json({ status: 'ok', version: options.capabilities.runtimeVersion, protocol: options.capabilities.protocolVersion });
  });
  app.get('/metrics', (_req, res) => {
    res.type('text/plain; version=0.0.4').send(renderPrometheus(options.snapshot()));
  });
  app.get('/capabilities', (_req, res) => {
    res.json(options.capabilities);
  });

  const requireToken = (req: Request, res: Response, next: NextFunction) => {
    const header = req.get('authorization') ?? '';
    const presented = header.startsWith('Bearer ') ? header.slice(7) : (req.get('x-vegafusion-token') ?? '');
    if (options.token !== undefined && !tokenMatches(presented, options.token)) {
      res.status(401).json({ code: 'unauthorized', message: 'A valid token is required (Authorization: Bearer <token>)' });
      return;
    }
    next();
  };

  app.post('/datasets', requireToken, express.raw({ type: () => true, limit: options.maxUploadBytes }), async (req, res) => {
    const format = String(req.query.format ?? 'arrow');
    if (!UPLOAD_FORMATS.includes(format)) {
      res.status(400).json({ code: 'bad_data', message: `Unsupported upload format "${format}"; use one of ${UPLOAD_FORMATS.join(', ')}` });
      return;
    }
    const body = req.body as unknown;
    if (!(body instanceof Buffer) || body.length === 0) {
      res.status(400).json({ code: 'bad_data', message: 'Upload body is empty' });
      return;
    }
    try {
      const stored = await options.sources.uploads.put(new Uint8Array(body.buffer, body.byteOffset, body.byteLength), format);
      options.metrics.uploads++;
      res.status(201).json(stored);
    } catch (error) {
      const e = toRuntimeError(error);
      options.logger.warn('upload refused', { code: e.code, message: e.message });
      res.status(e.code === 'internal' ? 500 : 400).json({ code: e.code, message: e.message });
    }
  });
  app.head('/datasets/:hash', requireToken, (req, res) => {
    res.status(options.sources.uploads.has(String(req.params.hash)) ? 200 : 404).end();
  });

  if (options.staticDir) app.use(express.static(options.staticDir));

  // Body-size and parse errors from express.raw, as structured JSON.
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const e = error as { status?: number; type?: string; message?: string };
    const status = e.status ?? 500;
    const code = e.type === 'entity.too.large' ? 'limit_exceeded' : status === 500 ? 'internal' : 'bad_data';
    if (status === 500) options.logger.error('http error', { message: e.message });
    res.status(status).json({ code, message: e.message ?? 'Request failed' });
  });
  return app;
}
