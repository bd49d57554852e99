import type { RelayStore } from '../../server/src/store/relay-store.ts';

/**
 * Which store the benchmark's Safeplan relay runs on. SQLite in a fresh temp dir is the default;
 * BENCH_STORE=postgres runs the same benchmark on PostgreSQL (issue 16) by setting SAFEPLAN_STORE
 * for the relay child (local PostgreSQL, database `test`, unless SAFEPLAN_STORE is already set).
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

/**
 * In the relay child: the store SAFEPLAN_STORE names, or undefined for the relay's own SQLite
 * store in `dataDir`. This tree has no PostgreSQL store yet (issue 16, branch `pgstore`), so a
 * postgres URL is refused with that reason rather than silently measured on SQLite.
 */
export async function openBenchStore(dataDir: string): Promise<RelayStore | undefined> {
  const url = process.env.SAFEPLAN_STORE;
  if (!url) return undefined;
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    throw new Error(`SAFEPLAN_STORE=${url.replace(/\/\/[^@/]*@/, '//…@')}: this tree has no PostgreSQL relay store yet (issue 16); the relay in ${dataDir} was not started`);
  }
  throw new Error(`SAFEPLAN_STORE must be a postgres:// URL, not "${url}"`);
}

/** The store the Safeplan relay children run on in this run, for the result line. */
export function benchStoreInUse(): BenchStoreKind {
  return benchStoreEnv().SAFEPLAN_STORE ? 'postgres' : 'sqlite';
}
