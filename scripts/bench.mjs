// `pnpm bench` runs every benchmark, `pnpm bench <name>...` some. Each benchmark is its own
// process (TypeScript through tsx) that prints one JSON line per result; those lines are echoed
// and appended to bench/results/<date>.jsonl. Missed targets do not fail the run (figures are
// reported, not asserted); a benchmark that crashes does.
// BENCH_PROFILE=<dir> writes CPU profiles (load generator and relay) under <dir>/<name>/.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDeps, root } from './ensure-deps.mjs';

const ALL = ['b4-pipeline', 'relay-throughput', 'relay-memory', 'bundle', 'latency', 'keystroke-path', 'catch-up', 'open-plan', 'unlock', 'soak', 'snapshot-checks', 'relay-bus', 'chromium-keystroke'];

ensureDeps();
const asked = process.argv.slice(2);
const unknown = asked.filter((n) => !ALL.includes(n));
if (unknown.length > 0) {
  console.error(`Unknown benchmark: ${unknown.join(', ')}. Choose from: ${ALL.join(', ')}`);
  process.exit(2);
}
const names = asked.length > 0 ? asked : ALL;
const resultsDir = join(root, 'bench/results');
mkdirSync(resultsDir, { recursive: true });
const resultsFile = join(resultsDir, `${new Date().toISOString().slice(0, 10)}.jsonl`);

function runOne(name) {
  return new Promise((resolve) => {
    const profileDir = process.env.BENCH_PROFILE ? join(process.env.BENCH_PROFILE, name) : null;
    const env = { ...process.env };
    const flags = ['--import', 'tsx'];
    if (profileDir) {
      flags.push('--cpu-prof', `--cpu-prof-dir=${join(profileDir, 'load')}`);
      env.BENCH_PROFILE_RELAY = join(profileDir, 'relay');
    }
    const started = Date.now();
    const child = spawn(process.execPath, [...flags, join(root, 'bench', `${name}.bench.ts`)], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const results = [];
    let buffered = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        if (!line) continue;
        process.stdout.write(`${line}\n`);
        try {
          const result = JSON.parse(line);
          results.push(result);
          appendFileSync(resultsFile, `${line}\n`);
        } catch {
          // Not a result line (a library printing something); echoed above, not recorded.
        }
      }
    });
    child.on('close', (code) => resolve({ name, code, results, seconds: Math.round((Date.now() - started) / 1000) }));
  });
}

const summary = [];
for (const name of names) {
  console.error(`bench ${name}...`);
  summary.push(await runOne(name));
}
console.error('\nbenchmark          secs  result');
let crashed = false;
for (const { name, code, results, seconds } of summary) {
  const verdict = code !== 0 ? `CRASHED (exit ${code})` : results.map((r) => (r.met ? 'met' : `MISSED (${r.target})`)).join(', ') || 'no result';
  if (code !== 0 || results.length === 0) crashed = true;
  console.error(`${name.padEnd(18)} ${String(seconds).padStart(4)}  ${verdict}`);
}
console.error(`\nresults appended to ${resultsFile}`);
process.exit(crashed ? 1 : 0);
