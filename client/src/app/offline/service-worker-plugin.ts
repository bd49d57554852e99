import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const SOURCE = fileURLToPath(new URL('./service-worker.ts', import.meta.url));
const PLACEHOLDER = /(["'`])__SAFEPLAN_SW_MANIFEST__\1/;
export const SERVICE_WORKER_FILE = 'sw.js';

/** What the worker precaches: every built file except the worker itself and build metadata. */
export function precacheList(fileNames: readonly string[]): string[] {
  const files = fileNames.filter((f) => f !== SERVICE_WORKER_FILE && !f.startsWith('.vite/') && !f.endsWith('.map'));
  return [...new Set(['./', 'index.html', ...files])].sort();
}

/** Built names carry content hashes, so a hash of the list changes exactly when the app does. */
export function manifestVersion(files: readonly string[]): string {
  return createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 16);
}

/**
 * Builds `sw.js` next to the app and writes into it the list of files to precache, so a reload
 * without network opens the app with everything it needs (including lazy chunks never visited).
 */
export function serviceWorkerPlugin(): Plugin {
  return {
    name: 'safeplan-service-worker',
    apply: 'build',
    enforce: 'post',
    buildStart() {
      this.emitFile({ type: 'chunk', id: SOURCE, fileName: SERVICE_WORKER_FILE });
    },
    generateBundle(_options, bundle) {
      const worker = bundle[SERVICE_WORKER_FILE];
      if (!worker || worker.type !== 'chunk') throw new Error('service worker chunk missing from the build');
      const files = precacheList(Object.keys(bundle));
      const manifest = JSON.stringify({ version: manifestVersion(files), files });
      if (!PLACEHOLDER.test(worker.code)) throw new Error('service worker manifest placeholder not found');
      worker.code = worker.code.replace(PLACEHOLDER, JSON.stringify(manifest));
    },
  };
}
