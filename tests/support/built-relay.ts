import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const serverDir = fileURLToPath(new URL('../../server/', import.meta.url));

export interface BuiltRelay {
  /** The built relay's entry: run it with plain `node <main>`. */
  main: string;
  /** How long the build took, in milliseconds. */
  buildMs: number;
  remove(): void;
}

/**
 * Builds the relay with its own build config (server/vite.config.ts, what `pnpm build` runs) into
 * a fresh directory, so the test runs exactly what the sources build to now and never races a
 * `pnpm build` into server/dist. The directory is inside server/node_modules, so the built code
 * finds its run-time packages (better-sqlite3, ws, …) the way server/dist/main.js does.
 */
export async function buildRelay(): Promise<BuiltRelay> {
  const cache = join(serverDir, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const outDir = mkdtempSync(join(cache, 'relay-build-'));
  const started = performance.now();
  const { build } = await import('vite');
  const wasVitest = process.env.VITEST;
  delete process.env.VITEST;
  try {
    await build({ configFile: join(serverDir, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  } finally {
    if (wasVitest !== undefined) process.env.VITEST = wasVitest;
  }
  return {
    main: join(outDir, 'main.js'),
    buildMs: performance.now() - started,
    remove: () => rmSync(outDir, { recursive: true, force: true }),
  };
}
