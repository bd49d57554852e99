import type { KeyValueStore } from '../storage/kv.ts';
import { WriteBehind } from './write-behind.ts';

/**
 * The layout of one plan in the device store. Every value kept here is either sealed (envelopes,
 * snapshots), public (the membership log) or the device's own notes (title, counters); the Yjs
 * plaintext is never written.
 *
 *   plans/<id>/meta              PlanMeta
 *   plans/<id>/log               member-event bytes, in order
 *   plans/<id>/pending/<clock>   own envelopes the relay has not acknowledged yet
 *   plans/<id>/held/<n>          own changes made while the key was split, sealed to this device's box key (held-changes.ts)
 *   plans/<id>/seq/<seq>         envelopes the relay numbered (received, or own and acknowledged)
 *   plans/<id>/snapshot          the newest snapshot envelope and the seq it covers
 *   plans/<id>/local             this device's own sealed snapshot, a cache for opening (local-snapshot.ts)
 *   plans/<id>/keys              epoch keys sealed to this device's box key (SealedKeyring)
 *   plans/<id>/device            DeviceKeys for this plan, when this device came by a device link
 *   quarantine/<id>/<n>          records that failed to decode, verify or decrypt: kept, never deleted
 */
export interface PlanMeta {
  planId: string;
  title: string;
  updatedAt: number;
  /** True once an invite exists: the plan then lives on the relay too. */
  shared: boolean;
  /** True once the relay accepted the genesis event. */
  onRelay: boolean;
  displayName: string;
  /** The clock the next own update gets (clocks start at 1). */
  nextClock: number;
  /** Every own update with clock <= ackedClock is stored by the relay. */
  ackedClock: number;
  /** Highest relay seq this device has stored. */
  lastSeq: number;
  /** Own snapshot counter (the `clock` of snapshot envelopes). */
  snapshotCounter: number;
  /**
   * Own clocks from here on were drawn since the last time this device caught up with the relay.
   * An envelope goes out while its pending write is still running, so a crash can leave an own
   * clock on the relay that the store never got: at the next catch-up the relay's own envelopes
   * show it, and what this device sealed under such clocks moves past them (plan-session.ts).
   */
  uncheckedFrom?: number;
  /** Set once the signed member log shows this device was removed (for the home list). */
  revoked?: boolean;
}

export interface StoredSnapshot {
  coversUpTo: number;
  envelope: Uint8Array;
}

export interface QuarantinedRecord {
  key: string;
  value: unknown;
  reason: string;
  at: number;
}

const pad = (n: number) => String(n).padStart(12, '0');
const base = (planId: string) => `plans/${planId}/`;

export const planKeys = {
  meta: (planId: string) => `${base(planId)}meta`,
  log: (planId: string) => `${base(planId)}log`,
  pending: (planId: string, clock: number) => `${base(planId)}pending/${pad(clock)}`,
  pendingPrefix: (planId: string) => `${base(planId)}pending/`,
  held: (planId: string, n: number) => `${base(planId)}held/${pad(n)}`,
  heldPrefix: (planId: string) => `${base(planId)}held/`,
  seq: (planId: string, seq: number) => `${base(planId)}seq/${pad(seq)}`,
  seqPrefix: (planId: string) => `${base(planId)}seq/`,
  snapshot: (planId: string) => `${base(planId)}snapshot`,
  local: (planId: string) => `${base(planId)}local`,
  keyring: (planId: string) => `${base(planId)}keys`,
  /** This device's keys for this plan only, when it was added by a device link (device-link.ts). */
  device: (planId: string) => `${base(planId)}device`,
  quarantinePrefix: (planId: string) => `quarantine/${planId}/`,
};

const numberAfter = (prefix: string, key: string) => Number(key.slice(prefix.length));

/**
 * Every write goes through one write-behind log (write-behind.ts): in the order the engine made
 * it, a burst in one transaction, retried when it fails; what is durable is always a prefix.
 */
export class PlanStore {
  readonly writes: WriteBehind;
  #storedLastSeq: number | undefined;

  constructor(
    private readonly kv: KeyValueStore,
    readonly planId: string,
  ) {
    const metaKey = planKeys.meta(planId);
    this.writes = new WriteBehind(kv, (puts) => {
      const meta = puts.get(metaKey) as PlanMeta | undefined;
      if (meta) this.#storedLastSeq = meta.lastSeq;
    });
  }

  async meta(): Promise<PlanMeta | undefined> {
    const meta = await this.kv.get<PlanMeta>(planKeys.meta(this.planId));
    // Read before any write of this store is queued (opening): what the store holds.
    if (meta && this.#storedLastSeq === undefined) this.#storedLastSeq = meta.lastSeq;
    return meta;
  }

  /**
   * The lastSeq the store holds now (the newest meta written, or read at open), undefined before
   * either. What this device tells the relay it holds when it subscribes: the relay forgets the
   * receipts of envelopes every device read past (receipt-pruning.ts), so a device must never
   * claim more than its store keeps; ahead of it in memory are writes still waiting (writeLater).
   */
  get storedLastSeq(): number | undefined {
    return this.#storedLastSeq;
  }

  async log(): Promise<Uint8Array[]> {
    return (await this.kv.get<Uint8Array[]>(planKeys.log(this.planId))) ?? [];
  }

  setLog(events: Uint8Array[]): Promise<void> {
    return this.writes.write([[planKeys.log(this.planId), events]]);
  }

  /**
   * Own envelope and the raised clock in one write: a crash leaves both or neither. It goes within
   * SOON_MS (write-behind.ts writeSoon), unless the relay's ack comes first: then confirm takes it
   * back and only the confirmed copy is written.
   */
  addPending(clock: number, envelope: Uint8Array, meta: PlanMeta): Promise<void> {
    const key = planKeys.pending(this.planId, clock);
    return this.writes.writeSoon(
      [
        [key, envelope],
        [planKeys.meta(this.planId), meta],
      ],
      key,
    );
  }

  /**
   * Own waiting envelopes sealed again under new clocks (the relay already holds their old ones),
   * with the raised clock, in one write: the old records are deleted in the same transaction
   * (unless a new one takes their key), so a crash leaves the old numbering or the new one, never both.
   */
  renumberPending(moves: ReadonlyArray<{ from: number; to: number; envelope: Uint8Array }>, meta: PlanMeta): Promise<void> {
    const puts = new Map<string, unknown>();
    for (const m of moves) puts.set(planKeys.pending(this.planId, m.to), m.envelope);
    puts.set(planKeys.meta(this.planId), meta);
    const dels = moves.map((m) => planKeys.pending(this.planId, m.from)).filter((key) => !puts.has(key));
    return this.writes.write([...puts], dels, true);
  }

  /** One own change held while no envelope could be sealed (held-changes.ts), sealed to this device. */
  addHeld(n: number, sealed: Uint8Array): Promise<void> {
    return this.writes.write([[planKeys.held(this.planId, n), sealed]], [], true);
  }

  /** Held changes in the order they were made. */
  async held(): Promise<Array<{ n: number; sealed: unknown }>> {
    const prefix = planKeys.heldPrefix(this.planId);
    const keys = (await this.kv.keys(prefix)).sort();
    const out: Array<{ n: number; sealed: unknown }> = [];
    for (const key of keys) out.push({ n: numberAfter(prefix, key), sealed: await this.kv.get(key) });
    return out;
  }

  /** Drops a held change once it is sealed into a pending envelope. */
  dropHeld(n: number): Promise<void> {
    return this.writes.write([], [planKeys.held(this.planId, n)]);
  }

  /** Pending envelopes in clock order. */
  async pending(): Promise<Array<{ clock: number; envelope: Uint8Array }>> {
    const prefix = planKeys.pendingPrefix(this.planId);
    const keys = (await this.kv.keys(prefix)).sort();
    const out: Array<{ clock: number; envelope: Uint8Array }> = [];
    for (const key of keys) {
      const envelope = await this.kv.get<Uint8Array>(key);
      if (envelope instanceof Uint8Array) out.push({ clock: numberAfter(prefix, key), envelope });
    }
    return out;
  }

  /**
   * Moves an acknowledged own envelope to its relay seq: the confirmed copy, the counters and the
   * pending copy's removal in one transaction (write-behind.ts writeMany), so a crash never leaves
   * both copies. It waits for a ride (writeLater): with the next write, or LATER_MS later. A pending
   * write that had not started yet is taken back (the ack came first, the usual case online): that
   * copy never reaches the store and needs no delete. A crash before this write leaves the envelope
   * pending (or, when taken back, not on the device at all) and lastSeq before its seq: the
   * reopened plan's catch-up brings the relay's copy back, which confirms a pending one (own-acks.ts
   * OwnAcks.cameBack) or is applied like any delivery, and sending waits for that catch-up.
   * "Synced" needs the ack heard, not this write.
   */
  confirm(clock: number, seq: number, envelope: Uint8Array, meta: PlanMeta): Promise<void> {
    const pending = planKeys.pending(this.planId, clock);
    return this.writes.writeLater(
      [
        [planKeys.seq(this.planId, seq), envelope],
        [planKeys.meta(this.planId), meta],
      ],
      this.writes.unqueue(pending) ? [] : [pending],
    );
  }

  /**
   * Stores a delivered update with the raised lastSeq in one write. It waits for a ride
   * (writeLater): a burst of deliveries, or deliveries a keystroke apart, share one transaction.
   * A crash before it leaves lastSeq before the update, and the relay still holds it (or a
   * snapshot past it): the reopened plan subscribes from the stored lastSeq (storedLastSeq) and
   * gets it again.
   */
  addDelivered(seq: number, envelope: Uint8Array, meta: PlanMeta): Promise<void> {
    return this.writes.writeLater([
      [planKeys.seq(this.planId, seq), envelope],
      [planKeys.meta(this.planId), meta],
    ]);
  }

  saveSnapshotWithMeta(snapshot: StoredSnapshot, meta: PlanMeta): Promise<void> {
    return this.writes.write([
      [planKeys.snapshot(this.planId), snapshot],
      [planKeys.meta(this.planId), meta],
    ]);
  }

  /** The sealed local snapshot; unread bytes, opened by local-snapshot.ts. */
  localSnapshot(): Promise<unknown> {
    return this.kv.get<unknown>(planKeys.local(this.planId));
  }

  saveLocalSnapshot(sealed: Uint8Array): Promise<void> {
    return this.writes.write([[planKeys.local(this.planId), sealed]]);
  }

  saveMeta(meta: PlanMeta): Promise<void> {
    return this.writes.write([[planKeys.meta(this.planId), meta]]);
  }

  snapshot(): Promise<StoredSnapshot | undefined> {
    return this.kv.get<StoredSnapshot>(planKeys.snapshot(this.planId));
  }

  /** Stored relay envelopes with seq > after, in seq order. */
  async confirmed(after: number): Promise<Array<{ seq: number; key: string; envelope: unknown }>> {
    const prefix = planKeys.seqPrefix(this.planId);
    const keys = (await this.kv.keys(prefix)).sort();
    const out: Array<{ seq: number; key: string; envelope: unknown }> = [];
    for (const key of keys) {
      const seq = numberAfter(prefix, key);
      if (seq <= after) continue;
      out.push({ seq, key, envelope: await this.kv.get(key) });
    }
    return out;
  }

  /**
   * Drops relay envelopes a stored snapshot already holds. Where the store keeps key order, one
   * range delete (a relay snapshot comes every 200 envelopes: one request instead of 200). It may
   * run beside the write-behind log: every key in the range is covered by the durable snapshot, so
   * whatever order the two take, nothing the snapshot lacks is deleted; a record of the range
   * written after it is dropped at the next prune. If it fails, the records are listed and deleted
   * through the log, which retries and tells the person (as every write).
   */
  async pruneConfirmed(upTo: number): Promise<void> {
    // Deliveries waiting for a ride go first: listed and dropped with the rest, not written after.
    await this.writes.written();
    if (this.kv.delRange) {
      try {
        await this.kv.delRange(planKeys.seq(this.planId, 0), planKeys.seq(this.planId, upTo));
        return;
      } catch (err) {
        // Not lost: the same records go through the log below, whose failures are told.
        console.warn('plan store: a range delete failed; deleting record by record', err instanceof Error ? err.name : typeof err);
      }
    }
    const prefix = planKeys.seqPrefix(this.planId);
    const keys = (await this.kv.keys(prefix)).filter((k) => numberAfter(prefix, k) <= upTo);
    if (keys.length > 0) await this.writes.write([], keys);
  }

  /**
   * Moves a record that cannot be read out of the way. It is copied first and removed from its
   * place only after the copy is written, so a broken record is never lost: someone with the
   * right tools may still recover it.
   */
  async quarantine(key: string, value: unknown, reason: string, at: number): Promise<void> {
    const qKey = `${planKeys.quarantinePrefix(this.planId)}${at}-${key.replace(/\//g, '_')}`;
    const record: QuarantinedRecord = { key, value, reason, at };
    // Puts before deletes (write-behind.ts): the copy is durable before the original goes.
    await this.writes.write([[qKey, record]], [key]);
  }

  async quarantined(): Promise<QuarantinedRecord[]> {
    const keys = await this.kv.keys(planKeys.quarantinePrefix(this.planId));
    const out: QuarantinedRecord[] = [];
    for (const k of keys) {
      const r = await this.kv.get<QuarantinedRecord>(k);
      if (r) out.push(r);
    }
    return out;
  }
}

export async function listPlanIds(kv: KeyValueStore): Promise<string[]> {
  const keys = await kv.keys('plans/');
  return keys.filter((k) => k.endsWith('/meta')).map((k) => k.slice('plans/'.length, -'/meta'.length));
}
