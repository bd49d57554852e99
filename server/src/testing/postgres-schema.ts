import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { quoteIdent } from '../store/postgres-migrations.ts';

/**
 * Real PostgreSQL for tests: each test (or file) gets its own schema `t_<random>`, dropped after,
 * so runs and parallel files never see each other's plans. The server comes from
 * SAFEPLAN_TEST_PG (default postgres://postgres@127.0.0.1:5432/test, trust auth, as `.ci/run`
 * sets it up). An unreachable server fails the test with a message that says so: never a skip.
 */
export const TEST_PG_URL = process.env.SAFEPLAN_TEST_PG || 'postgres://postgres@127.0.0.1:5432/test';

export interface TestPgSchema {
  url: string;
  schema: string;
  /** DROP SCHEMA … CASCADE. */
  drop(): Promise<void>;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `The PostgreSQL tests need a server at ${TEST_PG_URL} (set SAFEPLAN_TEST_PG; .ci/run starts one): ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty schema name (the store creates it on its first start). */
export async function freshPgSchema(): Promise<TestPgSchema> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  // Connecting now makes an unreachable server fail here, with the message above.
  await admin(async () => undefined);
  return {
    url: TEST_PG_URL,
    schema,
    drop: () => admin(async (c) => void (await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`))),
  };
}

/** Drops a schema the caller made (a benchmark's `bench_<pid>`), with everything in it. */
export async function dropPgSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
  } finally {
    await client.end();
  }
}
