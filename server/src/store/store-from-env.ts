import { DEFAULT_POOL_SIZE } from './postgres-store.ts';
import { SCHEMA_NAME } from './postgres-migrations.ts';

/**
 * Which store the relay runs on, from the environment (README "Environment variables"):
 * `SAFEPLAN_STORE` unset or `sqlite` = the SQLite file in SAFEPLAN_DATA_DIR (the default, nothing
 * to install); `postgres://…` or `postgresql://…` = PostgreSQL, with `SAFEPLAN_PG_SCHEMA` and
 * `SAFEPLAN_PG_POOL_SIZE` as options. Anything else is an error at start, never a silent default.
 */
export type StoreChoice = { kind: 'sqlite' } | { kind: 'postgres'; url: string; schema?: string; poolSize: number };

export function storeFromEnv(env: Readonly<Record<string, string | undefined>>): StoreChoice {
  const value = env.SAFEPLAN_STORE?.trim() ?? '';
  if (value === '' || value === 'sqlite') return { kind: 'sqlite' };
  if (!/^postgres(ql)?:\/\//.test(value)) {
    // The value may be a mistyped connection string with a password in it: never echo it.
    throw new Error('SAFEPLAN_STORE must be "sqlite" (the default) or a postgres:// or postgresql:// connection string.');
  }
  const schema = env.SAFEPLAN_PG_SCHEMA?.trim() || undefined;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(`SAFEPLAN_PG_SCHEMA must be a plain schema name (a-z, 0-9, _), not "${schema}".`);
  }
  const poolText = env.SAFEPLAN_PG_POOL_SIZE?.trim() || String(DEFAULT_POOL_SIZE);
  const poolSize = Number(poolText);
  if (!Number.isInteger(poolSize) || poolSize < 1 || poolSize > 100) {
    throw new Error(`SAFEPLAN_PG_POOL_SIZE must be a whole number from 1 to 100, not "${poolText}".`);
  }
  return { kind: 'postgres', url: value, schema, poolSize };
}
