import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { quoteIdent } from '../../server/src/store/postgres-migrations.ts';

/**
 * Which store the benchmark's Safeplan relay runs on. SQLite in a fresh temp dir is the default;
 * BENCH_STORE=postgres runs the same benchmark on PostgreSQL (issue 16) by setting SAFEPLAN_STORE
 * for the relay child (local PostgreSQL, database `test`, unless SAFEPLAN_STORE is already set).
 * The relay child reads it as main.ts does (`storeFromEnv`), in a fresh schema per run.
 */
export type BenchStoreKind = 'sqlite' | 'postgres';

export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

export function benchStoreKind(): BenchStoreKind {
  const raw = process.env.BENCH_STORE ?? 'sqlite';
  if (raw !== 'sqlite' && raw !== 'postgres') throw new Error(`BENCH_STORE must be "sqlite" or "postgres", not "${raw}"`);
  return raw;
}

/** Environment for the relay child: SAFEPLAN_STORE passes through, BENCH_STORE=postgres sets it. */
export function benchStoreEnv(): Record<string, string> {
  if (process.env.SAFEPLAN_STORE) return { SAFEPLAN_STORE: process.env.SAFEPLAN_STORE };
  return benchStoreKind() === 'postgres' ? { SAFEPLAN_STORE: DEFAULT_POSTGRES_URL } : {};
}

/** The store the Safeplan relay children run on in this run, for the result line. */
export function benchStoreInUse(): BenchStoreKind {
  const store = benchStoreEnv().SAFEPLAN_STORE;
  return store && store !== 'sqlite' ? 'postgres' : 'sqlite';
}

type PgClient = { connect(): Promise<void>; query(sql: string): Promise<unknown>; end(): Promise<void> };

/** Drops a benchmark's schema when its relays are done (node-postgres, the relay's dependency). */
export async function dropBenchSchema(url: string, schema: string): Promise<void> {
  const requireFromServer = createRequire(fileURLToPath(new URL('../../server/package.json', import.meta.url)));
  const { Client } = requireFromServer('pg') as { Client: new (options: { connectionString: string; connectionTimeoutMillis: number }) => PgClient };
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
  } finally {
    await client.end();
  }
}
