import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRelay } from '../../server/src/create-relay.ts';
import { createJsonLogger } from '../../server/src/log.ts';
import { storeFromEnv } from '../../server/src/store/store-from-env.ts';
import { dropPgSchema } from '../../server/src/testing/postgres-schema.ts';
import { failToParent, serveParent } from './child-protocol.ts';
import { storedBytes } from './stored-bytes.ts';

// The real relay, as main.ts runs it: real SQLite file, JSON log lines on stdout (here /dev/null,
// so formatting and writing them is still paid for). SAFEPLAN_STORE=postgres://… runs it on
// PostgreSQL instead, as main.ts does, in a fresh schema dropped at the end unless
// SAFEPLAN_PG_SCHEMA names one (two relays sharing a schema: bench/support/relay-set.ts).
const dataDir = mkdtempSync(join(tmpdir(), 'safeplan-bench-relay-'));
// Every simulated device connects from 127.0.0.1: one address holds them all, as behind a proxy
// (the relay-memory and soak loads open 1,000 sockets and more).
const limits = { maxConnectionsPerAddress: 1_000_000, ...(JSON.parse(process.env.BENCH_RELAY_LIMITS ?? '{}') as Record<string, number>) };
// BENCH_RELAY_VERIFY=wasm: the relay checks signatures with libsodium's WebAssembly build, for a
// same-run comparison with the default native build.
const verify = process.env.BENCH_RELAY_VERIFY === 'wasm' ? 'wasm' : 'native';
// BENCH_RELAY_VERIFY_THREADS=<n>: the relay's signature-check threads (SAFEPLAN_VERIFY_THREADS; 0: on the event loop).
const verifyThreads = process.env.BENCH_RELAY_VERIFY_THREADS ? Number(process.env.BENCH_RELAY_VERIFY_THREADS) : undefined;
// A page for Chromium benchmarks, served by the relay itself (same origin as its WebSocket).
const staticDir = process.env.BENCH_RELAY_STATIC_DIR || undefined;
try {
  const store = storeFromEnv(process.env);
  const freshSchema = store.kind === 'postgres' && !store.schema ? `bench_${process.pid}` : undefined;
  const postgres = store.kind === 'postgres' ? { url: store.url, schema: store.schema ?? freshSchema, poolSize: store.poolSize } : undefined;
  const relay = await createRelay({ port: 0, host: '127.0.0.1', dataDir, postgres, staticDir, limits, log: createJsonLogger(), verify, verifyThreads });
  serveParent(
    relay.port,
    async () => {
      await relay.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (postgres && freshSchema) await dropPgSchema(postgres.url, freshSchema);
    },
    {
      stored: (m) => {
        if (postgres) throw new Error('stored bytes are read from the SQLite file; run this benchmark without SAFEPLAN_STORE');
        return storedBytes(dataDir, String(m.planKey));
      },
    },
  );
} catch (err) {
  failToParent(err);
}
