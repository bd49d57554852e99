import { createReadStream, realpathSync, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream';
import { createGzip } from 'node:zlib';
import { isCompressible, mimeTypeFor } from './mime.ts';

export type StaticHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** Vite puts content-hashed files under assets/: their name changes whenever their bytes do. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Everything else is revalidated (ETag), so a new build reaches the tablet on the next load. */
const REVALIDATE = 'no-cache';
const GZIP_MIN_BYTES = 1024;

/**
 * Serves the built client from `rootDir` with SPA fallback: a path that is not a file and looks
 * like a route (no extension, or the browser asks for HTML) gets index.html; a missing asset gets
 * a 404, so a stale chunk never arrives as HTML with the wrong type.
 */
export function createStaticHandler(rootDir: string): StaticHandler {
  const root = realpathSync(resolve(rootDir));
  const indexPath = join(root, 'index.html');

  return async (req, res) => {
    const pathname = safePathname(req.url ?? '/');
    if (pathname === null) return sendText(res, 400, 'Bad request');
    const target = resolve(root, `.${pathname}`);
    if (target !== root && !target.startsWith(root + sep)) return sendText(res, 404, 'Not found');

    const file = await fileAt(target === root ? indexPath : target);
    if (file) return sendFile(req, res, root, file.path, file.stats);
    if (wantsAppShell(req, pathname)) {
      const index = await fileAt(indexPath);
      if (index) return sendFile(req, res, root, index.path, index.stats);
    }
    sendText(res, 404, 'Not found');
  };
}

/** The decoded path, or null when it is malformed or names a hidden file. */
function safePathname(url: string): string | null {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url, 'http://relay.invalid').pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  if (pathname.split('/').some((segment) => segment.startsWith('.') && segment !== '.well-known')) return null;
  return pathname;
}

async function fileAt(path: string): Promise<{ path: string; stats: Stats } | null> {
  try {
    const stats = await stat(path);
    if (stats.isFile()) return { path, stats };
    if (stats.isDirectory()) return fileAt(join(path, 'index.html'));
    return null;
  } catch {
    return null;
  }
}

function wantsAppShell(req: IncomingMessage, pathname: string): boolean {
  const last = pathname.slice(pathname.lastIndexOf('/') + 1);
  return !last.includes('.') || (req.headers.accept ?? '').includes('text/html');
}

function cacheControlFor(relativePath: string): string {
  return relativePath.startsWith(`assets${sep}`) ? IMMUTABLE : REVALIDATE;
}

function sendFile(req: IncomingMessage, res: ServerResponse, root: string, path: string, stats: Stats): void {
  const type = mimeTypeFor(path);
  const etag = `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`;
  res.setHeader('Content-Type', type);
  res.setHeader('Cache-Control', cacheControlFor(relative(root, path)));
  res.setHeader('ETag', etag);
  res.setHeader('Last-Modified', stats.mtime.toUTCString());
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  const compress = isCompressible(type) && stats.size >= GZIP_MIN_BYTES;
  if (compress) res.setHeader('Vary', 'Accept-Encoding');

  if (req.headers['if-none-match'] === etag) {
    res.statusCode = 304;
    res.end();
    return;
  }
  const gzip = compress && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  if (gzip) res.setHeader('Content-Encoding', 'gzip');
  else res.setHeader('Content-Length', stats.size);
  res.statusCode = 200;
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const source = createReadStream(path);
  const done = (err: NodeJS.ErrnoException | null) => {
    if (err) res.destroy();
  };
  if (gzip) pipeline(source, createGzip(), res, done);
  else pipeline(source, res, done);
}

export function sendText(res: ServerResponse, status: number, body: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(body);
}
