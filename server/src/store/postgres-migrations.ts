import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Pool } from 'pg';

/**
 * The PostgreSQL schema, as plain SQL files `NNN_name.sql` in server/migrations/postgres, applied
 * in version order at start-up. All of it runs in one transaction under an advisory lock keyed by
 * the schema name, so two relays starting at once do not both apply a file: the second waits,
 * then finds the versions recorded in `schema_migrations` and applies nothing.
 */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/postgres/', import.meta.url));

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const FILE = /^(\d{3,})_([a-z0-9_]+)\.sql$/;

export function readMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .map((file) => {
      const m = FILE.exec(file);
      if (!m) throw new Error(`migration file ${file} is not named NNN_name.sql`);
      return { version: Number(m[1]), name: m[2] as string, sql: readFileSync(`${dir}/${file}`, 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration versions must run 1, 2, 3…; found ${m.version} at place ${i + 1}`);
  });
  return migrations;
}

/** Applies what `schema_migrations` does not list yet; resolves with the versions applied now. */
export async function migrate(pool: Pool, schema: string, migrations: Migration[] = readMigrations()): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    try {
      // A migration (or the wait for another relay's) may take longer than a publish may.
      await client.query('SET LOCAL statement_timeout = 0');
      // hashtext: a stable 32-bit key per schema, so tests in their own schemas do not wait on each other.
      await client.query(`SELECT pg_advisory_xact_lock(hashtext('safeplan-migrations:' || $1))`, [schema]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const done = new Set(
        (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version),
      );
      const applied: number[] = [];
      for (const m of migrations) {
        if (done.has(m.version)) continue;
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
        applied.push(m.version);
      }
      await client.query('COMMIT');
      return applied;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  } finally {
    client.release();
  }
}

/** Schema names come from configuration; only plain lower-case identifiers, so quoting stays trivial. */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function quoteIdent(name: string): string {
  if (!SCHEMA_NAME.test(name)) throw new Error(`"${name}" is not a valid schema name (a-z, 0-9, _; starts with a letter or _)`);
  return `"${name}"`;
}
