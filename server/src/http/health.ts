import type { ServerResponse } from 'node:http';

/**
 * `GET /healthz`: for a load balancer or a supervisor; says nothing about plans or members, and
 * no uptime either (it would tell an outsider when the relay was last restarted or patched).
 */
export function sendHealth(res: ServerResponse): void {
  const body = JSON.stringify({ ok: true });
  res.statusCode = 200;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}
