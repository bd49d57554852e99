import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRelay } from '../../server/src/create-relay.ts';
import { createJsonLogger } from '../../server/src/log.ts';
import { failToParent, serveParent } from './child-protocol.ts';
import { openBenchStore } from './bench-store.ts';
import { storedBytes } from './stored-bytes.ts';

// The real relay, as main.ts runs it: real SQLite file, JSON log lines on stdout (here /dev/null,
// so formatting and writing them is still paid for).
const dataDir = mkdtempSync(join(tmpdir(), 'safeplan-bench-relay-'));
const limits = JSON.parse(process.env.BENCH_RELAY_LIMITS ?? '{}') as Record<string, number>;
// BENCH_RELAY_VERIFY=wasm: the relay checks signatures with libsodium's WebAssembly build, for a
// same-run comparison with the default native build.
const verify = process.env.BENCH_RELAY_VERIFY === 'wasm' ? 'wasm' : 'native';
try {
  const staticDir = process.env.BENCH_RELAY_STATIC_DIR || undefined;
  // SQLite in dataDir unless SAFEPLAN_STORE names another store (BENCH_STORE=postgres sets it).
  const store = await openBenchStore(dataDir);
  const relay = await createRelay({ port: 0, host: '127.0.0.1', dataDir, store, staticDir, limits, log: createJsonLogger(), verify });
  serveParent(
    relay.port,
    async () => {
      await relay.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
    { stored: (m) => storedBytes(dataDir, String(m.planKey)) },
  );
} catch (err) {
  failToParent(err);
}
