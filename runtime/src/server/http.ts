/**
 * HTTP routes on the runtime's port: health, metrics, capabilities, token-protected
 * dataset uploads (POST, HEAD, DELETE /datasets), and an optional static directory (the demo page).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import express, { type Request, type Response, type NextFunction, type RequestHandler } from 'express';
import type { RuntimeCapabilities } from '@vegafusion-ts/proto';
import type { SourceLoader } from '../engine/sources/index.js';
import { toRuntimeError } from '../errors.js';
import type { Logger } from '../logger.js';
import { renderPrometheus, type Metrics, type MetricsSnapshot } from './metrics.js';
import { hasNonSimpleHeader, hostAllowed, originAllowed, tokenMatches } from './auth.js';
import type { Redactor } from './redact.js';

export interface HttpOptions {
  token: string | undefined;
  /** Host names served besides IP addresses and localhost (see hostAllowed). */
  publicHosts: readonly string[];
  /** Browser Origins allowed besides the runtime's own and loopback ones (see originAllowed). */
  allowedOrigins: readonly string[];
  /** /metrics asks for the token too. */
  metricsRequireToken: boolean;
  /** Takes server paths out of error messages. */
  redact: Redactor;
  maxUploadBytes: number;
  staticDir: string | undefined;
  capabilities: RuntimeCapabilities;
  sources: SourceLoader;
  metrics: Metrics;
  snapshot(): MetricsSnapshot;
  logger: Logger;
  /** True while the runtime shuts down: health answers 503 so balancers stop sending. */
  isDraining?(): boolean;
  /** Routes registered ahead of the runtime's own (an edge's forwarded uploads and capabilities). */
  routes?(app: express.Express, guards: { requireToken: RequestHandler; requireBrowserSafe: RequestHandler }): void;
}

const UPLOAD_FORMATS = ['arrow', 'parquet', 'csv', 'json'];

/** The token as a page's meta tag, read by the demo page served from staticDir. */
function tokenMeta(token: string): string {
  const escaped = token.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<meta name="vegafusion-token" content="${escaped}">`;
}

/**
 * The runtime's HTTP routes. Every request must name an allowed Host (DNS rebinding);
 * uploads need the token (when set), a header no cross-site page can send without a
 * preflight, and an allowed Origin if they carry one.
 */
export function createHttpApp(options: HttpOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');

  app.use((req, res, next) => {
    if (!hostAllowed(req.get('host'), options.publicHosts)) {
      res.status(421).json({ code: 'forbidden_host', message: 'This runtime is not served under that host name (see --public-host)' });
      return;
    }
    next();
  });

  app.get('/health', (_req, res) => {
    if (options.isDraining?.()) {
      res.status(503).json({ status: 'draining', version: options.capabilities.runtimeVersion, protocol: options.capabilities.protocolVersion });
      return;
    }
    res.json({ status: 'ok', version: options.capabilities.runtimeVersion, protocol: options.capabilities.protocolVersion });
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
  const requireBrowserSafe = (req: Request, res: Response, next: NextFunction) => {
    if (!originAllowed(req.get('origin'), options.allowedOrigins, req.get('host'))) {
      res.status(403).json({ code: 'forbidden_origin', message: 'Uploads from this Origin are not allowed (see --allow-origin)' });
      return;
    }
    if (!hasNonSimpleHeader({ authorization: req.get('authorization'), token: req.get('x-vegafusion-token'), contentType: req.get('content-type') })) {
      res.status(415).json({ code: 'bad_data', message: 'Uploads need Content-Type: application/octet-stream (or another type that is not text/plain, form data or multipart) or a token header' });
      return;
    }
    next();
  };

  options.routes?.(app, { requireToken, requireBrowserSafe });

  const metricsGuard = options.metricsRequireToken ? [requireToken] : [];
  app.get('/metrics', ...metricsGuard, (_req, res) => {
    res.type('text/plain; version=0.0.4').send(renderPrometheus(options.snapshot()));
  });
  app.get('/capabilities', (_req, res) => {
    res.json(options.capabilities);
  });

  app.post('/datasets', requireToken, requireBrowserSafe, express.raw({ type: () => true, limit: options.maxUploadBytes }), async (req, res) => {
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
      res.status(e.code === 'internal' ? 500 : 400).json({ code: e.code, message: options.redact(e.message) });
    }
  });
  app.head('/datasets/:hash', requireToken, (req, res) => {
    res.status(options.sources.uploads.has(String(req.params.hash)) ? 200 : 404).end();
  });
  // Removes an upload from the store (every runtime sharing it); queries reading it then get dataset_missing.
  // DELETE is never a simple request (browsers preflight it): only the Origin is checked.
  app.delete('/datasets/:hash', requireToken, (req, res) => {
    if (!originAllowed(req.get('origin'), options.allowedOrigins, req.get('host'))) {
      res.status(403).json({ code: 'forbidden_origin', message: 'Deletes from this Origin are not allowed (see --allow-origin)' });
      return;
    }
    const hash = String(req.params.hash);
    if (options.sources.uploads.delete(hash)) {
      options.logger.info('dataset deleted', { hash });
      res.status(204).end();
      return;
    }
    res.status(404).json({ code: 'dataset_missing', message: `Dataset ${hash} is not in the runtime's upload store` });
  });
  // A database source's tables are read again on the next request (their states change).
  app.post('/sources/refresh', requireToken, requireBrowserSafe, (req, res) => {
    const { refreshSources } = options.sources;
    if (!refreshSources) {
      res.status(404).json({ code: 'data_not_found', message: 'No database sources are configured' });
      return;
    }
    const name = typeof req.query.source === 'string' ? req.query.source : undefined;
    res.status(refreshSources(name) ? 204 : 404).end();
  });

  if (options.staticDir) {
    const { staticDir, token } = options;
    if (token !== undefined) {
      // The page served here connects back with the token: it is written into the page,
      // which only same-origin scripts can read (Host checked above).
      app.get(['/', '/index.html'], async (_req, res, next) => {
        let html: string;
        try {
          html = await readFile(path.join(staticDir, 'index.html'), 'utf8');
        } catch {
          next();
          return;
        }
        const meta = tokenMeta(token);
        res.set('cache-control', 'no-store').type('html').send(html.includes('</head>') ? html.replace('</head>', `${meta}</head>`) : meta + html);
      });
    }
    app.use(express.static(staticDir, { index: token === undefined ? 'index.html' : false }));
  }

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
    res.status(status).json({ code, message: options.redact(e.message ?? 'Request failed') });
  });
  return app;
}
