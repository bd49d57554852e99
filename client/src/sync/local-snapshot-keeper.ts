import type { NonceSource, Sodium } from '@safeplan/schema/crypto';
import { LOCAL_SNAPSHOT_EVERY, openLocalSnapshot, sealLocalSnapshot, type LocalSnapshot } from './local-snapshot.ts';
import type { MemberLog } from './member-log.ts';
import type { PlanMeta, PlanStore } from './plan-store.ts';
import { snapshotContentOf, type PlanDocs } from './plan-docs.ts';

export interface KeeperHost {
  readonly s: Sodium;
  readonly planIdBytes: Uint8Array;
  readonly store: PlanStore;
  readonly log: MemberLog;
  readonly nonces: NonceSource;
  readonly docs: PlanDocs;
  meta(): PlanMeta;
  clocks(): Map<string, number>;
  proofs(): ReadonlyMap<string, Uint8Array>;
  /** Every local change sealed into the store and every received frame handled. */
  flush(): Promise<void>;
  /** Runs `work` between meta writes (nothing changes the counters meanwhile). */
  withMeta(work: () => Promise<void>): Promise<void>;
  /** True while local changes are collected or being sealed. */
  typing(): boolean;
  mayWrite(): boolean;
}

/** When a session writes its local snapshot (local-snapshot.ts), and reading it back at open. */
export class LocalSnapshotKeeper {
  readonly #h: KeeperHost;
  /** Envelopes opened or added since the last local snapshot. */
  #since = 0;
  #writing: Promise<void> | null = null;

  constructor(host: KeeperHost) {
    this.#h = host;
  }

  /** The stored local snapshot when it opens and fits the store's counters, else null (replay all). */
  async read(): Promise<LocalSnapshot | null> {
    const h = this.#h;
    const sealed = await h.store.localSnapshot();
    if (sealed === undefined) return null;
    try {
      const local = openLocalSnapshot(h.s, h.planIdBytes, (e) => h.log.keyFor(e), sealed);
      const meta = h.meta();
      // A snapshot ahead of the store's counters does not describe this store: replay instead.
      if (local.coversSeq > meta.lastSeq || local.coversClock >= meta.nextClock) return null;
      return local;
    } catch {
      // A cache: everything it covers is still stored, so a full replay loses nothing.
      return null;
    }
  }

  /** `n` envelopes were opened or added; writes a new snapshot when enough came together. */
  counted(n = 1): void {
    this.#since += n;
    if (this.#since < LOCAL_SNAPSHOT_EVERY || this.#writing) return;
    // Only a cache (everything it covers is stored), so nobody waits for it; a failure it did not
    // handle itself is still said, by its name only: the next open replays more, nothing is lost.
    void this.write().catch((err: unknown) => console.warn('local snapshot not written', err instanceof Error ? err.name : typeof err));
  }

  /** At close: a last snapshot if anything changed, else waits for one being written. */
  async settle(): Promise<void> {
    if (this.#since > 0) await this.write();
    else await this.#writing;
  }

  /**
   * Writes the local snapshot once every local change is sealed and every received frame is
   * handled, between meta writes: then the document is exactly "relay seq <= lastSeq and own
   * clock < nextClock", which is what the snapshot says it covers.
   */
  write(): Promise<void> {
    const h = this.#h;
    this.#writing ??= (async () => {
      try {
        await h.flush();
      } catch {
        // A change could not be saved (the state says so, save-failed): the documents hold more
        // than the store, so this is no moment for a snapshot of them.
        return;
      }
      await h.withMeta(async () => {
        const epoch = h.log.state.epoch;
        const key = h.log.keyFor(epoch);
        if (!h.mayWrite() || !key || h.typing()) return;
        const since = this.#since;
        const meta = h.meta();
        const snap: LocalSnapshot = {
          coversSeq: meta.lastSeq,
          coversClock: meta.nextClock - 1,
          ...snapshotContentOf(h.docs, h.clocks(), h.proofs()),
        };
        try {
          await h.store.saveLocalSnapshot(sealLocalSnapshot(h.s, h.planIdBytes, epoch, key, h.nonces, snap));
          this.#since -= since;
        } catch {
          // Only a cache: the next open replays more, nothing is lost.
        }
      });
    })().finally(() => {
      this.#writing = null;
    });
    return this.#writing;
  }
}
