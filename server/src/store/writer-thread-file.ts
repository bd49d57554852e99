import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as Esbuild from 'esbuild';

// A variable, not a literal: the bundler must not turn `new URL('…', import.meta.url)` into an
// asset of its own; the thread is an entry of the build beside main.js.
const BUILT_THREAD = 'sqlite-writer-thread.js';
const SOURCE_THREAD = 'sqlite-writer-thread.ts';

/** Compiled writer threads of this process, by source file. */
const compiled = new Map<string, string>();

/**
 * The file a writer thread runs. A worker thread gets none of its parent's loaders, so it runs
 * JavaScript only:
 * - built (`node server/dist/main.js`): the build's own entry beside the bundle;
 * - from source (tsx, Vitest, benches): sqlite-writer-thread.ts compiled once by esbuild into
 *   server/node_modules/.cache, named after a hash of what went in, so concurrent test processes
 *   share it and a changed source gets a new file. A tsx loader inside the worker would cost
 *   ~175 ms per store opened; this costs one esbuild run per process (every store the process
 *   opens after the first reuses the compiled file).
 */
export function writerThreadFile(moduleUrl: string): URL {
  const here = dirname(fileURLToPath(moduleUrl));
  const built = join(here, BUILT_THREAD);
  if (existsSync(built)) return pathToFileURL(built);
  const source = join(here, SOURCE_THREAD);
  if (!existsSync(source)) throw new Error(`the SQLite writer thread is missing: neither ${built} nor ${source} exists`);
  let file = compiled.get(source);
  if (file === undefined) compiled.set(source, (file = compiledFromSource(source)));
  return pathToFileURL(file);
}

function compiledFromSource(source: string): string {
  // esbuild is a dev dependency: only a relay run from source (never the build) comes here.
  const esbuild = createRequire(import.meta.url)('esbuild') as typeof Esbuild;
  // Bundled (its relay-store.ts constants inlined), packages left as imports.
  const result = esbuild.buildSync({
    entryPoints: [source],
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.text;
  if (code === undefined) throw new Error('esbuild produced no writer thread');
  const serverDir = join(dirname(source), '..', '..');
  // Inside server/node_modules so `import 'better-sqlite3'` resolves as it does from server/src.
  const cacheDir = join(serverDir, 'node_modules', '.cache', 'safeplan-writer-thread');
  const file = join(cacheDir, `sqlite-writer-thread-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
  if (existsSync(file) && readFileSync(file, 'utf8') === code) return file;
  mkdirSync(cacheDir, { recursive: true });
  // Written whole under a private name, then renamed: another process never reads half a file.
  const partial = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(partial, code);
  renameSync(partial, file);
  return file;
}
