import { resolve } from 'node:path';
import { createRelay } from './create-relay.ts';
import { createJsonLogger } from './log.ts';
import { limitsFromEnv } from './relay/limits-from-env.ts';
import { storeFromEnv, type StoreChoice } from './store/store-from-env.ts';

/** The relay as a process: configured by the environment, stopped gracefully by SIGINT/SIGTERM. */
const port = parsePort(process.env.PORT ?? '8787');
const dataDir = resolve(process.env.SAFEPLAN_DATA_DIR ?? './data');
const staticDir = process.env.SAFEPLAN_STATIC_DIR ? resolve(process.env.SAFEPLAN_STATIC_DIR) : undefined;
const log = createJsonLogger();
const verifyThreads = parseVerifyThreads(process.env.SAFEPLAN_VERIFY_THREADS);
let limits;
let storeChoice: StoreChoice;
try {
  limits = limitsFromEnv(process.env);
  storeChoice = storeFromEnv(process.env);
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(2);
}

const postgres = storeChoice.kind === 'postgres' ? { url: storeChoice.url, schema: storeChoice.schema, poolSize: storeChoice.poolSize } : undefined;
const relay = await createRelay({ port, dataDir, postgres, staticDir, log, limits, verifyThreads }).catch((err: unknown) => {
  console.error(`Safeplan relay could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
console.info(`Safeplan relay listening on http://localhost:${relay.port}`);
if (staticDir) console.info(`Open the app: http://localhost:${relay.port}/`);

// Both stop gracefully (drain, then close; relay.shutdown). A second signal stops at once.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const again of ['SIGINT', 'SIGTERM'] as const) process.once(again, () => process.exit(1));
    relay.shutdown().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`PORT must be a number from 0 to 65535, not "${value}".`);
    process.exit(2);
  }
  return n;
}

/** SAFEPLAN_VERIFY_THREADS: signature-check threads beside the event loop (unset: one per core beyond two, at most 4). */
function parseVerifyThreads(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 64) {
    console.error(`SAFEPLAN_VERIFY_THREADS must be a whole number from 0 to 64, not "${value}".`);
    process.exit(2);
  }
  return n;
}
