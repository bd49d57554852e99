// One command from a fresh clone: install, build the app and the relay, start the built relay
// (plain node, no TypeScript loader) that also serves the app.
import { spawn } from 'node:child_process';
import { ensureDeps, run, root } from './ensure-deps.mjs';

ensureDeps();
run(`${root}/node_modules/.bin/vite`, ['build', '--config', 'vite.config.ts', '--logLevel', 'warn']);
run(`${root}/node_modules/.bin/vite`, ['build', '--config', 'server/vite.config.ts', '--logLevel', 'warn']);
const env = {
  ...process.env,
  SAFEPLAN_STATIC_DIR: process.env.SAFEPLAN_STATIC_DIR ?? `${root}/client/dist`,
  SAFEPLAN_DATA_DIR: process.env.SAFEPLAN_DATA_DIR ?? `${root}/data`,
  PORT: process.env.PORT ?? '8787',
};
const relay = spawn(process.execPath, ['server/dist/main.js'], { cwd: root, env, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => relay.kill(sig));
relay.on('exit', (code) => process.exit(code ?? 0));
