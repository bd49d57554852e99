import pg from 'pg';
import { silentLogger, type Logger } from '../log.ts';
import { KIND_SNAPSHOT, KIND_UPDATE, StaleLogError, type NewEnvelope, type Receipt, type RelayStore, type StoredEnvelope, type StoredKind, type StoredSnapshot } from './relay-store.ts';
import { migrate, quoteIdent } from './postgres-migrations.ts';
import { digestOf } from './sqlite-store.ts';

/**
 * The relay store on PostgreSQL, for more than one relay on one database. Same guarantees as the
 * SQLite store (relay-store.ts), held by the database rather than by one process:
 *
 * - a method resolves only after its transaction committed (the relay acks on that);
 * - an append locks the plan's row first, so two relays appending to one plan take turns and its
 *   seqs have no gaps or repeats; the member log's primary key (plan_id, idx) keeps it linear;
 * - nothing is cached: another relay's commit is visible to the next read. A resend that another
 *   relay already stored is found by its receipt under the plan lock and answered with its seq.
 *
 * Group commit: the relay sends each plan's publishes as one batch (publish-pipeline.ts), one
 * transaction; batches of different plans commit in parallel on the pool's connections.
 */
export interface PostgresStoreOptions {
  /** postgres://user[:password]@host[:port]/database — the password never reaches a log line. */
  url: string;
  /** The schema the tables live in (created when missing); default `public`. */
  schema?: string;
  /** Connections in the pool; default 8. */
  poolSize?: number;
  /**
   * The longest one statement may take, lock waits included (PostgreSQL's statement_timeout);
   * default 10 s. A publish behind it is refused with `internal`, never left hanging.
   */
  statementTimeoutMs?: number;
  log?: Logger;
}

export interface PostgresRelayStore extends RelayStore {
  /** One envelope alone (tests and tools). */
  appendEnvelope(envelope: NewEnvelope): Promise<number>;
  /** The schema the tables live in. */
  readonly schema: string;
}

/** Thrown when an envelope's author clock already holds different bytes (another relay stored them). */
export class ReceiptConflictError extends Error {
  override name = 'ReceiptConflictError';
}

export const DEFAULT_POOL_SIZE = 8;

/** Opens the pool, checks the database answers, applies pending migrations. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresRelayStore> {
  const schema = options.schema ?? 'public';
  const log = options.log ?? silentLogger;
  const statementTimeout = options.statementTimeoutMs ?? 10_000;
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    // Every connection of the pool sees this schema only (tests give each run its own). The
    // server cancels a statement that waits too long (a held lock), so its transaction rolls back.
    options: `-c search_path=${quoteIdent(schema)} -c statement_timeout=${Math.round(statementTimeout)}`,
    connectionTimeoutMillis: 5_000,
    // A publish must never hang on a dead connection either: this client-side timeout rejects when
    // the server no longer answers at all; the relay refuses with `internal`, the device resends,
    // and its receipt decides whether the first try was stored.
    query_timeout: statementTimeout + 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle connection that breaks (database restart) is dropped by the pool; without a listener
  // the 'error' event would end the process. Code only: pg's messages never hold our bytes, but
  // the log stays as terse as the rest of the relay's.
  pool.on('error', (err) => log('store.pg-error', { code: pgCode(err), error: err.name }));
  try {
    await migrate(pool, schema);
    // The relay acks on COMMIT: with synchronous_commit off (or fsync off) an acked envelope can
    // be lost in a database crash. Said at start so an operator sees it (docs/deploy.md).
    const { rows } = await pool.query<{ sc: string; fsync: string }>(
      `SELECT current_setting('synchronous_commit') AS sc, current_setting('fsync') AS fsync`,
    );
    log('store.opened', { store: 'postgres', schema, synchronousCommit: rows[0]?.sc, fsync: rows[0]?.fsync });
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new Error(`cannot open the PostgreSQL store at ${redactUrl(options.url)}: ${describePgError(err, passwordOf(options.url))}`, {
      // pg's own error, for a debugger; main.ts prints only the message above.
      cause: err,
    });
  }
  return createPostgresStore(pool, schema);
}

type Db = pg.Pool | pg.PoolClient;

async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // A checked-out client has no listener of the pool's: a connection that breaks between two
  // statements would emit 'error' with nobody listening and end the process. The statement that
  // follows fails instead, and the client is not handed out again.
  const onError = (err: Error) => {
    broken ??= err;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch((rollbackErr: unknown) => {
        // The connection is unusable (timeout, network): the pool must not hand it out again.
        broken = rollbackErr instanceof Error ? rollbackErr : new Error('rollback failed');
      });
      throw err;
    }
  } catch (err) {
    if (isConnectionError(err)) broken ??= err as Error;
    throw err;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}

interface EnvelopeRow {
  seq: string;
  kind: number;
  bytes: Buffer;
}

const toEnvelope = (row: EnvelopeRow): StoredEnvelope => ({ seq: Number(row.seq), kind: row.kind as StoredKind, bytes: new Uint8Array(row.bytes) });
const toReceipt = (row: { clock: string; seq: string; digest: string } | undefined): Receipt | null =>
  row ? { clock: Number(row.clock), seq: Number(row.seq), digest: row.digest } : null;
const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Rows per multi-row INSERT: well under PostgreSQL's 65535 parameters per statement. */
const ROWS_PER_INSERT = 1000;

/** `($3, $4, $5), ($6, ...)` for `rows`, each value pushed onto `params` (numbered after what it holds). */
function placeholderTuples(params: unknown[], rows: readonly unknown[][]): string {
  return rows.map((row) => `(${row.map((v) => `$${params.push(v)}`).join(', ')})`).join(', ');
}

/** How many events the plan's member log holds (under the plan lock, the length the next append needs). */
async function memberLogLength(db: Db, planId: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM member_events WHERE plan_id = $1', [planId]);
  return Number(rows[0]?.n ?? 0);
}

async function insertRows(db: Db, head: string, rows: unknown[][]): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const chunk = rows.slice(start, start + ROWS_PER_INSERT);
    const params: unknown[] = [];
    await db.query(`${head} VALUES ${placeholderTuples(params, chunk)}`, params);
  }
}

/** The plan's new last_seq, its receipts and its updates as one statement (data-modifying CTEs). */
async function writeInOneStatement(db: Db, planId: string, lastSeq: number, receipts: unknown[][], updates: unknown[][]): Promise<void> {
  const params: unknown[] = [planId, lastSeq];
  const values = (rows: unknown[][]) => placeholderTuples(params, rows);
  const parts = ['UPDATE plans SET last_seq = $2 WHERE plan_id = $1'];
  if (receipts.length > 0) parts.push(`INSERT INTO receipts (plan_id, author, kind, clock, seq, digest) VALUES ${values(receipts)}`);
  if (updates.length > 0) parts.push(`INSERT INTO envelopes (plan_id, seq, author, clock, epoch, kind, bytes) VALUES ${values(updates)}`);
  const last = parts.pop() as string;
  const ctes = parts.map((part, i) => `w${i} AS (${part})`);
  await db.query(ctes.length > 0 ? `WITH ${ctes.join(', ')} ${last}` : last, params);
}

function createPostgresStore(pool: pg.Pool, schema: string): PostgresRelayStore {
  /** Locks the plan's row for the rest of the transaction; null when the plan is unknown. */
  const lockPlan = async (db: Db, planId: string): Promise<number | null> => {
    const { rows } = await db.query<{ last_seq: string }>('SELECT last_seq FROM plans WHERE plan_id = $1 FOR UPDATE', [planId]);
    return rows[0] ? Number(rows[0].last_seq) : null;
  };

  const adoptSnapshot = async (db: Db, planId: string, s: { seq: number; author: string; clock: number; epoch: number; covers: number; bytes: Buffer }) => {
    const { rows } = await db.query<{ covers_up_to: string }>('SELECT covers_up_to FROM snapshots WHERE plan_id = $1', [planId]);
    const current = rows[0] ? Number(rows[0].covers_up_to) : null;
    if (current === null || s.covers > current) {
      await db.query(
        `INSERT INTO snapshots (plan_id, seq, author, clock, epoch, covers_up_to, bytes) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (plan_id) DO UPDATE SET seq = excluded.seq, author = excluded.author, clock = excluded.clock,
           epoch = excluded.epoch, covers_up_to = excluded.covers_up_to, bytes = excluded.bytes`,
        [planId, s.seq, s.author, s.clock, s.epoch, s.covers, s.bytes],
      );
      await db.query('DELETE FROM envelopes WHERE plan_id = $1 AND seq <= $2', [planId, s.covers]);
    }
    await db.query('DELETE FROM snapshot_proposals WHERE plan_id = $1 AND covers_up_to <= $2', [planId, Math.max(s.covers, current ?? 0)]);
  };

  /** One plan's share of a group, under its row lock. Writes `seqs` at the envelopes' places in the group. */
  const appendToPlan = async (db: Db, planId: string, items: { e: NewEnvelope; digest: string; at: number }[], seqs: number[]) => {
    const lastSeq = await lockPlan(db, planId);
    if (lastSeq === null) throw new Error('unknown plan');
    // The relay judged these envelopes on a member log of this length; an append by another relay
    // since then (a removal, a rotation) orders before us under the same lock: refuse, it judges again.
    const judgedOn = new Set(items.flatMap(({ e }) => (e.logLength === undefined ? [] : [e.logLength])));
    if (judgedOn.size > 0) {
      const length = await memberLogLength(db, planId);
      for (const judged of judgedOn) if (judged !== length) throw new StaleLogError('the member log grew since these envelopes were checked');
    }
    // Receipts already stored for these clocks: a resend that reached another relay first (or
    // this one, in an earlier batch). Under the plan lock nobody adds one until we commit.
    const keys = items.map(({ e }) => [e.author, e.kind, e.clock]);
    const known = new Map<string, { seq: number; digest: string }>();
    for (let start = 0; start < keys.length; start += ROWS_PER_INSERT) {
      const params: unknown[] = [planId];
      const tuples = placeholderTuples(params, keys.slice(start, start + ROWS_PER_INSERT));
      const { rows } = await db.query<{ author: string; kind: number; clock: string; seq: string; digest: string }>(
        `SELECT author, kind, clock, seq, digest FROM receipts WHERE plan_id = $1 AND (author, kind, clock) IN (${tuples})`,
        params,
      );
      for (const r of rows) known.set(`${r.author}|${r.kind}|${Number(r.clock)}`, { seq: Number(r.seq), digest: r.digest });
    }
    let seq = lastSeq;
    const receipts: unknown[][] = [];
    const updates: unknown[][] = [];
    const snapshots: { e: NewEnvelope; seq: number; bytes: Buffer }[] = [];
    for (const { e, digest, at } of items) {
      const key = `${e.author}|${e.kind}|${e.clock}`;
      const stored = known.get(key);
      if (stored) {
        if (stored.digest !== digest) throw new ReceiptConflictError(`clock ${e.clock} of this author already holds other bytes`);
        seqs[at] = stored.seq;
        continue;
      }
      seq += 1;
      seqs[at] = seq;
      known.set(key, { seq, digest });
      receipts.push([planId, e.author, e.kind, e.clock, seq, digest]);
      if (e.kind === KIND_UPDATE) updates.push([planId, seq, e.author, e.clock, e.epoch, e.kind, asBuffer(e.bytes)]);
      else snapshots.push({ e, seq, bytes: asBuffer(e.bytes) });
    }
    if (seq === lastSeq) return;
    if (receipts.length <= ROWS_PER_INSERT / 2) {
      // The usual batch in one statement: every round trip to the database is on the ack's path.
      await writeInOneStatement(db, planId, seq, receipts, updates);
    } else {
      await db.query('UPDATE plans SET last_seq = $2 WHERE plan_id = $1', [planId, seq]);
      await insertRows(db, 'INSERT INTO receipts (plan_id, author, kind, clock, seq, digest)', receipts);
      await insertRows(db, 'INSERT INTO envelopes (plan_id, seq, author, clock, epoch, kind, bytes)', updates);
    }
    // In seq order after the updates, as the SQLite writer applies them.
    for (const { e, seq: at, bytes } of snapshots) {
      const covers = e.coversUpTo ?? 0;
      // Only a snapshot of the plan's single writer replaces what the updates say at once; any
      // other waits as its author's one proposal until a second writer confirms it (relay-store.ts).
      if (e.trusted === true) {
        await adoptSnapshot(db, planId, { seq: at, author: e.author, clock: e.clock, epoch: e.epoch, covers, bytes });
      } else {
        await db.query('DELETE FROM snapshot_proposals WHERE plan_id = $1 AND author = $2', [planId, e.author]);
        await db.query(
          'INSERT INTO snapshot_proposals (plan_id, seq, author, clock, epoch, covers_up_to, bytes) VALUES ($1, $2, $3, $4, $5, $6, $7)',
          [planId, at, e.author, e.clock, e.epoch, covers, bytes],
        );
      }
    }
  };

  const appendEnvelopes = async (group: readonly NewEnvelope[]): Promise<number[]> => {
    if (group.length === 0) return [];
    const byPlan = new Map<string, { e: NewEnvelope; digest: string; at: number }[]>();
    group.forEach((e, at) => {
      const items = byPlan.get(e.planId) ?? [];
      items.push({ e, digest: e.digest ?? digestOf(e.bytes), at });
      byPlan.set(e.planId, items);
    });
    const seqs = new Array<number>(group.length);
    await inTransaction(pool, async (db) => {
      // Plans locked in one order, so two relays appending groups of the same plans cannot deadlock.
      for (const planId of [...byPlan.keys()].sort()) await appendToPlan(db, planId, byPlan.get(planId)!, seqs);
    });
    return seqs;
  };

  let closed: Promise<void> | null = null;
  return {
    schema,
    readMemberLog: async (planId) =>
      (await pool.query<{ bytes: Buffer }>('SELECT bytes FROM member_events WHERE plan_id = $1 ORDER BY idx', [planId])).rows.map(
        (r) => new Uint8Array(r.bytes),
      ),
    appendMemberEvent: (planId, index, bytes) =>
      inTransaction(pool, async (db) => {
        if (index === 0) await db.query('INSERT INTO plans (plan_id) VALUES ($1) ON CONFLICT (plan_id) DO NOTHING', [planId]);
        // The plan lock orders this append after any other relay's; the count then says whether
        // the log still has exactly `index` events. The primary key would refuse a fork anyway.
        if ((await lockPlan(db, planId)) === null) return false;
        if ((await memberLogLength(db, planId)) !== index) return false;
        await db.query('INSERT INTO member_events (plan_id, idx, bytes) VALUES ($1, $2, $3)', [planId, index, asBuffer(bytes)]);
        return true;
      }),
    lastReceipt: async (planId, author, kind) =>
      toReceipt(
        (
          await pool.query<{ clock: string; seq: string; digest: string }>(
            'SELECT clock, seq, digest FROM receipts WHERE plan_id = $1 AND author = $2 AND kind = $3 ORDER BY clock DESC LIMIT 1',
            [planId, author, kind],
          )
        ).rows[0],
      ),
    receiptAt: async (planId, author, kind, clock) =>
      toReceipt(
        (
          await pool.query<{ clock: string; seq: string; digest: string }>(
            'SELECT clock, seq, digest FROM receipts WHERE plan_id = $1 AND author = $2 AND kind = $3 AND clock = $4',
            [planId, author, kind, clock],
          )
        ).rows[0],
      ),
    appendEnvelopes,
    appendEnvelope: async (envelope) => (await appendEnvelopes([envelope]))[0]!,
    latestSeq: async (planId) => {
      const { rows } = await pool.query<{ last_seq: string }>('SELECT last_seq FROM plans WHERE plan_id = $1', [planId]);
      return rows[0] ? Number(rows[0].last_seq) : 0;
    },
    readSnapshot: async (planId): Promise<StoredSnapshot | null> => {
      const { rows } = await pool.query<EnvelopeRow & { covers_up_to: string }>(
        `SELECT seq, ${KIND_SNAPSHOT} AS kind, bytes, covers_up_to FROM snapshots WHERE plan_id = $1`,
        [planId],
      );
      const row = rows[0];
      return row ? { ...toEnvelope(row), coversUpTo: Number(row.covers_up_to) } : null;
    },
    readSnapshotProposal: async (planId, seq) => {
      const { rows } = await pool.query<{ author: string; covers_up_to: string }>(
        'SELECT author, covers_up_to FROM snapshot_proposals WHERE plan_id = $1 AND seq = $2',
        [planId, seq],
      );
      return rows[0] ? { author: rows[0].author, coversUpTo: Number(rows[0].covers_up_to) } : null;
    },
    confirmSnapshot: (planId, seq) =>
      inTransaction(pool, async (db) => {
        if ((await lockPlan(db, planId)) === null) return false;
        const { rows } = await db.query<{ seq: string; author: string; clock: string; epoch: string; covers_up_to: string; bytes: Buffer }>(
          'SELECT seq, author, clock, epoch, covers_up_to, bytes FROM snapshot_proposals WHERE plan_id = $1 AND seq = $2',
          [planId, seq],
        );
        const p = rows[0];
        if (!p) return false;
        await adoptSnapshot(db, planId, {
          seq: Number(p.seq),
          author: p.author,
          clock: Number(p.clock),
          epoch: Number(p.epoch),
          covers: Number(p.covers_up_to),
          bytes: p.bytes,
        });
        return true;
      }),
    readUpdates: async (planId, afterSeq, limit, maxBytes) => {
      if (maxBytes === undefined) {
        const { rows } = await pool.query<EnvelopeRow>(
          'SELECT seq, kind, bytes FROM envelopes WHERE plan_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
          [planId, afterSeq, limit],
        );
        return rows.map(toEnvelope);
      }
      // The running total of the sizes before each row (length() of a bytea reads its header, not
      // its bytes), so the page stops after the envelope that reaches maxBytes and no large
      // envelope beyond it is fetched.
      const { rows } = await pool.query<EnvelopeRow>(
        `SELECT seq, kind, bytes FROM (
           SELECT seq, kind, bytes, sum(length(bytes)) OVER (ORDER BY seq) - length(bytes) AS before
           FROM envelopes WHERE plan_id = $1 AND seq > $2 ORDER BY seq LIMIT $3
         ) page WHERE before < $4 ORDER BY seq`,
        [planId, afterSeq, limit, maxBytes],
      );
      return rows.map(toEnvelope);
    },
    readPage: async (planId, afterSeq, limit, maxBytes) => {
      // One statement, one snapshot of the database: the coverage and the page agree (readAfter).
      const { rows } = await pool.query<{ covers: string; seq: string | null; kind: number | null; bytes: Buffer | null }>(
        `SELECT c.covers, p.seq, p.kind, p.bytes
           FROM (SELECT COALESCE((SELECT covers_up_to FROM snapshots WHERE plan_id = $1), 0) AS covers) c
           LEFT JOIN LATERAL (
             SELECT seq, kind, bytes FROM (
               SELECT seq, kind, bytes, sum(length(bytes)) OVER (ORDER BY seq) - length(bytes) AS before
               FROM envelopes WHERE plan_id = $1 AND seq > $2 ORDER BY seq LIMIT $3
             ) w WHERE before < $4
           ) p ON true
          ORDER BY p.seq`,
        [planId, afterSeq, limit, maxBytes],
      );
      return {
        coversUpTo: Number(rows[0]?.covers ?? 0),
        updates: rows.filter((r) => r.seq !== null).map((r) => toEnvelope(r as EnvelopeRow)),
      };
    },
    snapshotCoversUpTo: async (planId) => {
      const { rows } = await pool.query<{ covers_up_to: string }>('SELECT covers_up_to FROM snapshots WHERE plan_id = $1', [planId]);
      return rows[0] ? Number(rows[0].covers_up_to) : 0;
    },
    planBytes: async (planId) => {
      const { rows } = await pool.query<{ n: string }>(
        `SELECT COALESCE((SELECT sum(length(bytes)) FROM envelopes WHERE plan_id = $1), 0)
              + COALESCE((SELECT length(bytes) FROM snapshots WHERE plan_id = $1), 0) AS n`,
        [planId],
      );
      return Number(rows[0]?.n ?? 0);
    },
    pruneReceipts: async (planId, upToSeq) => {
      // Receipts every current device has read past, except each author's newest per kind (the clock check needs it).
      const result = await pool.query(
        `DELETE FROM receipts WHERE plan_id = $1 AND seq <= $2 AND clock < (
           SELECT max(r.clock) FROM receipts r WHERE r.plan_id = receipts.plan_id AND r.author = receipts.author AND r.kind = receipts.kind)`,
        [planId, upToSeq],
      );
      return result.rowCount ?? 0;
    },
    close: () => (closed ??= pool.end()),
  };
}

/** The connection string with its password replaced, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(an unparseable connection string)';
  }
}

function pgCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function passwordOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}

/** pg's message plus its code; pg does not quote the password, but a message never carries it. */
function describePgError(err: unknown, password: string): string {
  let message = err instanceof Error ? err.message || err.name : String(err);
  if (err instanceof AggregateError && err.errors.length > 0) message = err.errors.map((e: unknown) => (e instanceof Error ? e.message : String(e))).join('; ');
  if (password) message = message.split(password).join('***');
  const code = pgCode(err);
  return code && !message.includes(code) ? `${message} (${code})` : message;
}

function isConnectionError(err: unknown): boolean {
  const code = pgCode(err);
  // Node socket errors, and PostgreSQL's class 08 (connection exception) / 57P (operator intervention).
  return Boolean(code && (code.startsWith('E') || code.startsWith('08') || code.startsWith('57P'))) ||
    (err instanceof Error && /timeout|terminated|Connection/i.test(err.message));
}
