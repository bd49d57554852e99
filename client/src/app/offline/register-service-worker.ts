/**
 * Registers the offline worker in production builds; development keeps the network honest. The
 * build mode decides, not NODE_ENV: the browser tests build inside vitest, where NODE_ENV is
 * 'test' and `import.meta.env.PROD` would be false although the build is a production build.
 */
export function registerServiceWorker(): void {
  if (import.meta.env.MODE !== 'production' || !('serviceWorker' in navigator)) return;
  const url = `${import.meta.env.BASE_URL}sw.js`;
  navigator.serviceWorker.register(url, { type: 'module', scope: import.meta.env.BASE_URL }).catch((err: unknown) => {
    // Without the worker the app still runs; it just will not open offline.
    console.warn('Service worker not registered', err);
  });
}
