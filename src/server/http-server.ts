import type { Server } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Registry } from 'prom-client';
import type { Logger } from '../core/logger.js';

export type THttpOptions = {
  /** Resolves when the database answers; /readyz reports 503 with the reason otherwise. */
  ready(): Promise<void>;
  registry: Registry;
  log: Logger;
  /** The language model's state for /readyz: none, closed (answering), open or half-open. It never makes the bot unready: without it the bot falls back to templates. */
  llmState?: () => string;
};

/**
 * One HTTP app for everything: health and metrics, and the platform endpoints `mount` adds (Slack's
 * /slack/events) before the 404 and error handlers close the chain.
 */
export function createHttpApp(
  options: THttpOptions,
  mount: (app: express.Express) => Promise<void> | void = () => undefined,
): Promise<express.Express> {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await options.ready();
      res.json({ status: 'ready', database: 'ok', llm: options.llmState?.() ?? 'none' });
    } catch (error) {
      res.status(503).json({ status: 'unavailable', database: error instanceof Error ? error.message : String(error) });
    }
  });
  app.get('/metrics', async (_req, res) => {
    res.type(options.registry.contentType).send(await options.registry.metrics());
  });
  return Promise.resolve(mount(app)).then(() => finish(app, options.log));
}

function finish(app: express.Express, log: Logger): express.Express {
  app.use((req, res) => {
    res.status(404).json({ error: 'not_found', message: `no route for ${req.method} ${req.path}` });
  });
  // One handler for the edge: log the details, answer with a stable code.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    // Body-parser's refusals (too large, unreadable) are the client's to fix: say so with their status.
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      log.warn({ path: req.path, status, reason: (error as Error).message }, 'request refused');
      res.status(status).json({ error: 'bad_request', message: (error as Error).message });
      return;
    }
    log.error({ err: error, path: req.path }, 'request failed');
    if (!res.headersSent) res.status(500).json({ error: 'internal', message: 'internal error; see the log' });
  });
  return app;
}

export function listen(app: express.Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

/** A platform endpoint that this process does not serve: every request is refused (401), saying what to set. */
export function notConfigured(app: express.Express, path: string, message: string): void {
  app.post(path, (_req, res) => {
    res.status(401).json({ error: 'not_configured', message });
  });
}
