// Fails when modules import each other in a circle.
import { spawnSync } from 'node:child_process';
import { root } from './ensure-deps.mjs';

const entries = ['client/src/main.tsx', 'server/src/main.ts'];
const r = spawnSync(`${root}/node_modules/.bin/dpdm`, ['--no-warning', '--no-tree', '-T', '--exit-code', 'circular:1', ...entries], {
  cwd: root,
  encoding: 'utf8',
});
process.stdout.write(r.stdout ?? '');
process.stderr.write(r.stderr ?? '');
if (r.status !== 0) {
  console.error('Dependency cycle check failed.');
  process.exit(1);
}
console.info('No dependency cycles.');
