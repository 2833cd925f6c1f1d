/**
 * An edge's HTTP routes that belong to its upstream: uploads, their existence checks and
 * deletes go upstream (datasets live there; the edge never needs the data), and /capabilities are
 * the upstream's, which is what the planner must plan against.
 */
import express, { type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from '../logger.js';
import type { Edge } from './edge.js';

export interface EdgeRouteGuards {
  requireToken: RequestHandler;
  requireBrowserSafe: RequestHandler;
}

export interface EdgeRouteOptions {
  edge: Edge;
  maxUploadBytes: number;
  logger: Logger;
  /** Takes upstream addresses out of messages sent to clients. */
  redact(text: string): string;
}

/** Registers the routes on `app`, ahead of the runtime's own routes of the same paths. */
export function addEdgeRoutes(app: express.Express, guards: EdgeRouteGuards, options: EdgeRouteOptions): void {
  const { edge, logger } = options;
  const headers = (extra: Record<string, string> = {}) => ({
    ...extra, ...(edge.upstreamToken ? { authorization: `Bearer ${edge.upstreamToken}` } : {}),
  });
  const unavailable = (res: Response, error: unknown) => {
    logger.warn('edge: the upstream did not answer an HTTP request', { message: (error as Error).message });
    res.status(502).json({ code: 'upstream_unavailable', message: options.redact(`The upstream runtime did not answer: ${(error as Error).message}`) });
  };

  app.get('/capabilities', (_req, res) => {
    edge.capabilities().then((c) => res.json(c), (error: unknown) => unavailable(res, error));
  });

  app.post('/datasets', guards.requireToken, guards.requireBrowserSafe, express.raw({ type: () => true, limit: options.maxUploadBytes }), async (req: Request, res: Response) => {
    const body = req.body as unknown;
    if (!(body instanceof Buffer) || body.length === 0) {
      res.status(400).json({ code: 'bad_data', message: 'Upload body is empty' });
      return;
    }
    const query = new URLSearchParams({ format: String(req.query.format ?? 'arrow') });
    try {
      const reply = await fetch(`${edge.upstreamHttp}/datasets?${query.toString()}`, {
        method: 'POST', body, headers: headers({ 'content-type': 'application/octet-stream' }),
      });
      res.status(reply.status).type(reply.headers.get('content-type') ?? 'application/json').send(Buffer.from(await reply.arrayBuffer()));
    } catch (error) {
      unavailable(res, error);
    }
  });

  app.head('/datasets/:hash', guards.requireToken, async (req: Request, res: Response) => {
    try {
      const reply = await fetch(`${edge.upstreamHttp}/datasets/${encodeURIComponent(String(req.params.hash))}`, { method: 'HEAD', headers: headers() });
      res.status(reply.status).end();
    } catch (error) {
      unavailable(res, error);
    }
  });

  // The upstream's store holds the datasets: a delete goes there (the edge drops nothing cached,
  // its values answer by state and the upstream's dataset_missing reaches new queries).
  app.delete('/datasets/:hash', guards.requireToken, async (req: Request, res: Response) => {
    try {
      const reply = await fetch(`${edge.upstreamHttp}/datasets/${encodeURIComponent(String(req.params.hash))}`, { method: 'DELETE', headers: headers() });
      res.status(reply.status).type(reply.headers.get('content-type') ?? 'application/json').send(Buffer.from(await reply.arrayBuffer()));
    } catch (error) {
      unavailable(res, error);
    }
  });
}
