import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const p = join(dir, entry.name);
    const t = entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

/** Browser tests run against the built app; build it once per run, and only when sources changed. */
export default async function setup(): Promise<void> {
  const filters = process.argv.slice(2).filter((a) => !a.startsWith('-') && a !== 'run');
  const wantsBrowser = filters.length === 0 || filters.some((f) => f.includes('e2e') || f.endsWith('.spec.ts'));
  if (!wantsBrowser) return;
  const builtIndex = join(root, 'client/dist/index.html');
  const sourceTime = Math.max(
    newestMtime(join(root, 'client/src')),
    newestMtime(join(root, 'schema/src')),
    statSync(join(root, 'client/index.html')).mtimeMs,
    statSync(join(root, 'vite.config.ts')).mtimeMs,
    statSync(fileURLToPath(import.meta.url)).mtimeMs,
  );
  if (existsSync(builtIndex) && statSync(builtIndex).mtimeMs > sourceTime) return;
  const { build } = await import('vite');
  delete process.env.VITEST; // build with the app config, not the test config
  // The app as it ships: vitest sets NODE_ENV=test, under which the build took Solid's development
  // build (slower, and with its dev-only warnings), so the browser tests ran another app than `npm start`.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
  } finally {
    process.env.VITEST = 'true';
    process.env.NODE_ENV = nodeEnv;
  }
}
