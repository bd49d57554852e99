// `npm test` runs everything (type check, lint, every test); `pnpm test <file>` runs one file.
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
run(bin('vitest'), ['run', ...args], { env });
