import type { ServerResponse } from 'node:http';

/**
 * `GET /metrics`: Prometheus text format. Counts and codes only (no plan ids, keys or
 * addresses); an operator who does not want it public puts it behind their reverse proxy.
 */
export function sendMetrics(res: ServerResponse, text: string): void {
  res.statusCode = 200;
  res.setHeader('Content-Type', 'text/plain; version=0.0.4; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}
