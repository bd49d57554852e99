import type { ServerResponse } from 'node:http';

/**
 * `GET /healthz`: for a load balancer or a supervisor; says nothing about plans or members, and
 * no uptime either (it would tell an outsider when the relay was last restarted or patched).
 */
export function sendHealth(res: ServerResponse): void {
  sendJson(res, 200, { ok: true });
}

/**
 * `GET /readyz`: whether this relay takes traffic now (its store is open and it is not draining
 * for a shutdown). A load balancer sends new connections only to relays that answer 200; during
 * a drain this answers 503 while /healthz still answers 200 (the process is alive, just leaving).
 */
export function sendReadiness(res: ServerResponse, ready: boolean): void {
  sendJson(res, ready ? 200 : 503, ready ? { ok: true } : { ok: false, reason: 'draining' });
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}
