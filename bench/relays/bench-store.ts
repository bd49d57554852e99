/**
 * Which store the benchmark's Safeplan relay runs on. SQLite in a fresh temp dir is the default;
 * BENCH_STORE=postgres runs the same benchmark on PostgreSQL (issue 16) by setting SAFEPLAN_STORE
 * for the relay child (local PostgreSQL, database `test`, unless SAFEPLAN_STORE is already set).
 * The relay child reads it as main.ts does (`storeFromEnv`), in a fresh schema per run.
 */
type BenchStoreKind = 'sqlite' | 'postgres';

const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

function benchStoreKind(): BenchStoreKind {
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
