import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { sendHealth, sendReadiness } from './health.ts';
import { sendMetrics } from './metrics-route.ts';
import { createStaticHandler, sendText } from './static-files.ts';

export interface HttpOptions {
  /** The built client (client/dist); without it the relay serves only /healthz. */
  staticDir?: string | undefined;
  metrics: Metrics;
  log: Logger;
  /** False while the relay drains for a shutdown (or before its store is open): /readyz says 503. */
  ready: () => boolean;
}

export type HttpHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** The relay's only HTTP routes: /healthz, /readyz, /metrics and, when configured, the app's static files. */
export function createHttpHandler(options: HttpOptions): HttpHandler {
  const serveStatic = options.staticDir ? createStaticHandler(options.staticDir) : null;
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const readOnly = req.method === 'GET' || req.method === 'HEAD';
    if (!readOnly) {
      res.setHeader('Allow', 'GET, HEAD');
      return sendText(res, 405, 'Method not allowed');
    }
    if (path === '/healthz') return sendHealth(res);
    if (path === '/readyz') return sendReadiness(res, options.ready());
    if (path === '/metrics') return sendMetrics(res, options.metrics.render());
    if (!serveStatic) return sendText(res, 404, 'Not found');
    serveStatic(req, res).catch((err: unknown) => {
      options.log('http.error', { code: errorCode(err) });
      if (!res.headersSent) sendText(res, 500, 'Internal error');
      else res.destroy();
    });
  };
}

function errorCode(err: unknown): string {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : 'unknown';
}
