import { createRequire } from 'node:module';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

type Database = {
  prepare(sql: string): { get(...args: unknown[]): unknown };
  close(): void;
};

// better-sqlite3 is the relay's dependency; read it through the server package, read-only.
const requireFromServer = createRequire(fileURLToPath(new URL('../../server/package.json', import.meta.url)));
const Sqlite = requireFromServer('better-sqlite3') as new (file: string, options: { readonly: boolean }) => Database;

/** What the relay's store holds for one plan: envelope, snapshot and member-event bytes, and the files. */
export function storedBytes(dataDir: string, planKey: string): { envelopes: number; snapshot: number; log: number; files: number } {
  const file = join(dataDir, 'relay.sqlite');
  const db = new Sqlite(file, { readonly: true });
  try {
    const sum = (sql: string) => Number((db.prepare(sql).get(planKey) as { n: number | null }).n ?? 0);
    const files = ['', '-wal'].reduce((total, suffix) => {
      try {
        return total + statSync(file + suffix).size;
      } catch {
        return total;
      }
    }, 0);
    return {
      envelopes: sum('SELECT sum(length(bytes)) AS n FROM envelopes WHERE plan_id = ?'),
      snapshot: sum('SELECT sum(length(bytes)) AS n FROM snapshots WHERE plan_id = ?'),
      log: sum('SELECT sum(length(bytes)) AS n FROM member_events WHERE plan_id = ?'),
      files,
    };
  } finally {
    db.close();
  }
}
