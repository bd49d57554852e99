import { rmSync } from 'node:fs';
import { createRelay, type RelayOptions } from '../create-relay.ts';
import { createMemoryLogger } from '../log.ts';
import { freshPgSchema } from './postgres-schema.ts';
import { newTempDir } from './temp-dir.ts';
import { TEST_PG_URL } from './postgres-schema.ts';

/** The stores a test relay can run on; tests of storage run once per kind (`describe.each(testStoreKinds)`). */
export type TestStoreKind = 'sqlite' | 'postgres';
export const testStoreKinds: readonly TestStoreKind[] = ['sqlite', 'postgres'];

export interface TestRelay {
  /** http://localhost:<port> */
  url: string;
  /** ws://localhost:<port>/ */
  wsUrl: string;
  port: number;
  /** The SQLite data directory (a fresh temp dir unless one was given; unused on PostgreSQL). */
  dataDir: string;
  /** The PostgreSQL schema of this relay (postgres only): pass it to a restart or a second relay. */
  pgSchema?: string;
  /** Every log line the relay wrote so far, as raw JSON strings. */
  logLines(): string[];
  /** The log lines parsed, for asserting on event names and fields. */
  logEvents(): Array<Record<string, unknown>>;
  /** Stops the relay; removes the temp data dir (or drops the fresh schema) unless it was passed in. */
  close(): Promise<void>;
}

export interface TestRelayOptions {
  /** Serve the built app from here (e.g. client/dist). */
  staticDir?: string;
  /** Reuse a data dir (e.g. to restart on the same SQLite file); kept on close. */
  dataDir?: string;
  /** Default sqlite. postgres: real PostgreSQL (SAFEPLAN_TEST_PG) in a fresh schema dropped on close. */
  store?: TestStoreKind;
  /** postgres: reuse this schema (a restart, or a second relay on the same database); kept on close. */
  pgSchema?: string;
  /** Membership checks other than the shared ones (a test that needs a reader, say). */
  rules?: RelayOptions['rules'];
  /** Small or slow limits for the tests of rate limiting, large ones for tests that must not hit them. */
  limits?: RelayOptions['limits'];
  /** The wire versions the relay accepts (a relay older or newer than the app under test). */
  wireVersions?: RelayOptions['wireVersions'];
  /** Signature-check threads and the fewest checks per turn sent to them (default: the relay's). */
  verifyThreads?: number;
  verifyThreadBatch?: number;
}

/** Starts a real relay in this process on port 0 with a real SQLite file in a temp dir, or on real PostgreSQL. */
export async function startRelay(options: TestRelayOptions = {}): Promise<TestRelay> {
  const ownsDir = !options.dataDir;
  const dataDir = options.dataDir ?? newTempDir('relay-');
  const onPostgres = options.store === 'postgres' || options.pgSchema !== undefined;
  const fresh = onPostgres && !options.pgSchema ? await freshPgSchema() : undefined;
  const pgSchema = onPostgres ? (options.pgSchema ?? fresh?.schema) : undefined;
  const { log, lines } = createMemoryLogger();
  const cleanup = async () => {
    if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
    await fresh?.drop();
  };
  let relay;
  try {
    relay = await createRelay({
      port: 0,
      dataDir,
      postgres: pgSchema ? { url: TEST_PG_URL, schema: pgSchema, poolSize: 4 } : undefined,
      staticDir: options.staticDir,
      rules: options.rules,
      limits: options.limits,
      wireVersions: options.wireVersions,
      verifyThreads: options.verifyThreads,
      verifyThreadBatch: options.verifyThreadBatch,
      log,
    });
  } catch (err) {
    await cleanup();
    throw err;
  }
  return {
    url: relay.url,
    wsUrl: relay.wsUrl,
    port: relay.port,
    dataDir,
    pgSchema,
    logLines: () => [...lines],
    logEvents: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    close: async () => {
      await relay.close();
      await cleanup();
    },
  };
}
