// `npm test` runs everything (type check, lint, every test); `pnpm test <file>` runs one file.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { ensureDeps, run, root } from './ensure-deps.mjs';

ensureDeps();
const args = process.argv.slice(2);
const bin = (name) => `${root}/node_modules/.bin/${name}`;
if (args.length === 0) {
  run(bin('tsc'), ['-p', 'tsconfig.json']);
  run(bin('eslint'), ['.']);
  run('node', [`${root}/scripts/check-cycles.mjs`]);
}
const polyfills = `${root}/scripts/node20-polyfills.cjs`;
const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${polyfills}`.trim() };
mkdirSync(`${root}/tests/.tmp`, { recursive: true });
const summaryFile = `${root}/tests/.tmp/vitest-summary.json`;
const result = spawnSync(
  bin('vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${summaryFile}`, ...args],
  { stdio: 'inherit', cwd: root, env },
);
try {
  // One plain closing line that any CI reads the same way.
  const summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
  console.info(`tests: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed`);
} catch {
  console.error('tests: no summary (vitest did not finish)');
}
process.exit(result.status ?? 1);
