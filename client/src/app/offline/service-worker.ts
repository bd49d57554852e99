/**
 * The service worker: keeps the app working offline. Built assets (content-hashed) are served
 * cache-first; the page itself network-first, falling back to the cached copy. It never touches
 * the relay's WebSocket and never caches anything from another origin.
 *
 * The build (service-worker-plugin.ts) replaces the manifest placeholder below with the list of
 * built files and a version derived from their hashed names.
 *
 * A new version waits: it installs (precaches its files) beside the running one and takes over
 * only when the page asks (SKIP_WAITING_MESSAGE, after the person chose "Herladen") or every page
 * of the app is closed. Swapping it in under an open page would delete the old cache, and that
 * page's lazily loaded chunks (hashed names the server no longer has) would fail to load.
 */

interface SwManifest {
  version: string;
  files: string[];
}

interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(r: Promise<Response>): void;
}
interface SwScope {
  location: Location;
  registration: { scope: string };
  clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', fn: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', fn: (e: FetchEvent) => void): void;
  addEventListener(type: 'message', fn: (e: MessageEvent) => void): void;
}

/** What the page posts to a waiting worker to let it take over (register-service-worker.ts). */
const SKIP_WAITING_MESSAGE = 'safeplan-skip-waiting';

const sw = self as unknown as SwScope;
const MANIFEST = JSON.parse('__SAFEPLAN_SW_MANIFEST__') as SwManifest;
const CACHE_PREFIX = 'safeplan-app-';
const CACHE = `${CACHE_PREFIX}${MANIFEST.version}`;
const scopeUrl = new URL(sw.registration.scope);
const INDEX_URL = new URL('index.html', scopeUrl).href;

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(MANIFEST.files.map((f) => new URL(f, scopeUrl).href));
    })(),
  );
});

sw.addEventListener('message', (event) => {
  // The page reloads on controllerchange; if taking over fails it stays on the old version.
  if (event.data === SKIP_WAITING_MESSAGE) sw.skipWaiting().catch((err: unknown) => console.warn('skipWaiting failed', err));
});

// Only now, with no page left on the old version (it reloads, or all were closed), its cache goes.
sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(CACHE_PREFIX) && name !== CACHE) await caches.delete(name);
      }
      await sw.clients.claim();
    })(),
  );
});

function isAppShell(request: Request, url: URL): boolean {
  return request.mode === 'navigate' || url.href === INDEX_URL || url.href === scopeUrl.href;
}

async function networkFirst(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(INDEX_URL, response.clone());
    return response;
  } catch (err) {
    const cached = await cache.match(INDEX_URL);
    if (cached) return cached;
    throw err;
  }
}

async function cacheFirst(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
  return response;
}

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== scopeUrl.origin || url.pathname === '/healthz') return;
  event.respondWith(isAppShell(request, url) ? networkFirst(request) : cacheFirst(request));
});
