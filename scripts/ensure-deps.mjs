// Installs the workspace on a fresh clone with nothing but Node 20 and npm.
import { existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
const PNPM = 'pnpm@12.4.2';

export function pnpmCommand() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8', shell: process.platform === 'win32' });
  if (probe.status === 0 && probe.stdout.trim() === PNPM.split('@')[1]) return ['pnpm'];
  return ['npx', '--yes', PNPM];
}

export function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

export function ensureDeps() {
  const marker = `${root}/node_modules/.modules.yaml`;
  const lock = `${root}/pnpm-lock.yaml`;
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  // better-sqlite3 compiles from source here; node-gyp must use the local Node headers, not download them.
  const env = { ...process.env };
  if (!env.npm_config_nodedir && existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';
  const [cmd, ...pre] = pnpmCommand();
  console.info('Safeplan: installing dependencies (first run only, about 2 minutes)...');
  run(cmd, [...pre, 'install', '--frozen-lockfile'], { env });
}
