import type { NonceSource, Sodium } from '@safeplan/schema/crypto';
import type { AuthorClocks } from './author-clocks.ts';
import { LOCAL_SNAPSHOT_EVERY, openLocalSnapshot, sealLocalSnapshot, type LocalSnapshot } from './local-snapshot.ts';
import type { LocalTyping } from './local-typing.ts';
import type { MemberLog } from './member-log.ts';
import type { PlanMetaCell } from './plan-meta-cell.ts';
import type { PlanStore } from './plan-store.ts';
import { snapshotContentOf, type PlanDocs } from './plan-docs.ts';
import { TypedEvents } from './typed-events.ts';

export interface LocalSnapshotsDeps {
  readonly s: Sodium;
  readonly planIdBytes: Uint8Array;
  readonly store: PlanStore;
  readonly log: MemberLog;
  readonly nonces: NonceSource;
  readonly docs: PlanDocs;
  readonly meta: PlanMetaCell;
  readonly authors: AuthorClocks;
  readonly typing: LocalTyping;
  /** This device's standing (session-access.ts): a revoked device writes nothing. */
  readonly access: { readonly revoked: boolean };
}

export interface LocalSnapshotEvents extends Record<string, unknown> {
  /** Enough envelopes came together for a new snapshot: the session calls write() with its flush. */
  due: undefined;
}

/** When a session writes its local snapshot (local-snapshot.ts), and reading it back at open. */
export class LocalSnapshots {
  readonly events = new TypedEvents<LocalSnapshotEvents>();
  readonly #h: LocalSnapshotsDeps;
  /** Envelopes opened or added since the last local snapshot. */
  #since = 0;
  /** The snapshot write under way: one at a time (`??=` below), never two at once. */
  #writing: Promise<void> | null = null;

  constructor(deps: LocalSnapshotsDeps) {
    this.#h = deps;
  }

  /** The stored local snapshot when it opens and fits the store's counters, else null (replay all). */
  async read(): Promise<LocalSnapshot | null> {
    const h = this.#h;
    const sealed = await h.store.localSnapshot();
    if (sealed === undefined) return null;
    try {
      const local = openLocalSnapshot(h.s, h.planIdBytes, (e) => h.log.keyFor(e), sealed);
      const meta = h.meta.value;
      // A snapshot ahead of the store's counters does not describe this store: replay instead.
      if (local.coversSeq > meta.lastSeq || local.coversClock >= meta.nextClock) return null;
      return local;
    } catch {
      // A cache: everything it covers is still stored, so a full replay loses nothing.
      return null;
    }
  }

  /** `n` envelopes were opened or added; tells `due` when enough came together and none is being written. */
  counted(n = 1): void {
    this.#since += n;
    if (this.#since < LOCAL_SNAPSHOT_EVERY || this.#writing) return;
    this.events.tell('due', undefined);
  }

  /**
   * Only a cache (everything it covers is stored), so nobody waits for it; a failure it did not
   * handle itself is still said, by its name only: the next open replays more, nothing is lost.
   */
  writeInBackground(flushed: Promise<void>): void {
    this.write(flushed).catch((err: unknown) => console.warn('local snapshot not written', err instanceof Error ? err.name : typeof err));
  }

  /** At close, after the session's last flush: a last snapshot if anything changed, else waits for one being written. */
  async settle(flushed: Promise<void>): Promise<void> {
    if (this.#since > 0) await this.write(flushed);
    else await this.#writing;
  }

  /**
   * Writes the local snapshot once `flushed` (the session's flush: every local change sealed into
   * the store and every received frame handled) resolved, one write at a time: then the document
   * is exactly "relay seq <= lastSeq and own clock < nextClock", which is what the snapshot says
   * it covers. A write under way is the one that counts; `flushed` is then not waited for.
   */
  write(flushed: Promise<void>): Promise<void> {
    const h = this.#h;
    this.#writing ??= (async () => {
      try {
        await flushed;
      } catch {
        // A change could not be saved (the state says so, save-failed): the documents hold more
        // than the store, so this is no moment for a snapshot of them.
        return;
      }
      const epoch = h.log.state.epoch;
      const key = h.log.keyFor(epoch);
      if (h.access.revoked || !key || h.typing.busy()) return;
      const since = this.#since;
      const meta = h.meta.value;
      const snap: LocalSnapshot = {
        coversSeq: meta.lastSeq,
        coversClock: meta.nextClock - 1,
        ...snapshotContentOf(h.docs, h.authors.clocks, h.authors.proofs),
      };
      try {
        await h.store.saveLocalSnapshot(sealLocalSnapshot(h.s, h.planIdBytes, epoch, key, h.nonces, snap));
        this.#since -= since;
      } catch {
        // Only a cache: the next open replays more, nothing is lost.
      }
    })().finally(() => {
      this.#writing = null;
    });
    return this.#writing;
  }
}
