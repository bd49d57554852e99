import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type TestRelay } from '../testing/relay.ts';
import { newTempDir } from '../testing/temp-dir.ts';

let site: string;
let relay: TestRelay;
const bigScript = `console.log(${JSON.stringify('x'.repeat(5000))});`;

beforeAll(async () => {
  site = newTempDir('site-');
  mkdirSync(join(site, 'assets'));
  writeFileSync(join(site, 'index.html'), '<!doctype html><title>Safeplan</title>');
  writeFileSync(join(site, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  writeFileSync(join(site, 'manifest.webmanifest'), '{"name":"Safeplan"}');
  writeFileSync(join(site, 'assets', 'index-abc123.js'), bigScript);
  writeFileSync(join(site, 'assets', 'index-abc123.css'), 'body{}');
  writeFileSync(join(site, 'assets', 'sodium.wasm'), new Uint8Array([0, 97, 115, 109]));
  writeFileSync(join(site, '.env'), 'SECRET=1');
  writeFileSync(join(site, '..', 'outside-secret.txt'), 'SECRET=2');
  relay = await startRelay({ staticDir: site });
});

afterAll(async () => {
  await relay.close();
  rmSync(site, { recursive: true, force: true });
  rmSync(join(site, '..', 'outside-secret.txt'), { force: true });
});

function rawGet(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: 'localhost', port: relay.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${relay.url}${path}`, { headers });

describe('the relay serves the built app', () => {
  it('answers /healthz with ok and nothing else (no uptime: it would date the last restart)', async () => {
    const res = await get('/healthz');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('answers /readyz with ok while it takes traffic (503 while draining: graceful-shutdown-drains.test.ts)', async () => {
    const res = await get('/readyz');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ ok: true });
  });

  it('answers /metrics in Prometheus text format with the operator counters', async () => {
    const res = await get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    for (const name of ['connections', 'connections_authenticated', 'envelopes_in_total', 'envelopes_out_total', 'bytes_in_total', 'catch_up_queue_bytes']) {
      expect(text).toMatch(new RegExp(`^safeplan_relay_${name} \\d+$`, 'm'));
    }
    expect(text).toMatch(/^# TYPE safeplan_relay_store_commit_seconds histogram$/m);
    expect(text).toMatch(/^safeplan_relay_store_commit_seconds_bucket\{le="\+Inf"\} \d+$/m);
  });

  it('serves index.html at / without caching it', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('<title>Safeplan</title>');
  });

  it('falls back to index.html for app routes', async () => {
    const res = await get('/plan/abc/netwerk');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('<title>Safeplan</title>');
  });

  it('answers a missing asset with 404, not the app shell', async () => {
    const res = await get('/assets/gone-999.js');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  });

  it('serves sw.js without caching and hashed assets as immutable, with correct types', async () => {
    const sw = await get('/sw.js');
    expect(sw.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(sw.headers.get('cache-control')).toBe('no-cache');
    const css = await get('/assets/index-abc123.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('cache-control')).toContain('immutable');
    const wasm = await get('/assets/sodium.wasm');
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    const manifest = await get('/manifest.webmanifest');
    expect(manifest.headers.get('content-type')).toBe('application/manifest+json; charset=utf-8');
  });

  it('compresses text for clients that accept gzip, byte for byte the same', async () => {
    const res = await fetch(`${relay.url}/assets/index-abc123.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    // fetch decodes gzip transparently; the header proves it was sent compressed.
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(await res.text()).toBe(bigScript);
  });

  it('revalidates with the ETag', async () => {
    const first = await get('/');
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await get('/', { 'if-none-match': etag as string });
    expect(again.status).toBe(304);
  });

  it('never serves files outside the static dir or hidden files', async () => {
    // Raw paths: fetch would normalise the dot segments away before they reach the relay.
    const paths = ['/../outside-secret.txt', '/..%2foutside-secret.txt', '/assets/..%2f..%2foutside-secret.txt', '/.env', '/assets/%00.js'];
    for (const path of paths) {
      const res = await rawGet(path);
      expect(res.status, path).not.toBe(200);
      expect(res.body, path).not.toContain('SECRET');
    }
  });

  it('refuses methods other than GET and HEAD', async () => {
    const res = await fetch(`${relay.url}/`, { method: 'POST', body: 'x' });
    expect(res.status).toBe(405);
    const head = await fetch(`${relay.url}/`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
