import { createSignal, type Accessor } from 'solid-js';

/** The same string as in service-worker.ts (which is built on its own and imports nothing). */
const SKIP_WAITING_MESSAGE = 'safeplan-skip-waiting';
/** An open page asks for a new version this often (browsers check on navigation, which an app page rarely does). */
const UPDATE_CHECK_MS = 30 * 60 * 1000;

const [ready, setReady] = createSignal(false);
let registration: ServiceWorkerRegistration | null = null;

/** True once a new version of the app is installed and waits for this page to let it take over. */
export const newVersionReady: Accessor<boolean> = ready;

/**
 * Registers the offline worker in production builds; development keeps the network honest. The
 * build mode decides, not NODE_ENV: the browser tests build inside vitest, where NODE_ENV is
 * 'test' and `import.meta.env.PROD` would be false although the build is a production build.
 */
export function registerServiceWorker(): void {
  if (import.meta.env.MODE !== 'production' || !('serviceWorker' in navigator)) return;
  const url = `${import.meta.env.BASE_URL}sw.js`;
  // A browser that blocks workers by policy may resolve with no registration at all (typed or not).
  const watch = (reg: ServiceWorkerRegistration | undefined) => (reg ? watchForUpdates(reg) : console.warn('Service worker not registered: blocked'));
  navigator.serviceWorker.register(url, { type: 'module', scope: import.meta.env.BASE_URL }).then(watch, (err: unknown) => {
    // Without the worker the app still runs; it just will not open offline.
    console.warn('Service worker not registered', err);
  });
}

/**
 * A new worker installs beside the running one and waits (service-worker.ts): the page says so
 * (UpdateBanner) and the person decides when to reload. The first worker of a fresh visit is no
 * update: nothing controlled the page before it.
 */
function watchForUpdates(reg: ServiceWorkerRegistration): void {
  registration = reg;
  const noticeWaiting = () => {
    if (reg.waiting && navigator.serviceWorker.controller) setReady(true);
  };
  noticeWaiting();
  reg.addEventListener('updatefound', () => {
    const installing = reg.installing;
    installing?.addEventListener('statechange', () => {
      if (installing.state === 'installed') noticeWaiting();
    });
  });
  const check = () => {
    reg.update().catch((err: unknown) => console.warn('Update check failed', err));
  };
  setInterval(check, UPDATE_CHECK_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') check();
  });
}

/**
 * Lets the waiting version take over, then reloads into it once it controls the page. Without a
 * waiting worker (none registered, or the update was already taken by another tab) a plain reload
 * gets the newest version the browser has.
 */
export function reloadToNewVersion(): void {
  const waiting = registration?.waiting;
  if (!waiting || !('serviceWorker' in navigator)) {
    location.reload();
    return;
  }
  navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
  waiting.postMessage(SKIP_WAITING_MESSAGE);
}
