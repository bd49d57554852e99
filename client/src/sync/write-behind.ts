import type { KeyValueStore } from '../storage/kv.ts';

/** Why the device store did not take a write: full (the browser's quota) or failing otherwise. */
export type StoreWriteCode = 'store-full' | 'store-write-failed';

/** What failed in the device store: a write (full or not) or a read of what a plan needs to open. */
export type StoreProblemCode = StoreWriteCode | 'store-read-failed';

export class StoreWriteError extends Error {
  constructor(
    readonly code: StoreWriteCode,
    readonly reason: unknown,
  ) {
    super(`${code}: ${reason instanceof Error ? reason.name : typeof reason}`);
    this.name = 'StoreWriteError';
  }
}

/** What the write-behind log tells its owner after each transaction: it went through, or why not. */
export type WriteStatus = { ok: true } | { ok: false; code: StoreWriteCode };

/** Slower retries while the store keeps failing; a full store is not helped by hammering it. */
const RETRY_MS = [200, 1_000, 5_000] as const;

/** How long a write that may wait (writeLater) waits for another write to ride with. */
export const LATER_MS = 1_000;

/**
 * How long an own change's write (writeSoon) waits before it goes on its own. Online, the relay's
 * ack comes first (milliseconds) and makes that write unnecessary: the change is then kept by the
 * relay, and its confirmed copy rides with later writes. Offline, it is on the device this long
 * after it was typed.
 */
export const SOON_MS = 250;

interface Batch {
  puts: Map<string, unknown>;
  dels: Set<string>;
  waiters: Array<{ resolve: () => void; reject: (err: StoreWriteError) => void }>;
  /** How many of the batched writes are own changes (counted by unsavedOwn until written). */
  own: number;
  /** True once a write that may not wait (write, not writeLater) is in it: it goes now. */
  urgent: boolean;
  /** Own writes that go within SOON_MS unless taken back (writeSoon): their key, and when they were queued (Date.now()). */
  soon: Map<string, number>;
  /** When the first write that may wait came into this batch (Date.now()); it goes LATER_MS after. */
  laterSince: number | null;
}

const emptyBatch = (): Batch => ({ puts: new Map(), dels: new Set(), waiters: [], own: 0, urgent: false, soon: new Map(), laterSince: null });

/**
 * The order in which one plan's writes reach the device store. Every write is queued in the order
 * the engine made it; whatever queued up while a transaction ran goes in the next one (a burst of
 * keystrokes or deliveries is one IndexedDB transaction). What is durable is therefore always a
 * prefix of the writes in the order they were made, and each write carries the counters that
 * describe the records written before it: a crash at any moment leaves a store that says exactly
 * what it holds (lastSeq never past a stored delivery, nextClock never behind a stored own change).
 *
 * A failed transaction is not dropped: its writes go back in front of what queued since and are
 * tried again (RETRY_MS), and the owner hears `{ ok: false }` until a write goes through again.
 * The puts and deletes of a batch are one transaction (writeMany when it has both: all or nothing).
 *
 * A write that may wait (writeLater: an ack's bookkeeping or a delivered envelope, which a crash
 * may lose without harm because the relay's copy comes back to the reopened plan, plan-store.ts
 * storedLastSeq) starts no transaction of its own: it
 * rides with the next write, or goes after LATER_MS, or as soon as someone waits for the store
 * (written, close). It keeps its place in the order all the same: what is durable stays a prefix.
 *
 * An own change's write (writeSoon: a sent envelope and its clock) goes within SOON_MS, unless it
 * is taken back first (unqueue: the relay acknowledged the envelope before its write started, so
 * the confirmed copy is all that needs writing). A keystroke typed online then costs no
 * transaction of its own; offline it is durable SOON_MS after it was typed. A crash in between
 * leaves the store without it: the relay's copy comes back to the reopened plan if it was sent
 * (outgoing-changes.ts moveOwnClocksPast), and if it never left the device it was never shown as
 * synced.
 */
export class WriteBehind {
  #queued: Batch = emptyBatch();
  #running = false;
  #failures = 0;
  #retry: ReturnType<typeof setTimeout> | null = null;
  #later: ReturnType<typeof setTimeout> | null = null;
  /** When #later fires (Date.now()). */
  #laterDue = 0;
  #unsavedOwn = 0;
  readonly #idle = new Set<() => void>();
  readonly #status = new Set<(s: WriteStatus) => void>();

  /** `onWritten` hears the puts of each transaction once it committed (what the store now holds). */
  constructor(
    private readonly kv: KeyValueStore,
    private readonly onWritten?: (puts: ReadonlyMap<string, unknown>) => void,
  ) {}

  /** Queues puts and deletes; resolves once they are durable, rejects (StoreWriteError) each time their transaction fails. */
  write(puts: ReadonlyArray<readonly [string, unknown]>, dels: readonly string[] = [], own = false): Promise<void> {
    const done = this.#queue(puts, dels, own);
    this.#queued.urgent = true;
    this.#kick();
    return done;
  }

  /**
   * Like write, for what a crash may lose without harm: queued in order, but written only with the
   * next write, after LATER_MS, or once written() is awaited or the log closes. Never an own change:
   * "synced" does not wait for it.
   */
  writeLater(puts: ReadonlyArray<readonly [string, unknown]>, dels: readonly string[] = []): Promise<void> {
    const done = this.#queue(puts, dels, false);
    this.#queued.laterSince ??= Date.now();
    this.#armLater();
    return done;
  }

  /**
   * An own change whose record `ownKey` (one of `puts`) goes within SOON_MS, with whatever else is
   * queued by then, unless unqueue(ownKey) takes it back first. Counted by unsavedOwn until then.
   */
  writeSoon(puts: ReadonlyArray<readonly [string, unknown]>, ownKey: string): Promise<void> {
    const done = this.#queue(puts, [], true);
    this.#queued.soon.set(ownKey, Date.now());
    this.#armLater();
    return done;
  }

  /**
   * Takes back the queued own record `key` (writeSoon) before its transaction starts: true when it
   * never reaches the store, so nothing needs deleting there; false when it is written or being
   * written. The rest of its write (a counter in the same record set) stays queued: a later write
   * of it wins anyway.
   */
  unqueue(key: string): boolean {
    const q = this.#queued;
    if (!q.soon.delete(key)) return false;
    q.puts.delete(key);
    q.own--;
    // Not told as a store status (that would say the store took a write): the caller, hearing an
    // ack, refreshes what "synced" says itself.
    this.#unsavedOwn--;
    this.#armLater();
    return true;
  }

  #queue(puts: ReadonlyArray<readonly [string, unknown]>, dels: readonly string[], own: boolean): Promise<void> {
    const q = this.#queued;
    laterWins(q, puts, dels);
    if (own) {
      q.own++;
      this.#unsavedOwn++;
    }
    return new Promise<void>((resolve, reject) => q.waiters.push({ resolve, reject }));
  }

  /**
   * The queued batch goes by itself at its due time (unless a run or a retry takes it first):
   * SOON_MS after its oldest own change (writeSoon), LATER_MS after its first write that may wait.
   * One timer, never moved later: a timer that fires early looks again and waits at most SOON_MS
   * more, so typing (one writeSoon and one unqueue per keystroke) arms about four timers a second,
   * not two per keystroke (each costs a tablet's main thread more than a store put).
   */
  #armLater(): void {
    if (this.#running || this.#retry !== null) return;
    const due = this.#due();
    if (due === Infinity || (this.#later !== null && this.#laterDue <= due)) return;
    if (this.#later !== null) clearTimeout(this.#later);
    this.#arm(due);
  }

  #due(): number {
    const q = this.#queued;
    let due = q.laterSince === null ? Infinity : q.laterSince + LATER_MS;
    for (const since of q.soon.values()) due = Math.min(due, since + SOON_MS);
    return due;
  }

  #arm(due: number): void {
    const now = Date.now();
    this.#laterDue = Math.min(due, now + SOON_MS);
    this.#later = setTimeout(() => {
      this.#later = null;
      const due = this.#due();
      if (due <= Date.now()) this.#now();
      else if (due !== Infinity && !this.#running && this.#retry === null) this.#arm(due);
    }, Math.max(0, this.#laterDue - now));
  }

  /** Everything queued goes in the next transaction, waiting writes too. */
  #now(): void {
    if (this.#isEmpty(this.#queued)) return;
    this.#queued.urgent = true;
    this.#kick();
  }

  /** Own changes queued or being written, not yet durable: never "synced" while this is above 0. */
  get unsavedOwn(): number {
    return this.#unsavedOwn;
  }

  /** True while the store refuses writes (the last transaction failed). */
  get failing(): boolean {
    return this.#failures > 0;
  }

  onStatus(listener: (s: WriteStatus) => void): () => void {
    this.#status.add(listener);
    return () => this.#status.delete(listener);
  }

  /** Resolves when everything queued so far is durable; rejects at once while the store fails. */
  written(): Promise<void> {
    if (!this.#running && this.#isEmpty(this.#queued)) return Promise.resolve();
    if (this.#failures > 0) return Promise.reject(new StoreWriteError('store-write-failed', 'the store is failing'));
    // Whoever waits for the store waits for what may wait too: it goes now.
    this.#now();
    return new Promise<void>((resolve, reject) => {
      const check = () => {
        if (this.#failures > 0) {
          this.#idle.delete(check);
          reject(new StoreWriteError('store-write-failed', 'the store is failing'));
        } else if (!this.#running && this.#isEmpty(this.#queued)) {
          this.#idle.delete(check);
          resolve();
        }
      };
      this.#idle.add(check);
    });
  }

  /** Stops retrying (the session closed); what is still queued stays unwritten, as after a crash. */
  close(): void {
    if (this.#retry) clearTimeout(this.#retry);
    this.#retry = null;
    // What waits for a ride goes now (an ack heard while closing is written as any other write);
    // a failure of it is not retried, as for everything else after close.
    if (this.#later) clearTimeout(this.#later);
    this.#later = null;
    this.#now();
  }

  #isEmpty(b: Batch): boolean {
    return b.puts.size === 0 && b.dels.size === 0 && b.waiters.length === 0;
  }

  #kick(): void {
    if (this.#running || this.#retry !== null) return;
    if (this.#later) clearTimeout(this.#later);
    this.#later = null;
    this.#running = true;
    // A microtask later: the writes made in the same turn (seal, meta, outbox) go in one transaction.
    queueMicrotask(() => {
      // #run catches the store's failures and #tell the listeners' bugs; what reaches here is a bug
      // in #run: the queue stays as it is and is tried again, and the owner is told it is not writing.
      this.#run().catch((err: unknown) => {
        console.warn('write-behind: a run failed', err instanceof Error ? err.name : typeof err);
        this.#failed(emptyBatch(), err);
      });
    });
  }

  async #run(): Promise<void> {
    // A queue of writes that may wait only (an ack's bookkeeping, deliveries) waits for a ride instead.
    while (this.#queued.urgent) {
      const batch = this.#queued;
      this.#queued = emptyBatch();
      try {
        if (batch.dels.size === 0) await this.kv.setMany([...batch.puts]);
        else if (batch.puts.size === 0) await this.kv.delMany([...batch.dels]);
        else await this.kv.writeMany([...batch.puts], [...batch.dels]);
      } catch (err) {
        this.#failed(batch, err);
        return;
      }
      this.#unsavedOwn -= batch.own;
      this.#failures = 0;
      this.onWritten?.(batch.puts);
      for (const w of batch.waiters) w.resolve();
      // After every batch, not only after a failure: unsavedOwn changed, and with it what "synced" may say.
      this.#tell({ ok: true });
    }
    this.#running = false;
    if (!this.#isEmpty(this.#queued)) this.#armLater();
    for (const check of [...this.#idle]) check();
  }

  /** The batch goes back in front of what queued meanwhile (later writes win), and is tried again. */
  #failed(batch: Batch, err: unknown): void {
    const error = new StoreWriteError(isQuota(err) ? 'store-full' : 'store-write-failed', err);
    const later = this.#queued;
    laterWins(batch, later.puts, later.dels);
    const waiters = batch.waiters;
    // Tried again as soon as the retry comes, waiting writes with it: they are in front now.
    // Own changes of the failed batch were in a transaction that started: no longer to be taken back.
    this.#queued = { puts: batch.puts, dels: batch.dels, waiters: later.waiters, own: batch.own + later.own, urgent: true, soon: later.soon, laterSince: later.laterSince };
    this.#failures++;
    this.#running = false;
    this.#retry = setTimeout(
      () => {
        this.#retry = null;
        this.#kick();
      },
      RETRY_MS[Math.min(this.#failures, RETRY_MS.length) - 1],
    );
    // Told, not dropped: every caller whose write was in it hears it failed; the write itself goes again.
    for (const w of waiters) w.reject(error);
    this.#tell({ ok: false, code: error.code });
    for (const check of [...this.#idle]) check();
  }

  #tell(s: WriteStatus): void {
    for (const l of [...this.#status]) {
      // A listener's bug is not the store failing: said as what it is; the others still hear.
      try {
        l(s);
      } catch (err) {
        console.error('write-behind: a status listener failed (a bug, not the store)', err instanceof Error ? err.name : typeof err);
      }
    }
  }
}

function isQuota(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'name' in err && (err as { name: unknown }).name === 'QuotaExceededError';
}

/** Puts and deletes merged into a batch: what comes later wins over what the batch holds for a key. */
function laterWins(batch: { puts: Map<string, unknown>; dels: Set<string> }, puts: Iterable<readonly [string, unknown]>, dels: Iterable<string>): void {
  for (const [k, v] of puts) {
    batch.dels.delete(k);
    batch.puts.set(k, v);
  }
  for (const k of dels) {
    batch.puts.delete(k);
    batch.dels.add(k);
  }
}
