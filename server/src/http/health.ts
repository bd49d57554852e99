import type { ServerResponse } from 'node:http';

/** `GET /healthz`: for a load balancer or a supervisor; says nothing about plans or members. */
export function sendHealth(res: ServerResponse, startedAt: number, now: number = Date.now()): void {
  const body = JSON.stringify({ ok: true, uptime: Math.max(0, Math.round((now - startedAt) / 1000)) });
  res.statusCode = 200;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}
