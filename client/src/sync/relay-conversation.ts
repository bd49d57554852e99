import type { Sodium, DeviceKeys } from '@safeplan/schema/crypto';
import { memberOf, type RelayFrame, type WireErrorCode } from '@safeplan/schema/protocol';
import { withCreationToken } from './creation-token.ts';
import { CreationRefusedError, quotaProblemOf } from './quota-problems.ts';
import { MemberEventWaiters } from './member-event-waiters.ts';
import { LogConflictError, sameBytes, type MemberLog } from './member-log.ts';
import type { Outbox } from './outbox.ts';
import type { PlanMeta } from './plan-store.ts';
import type { HeartbeatPolicy } from './heartbeat.ts';
import { RelayLink, type ReconnectPolicy, type WebSocketLike } from './relay-link.ts';
import { waitFor } from './wait-for.ts';

export interface RelayTarget {
  url: string;
  WebSocket: WebSocketLike;
  reconnect?: ReconnectPolicy;
  heartbeat?: HeartbeatPolicy;
  /** Read at each connect: the code that lets this device create plans on a relay that asks for one. */
  creationToken?: () => string | null;
}

/** What the conversation needs from its session: the document side of every frame. */
export interface ConversationHost {
  readonly s: Sodium;
  readonly device: DeviceKeys;
  readonly planIdBytes: Uint8Array;
  readonly log: MemberLog;
  readonly outbox: Outbox;
  now(): number;
  meta(): PlanMeta;
  /** Read-modify-write of the plan's meta, serialised with every other meta change. */
  updateMeta(change: (meta: PlanMeta) => PlanMeta): Promise<void>;
  saveLog(): Promise<void>;
  /** A delivered envelope arrived; `onDeliver` hears of it in its turn (incoming-runs.ts batches on this). */
  arriving?(bytes: Uint8Array): void;
  onDeliver(seq: number, bytes: Uint8Array): Promise<void>;
  onAck(clock: number, seq: number): Promise<void>;
  onCaughtUp(seq: number): Promise<void>;
  onPresence(bytes: Uint8Array): void;
  /** The epoch moved on: re-seal what waits under the old one. */
  onEpochChange(): Promise<void>;
  /**
   * The relay refused a write as not allowed for this role: sets aside own waiting changes the role
   * may no longer send; true if it did (then the rest can go again).
   */
  setAsideRefused(): Promise<boolean>;
  warn(code: string): void;
  problem(code: string): void;
  /** The plan's log now exists on the relay: a refusal to create it no longer holds. */
  createdOnRelay(): void;
  /** Connection or phase changed: recompute the visible state. */
  changed(): void;
}

/**
 * How far one relay sequence number may lie beyond the highest one this device knows (its stored
 * lastSeq, or what the relay announced in caught-up). Live, the relay hands out one seq per stored
 * envelope and we hear of each one (a deliver or our own ack), so honest jumps are small; while
 * catching up after a long absence they can be as large as everything written meanwhile. A plan
 * gets a few thousand envelopes a month (docs/performance.md), so a million is far beyond honest
 * and still catches the absurd (10^12 would stop this device from taking anything in ever again).
 */
export const MAX_SEQ_JUMP_CATCHING_UP = 1_000_000;
export const MAX_SEQ_JUMP_LIVE = 10_000;

/** Where the conversation with the relay stands; only 'live' means everything up to now is here. */
export type Phase = 'offline' | 'creating' | 'subscribing' | 'catching-up' | 'live';

/**
 * One plan's conversation with the relay: create the log there on first connect (genesis), then
 * subscribe from the last seq, keep the member log in step, send own envelopes in clock order
 * through the outbox, and react to the relay's errors. Frames are handled strictly one at a time.
 */

export class RelayConversation {
  readonly #h: ConversationHost;
  readonly #waiters = new MemberEventWaiters();
  #link: RelayLink | null = null;
  #phase: Phase = 'offline';
  /** Set when changes were set aside after a refusal: the gaps behind them are expected until the reconnect. */
  #resending = false;
  #queue: Promise<void> = Promise.resolve();
  #closed = false;
  /** The highest seq the relay announced in a caught-up frame that made sense. */
  #announced = 0;
  /** The relay refused to create the plan on this connection (token-required, quota-exceeded). */
  #creationRefused: 'token-required' | 'quota-exceeded' | null = null;

  constructor(host: ConversationHost) {
    this.#h = host;
  }

  get phase(): Phase {
    return this.#phase;
  }

  get connected(): boolean {
    return this.#phase !== 'offline' && Boolean(this.#link?.ready);
  }

  get started(): boolean {
    return this.#link !== null;
  }

  start(relay: RelayTarget): void {
    if (this.#link) return;
    // The token goes only with a plan the relay does not have yet: nothing else needs it.
    const url = () => (this.#h.meta().onRelay ? relay.url : withCreationToken(relay.url, relay.creationToken?.()));
    this.#link = new RelayLink(
      url,
      relay.WebSocket,
      this.#h.s,
      this.#h.device.sign,
      {
        onReady: () => this.#serial(async () => (this.#closed ? undefined : this.#onReady())),
        onFrame: (frame) => this.onFrame(frame),
        onConnection: (up) => this.#serial(async () => (up || this.#closed ? undefined : this.#onDown())),
        // Not swallowed: the person sees that the relay sent something unreadable (the socket is redone).
        onBadFrame: () => this.#h.warn('relay-frame-failed'),
      },
      relay.reconnect,
      relay.heartbeat,
    );
  }

  /** A frame from the relay (the link calls this; tests inject forged ones). */
  onFrame(frame: RelayFrame): void {
    // Announced before its turn, so the frames queued behind are authenticated as one batch.
    if (frame.type === 'deliver') this.#h.arriving?.(frame.envelope);
    this.#serial(() => this.#handle(frame));
  }

  /** Resolves when every frame received so far is handled. */
  idle(): Promise<void> {
    return this.#queue;
  }

  /** Rejects at once with CreationRefusedError when the relay refused to create the plan. */
  async whenLive(timeoutMs: number, onChange: (l: () => void) => () => void): Promise<void> {
    await waitFor(() => this.#phase === 'live' || this.#creationRefused !== null, onChange, timeoutMs);
    if (this.#phase !== 'live' && this.#creationRefused) throw new CreationRefusedError(this.#creationRefused);
  }

  /** Sends a member event; resolves when the relay's log holds it (its only confirmation). */
  appendMemberEvent(event: Uint8Array, timeoutMs: number): Promise<void> {
    const done = this.#waiters.add(event, timeoutMs);
    if (this.#phase !== 'live' || !this.#link) this.#waiters.failAll('offline');
    else this.#link.memberEvent(this.#h.planIdBytes, event);
    return done;
  }

  /** Sends what the outbox lets go now; a no-op until subscribed. */
  pump(): void {
    const link = this.#link;
    if (!link?.ready || this.#phase === 'offline' || this.#phase === 'creating') return;
    for (const envelope of this.#h.outbox.take()) link.publish(envelope);
  }

  /** A snapshot goes alone: the outbox holds everything else until its ack or error. */
  publishSnapshot(envelope: Uint8Array): boolean {
    if (this.#phase !== 'live' || !this.#link?.ready) return false;
    this.#h.outbox.hold(true);
    this.#link.publish(envelope);
    return true;
  }

  presence(envelope: Uint8Array): void {
    if (this.#phase === 'live') this.#link?.presence(envelope);
  }

  /** Tells the relay this device found the snapshot under `seq` true (relay-snapshots.ts). */
  confirmSnapshot(seq: number): void {
    if (this.#link?.ready) this.#link.confirmSnapshot(this.#h.planIdBytes, seq);
  }

  drop(): void {
    this.#link?.drop();
  }

  reconnectNow(): void {
    this.#link?.reconnectNow();
  }

  /**
   * A creation token was entered or changed: a plan the relay does not have yet gets a fresh
   * connection at once, which carries the token and sends the genesis again. A plan on the relay
   * keeps its connection.
   */
  creationTokenChanged(): void {
    if (!this.#link || this.#h.meta().onRelay) return;
    this.#creationRefused = null;
    this.#link.renew();
  }

  close(): void {
    this.#closed = true;
    this.#link?.close();
    this.#link = null;
    this.#waiters.failAll('closed');
  }

  #onReady(): void {
    if (!this.#link) return;
    this.#creationRefused = null;
    this.#h.outbox.reset();
    if (!this.#h.meta().onRelay) {
      // First connect of a shared plan: the genesis event creates its log on the relay.
      this.#phase = 'creating';
      this.#link.memberEvent(this.#h.planIdBytes, this.#h.log.events[0]!);
    } else this.#subscribe();
    this.#h.changed();
  }

  #subscribe(): void {
    this.#phase = 'subscribing';
    this.#link?.subscribe(this.#h.planIdBytes, this.#h.meta().lastSeq);
    // The relay handles one plan's frames in order: these land after the catch-up.
    this.pump();
  }

  #onDown(): void {
    this.#phase = 'offline';
    this.#resending = false;
    this.#h.outbox.reset();
    this.#waiters.failAll('offline');
    this.#h.changed();
  }

  async #handle(frame: RelayFrame): Promise<void> {
    if (this.#closed) return; // arrived while the session was closing: a reopened session gets it again
    switch (frame.type) {
      case 'log':
        return this.#onLog(frame.events);
      case 'deliver':
        if (!this.#saneSeq(frame.seq)) return this.#insaneSeq();
        return this.#h.onDeliver(frame.seq, frame.envelope);
      case 'caught-up':
        if (!this.#saneSeq(frame.seq)) return this.#insaneSeq();
        this.#announced = Math.max(this.#announced, frame.seq);
        this.#phase = 'live';
        return this.#h.onCaughtUp(frame.seq);
      case 'ack':
        if (!sameBytes(frame.author, this.#h.device.sign.publicKey)) return this.pump();
        if (!this.#saneSeq(frame.seq)) return this.#insaneSeq();
        await this.#h.onAck(frame.clock, frame.seq);
        return this.pump();
      case 'presence':
        return this.#h.onPresence(frame.envelope);
      case 'error':
        return this.#onError(frame.code);
      case 'challenge':
      case 'ready':
      case 'pong':
        // The link answers these itself (relay-link.ts); one injected here has nothing for the plan.
        return;
    }
  }

  async #onLog(events: readonly Uint8Array[]): Promise<void> {
    const log = this.#h.log;
    try {
      if (this.#phase === 'creating') {
        if (events.length > 0 && sameBytes(events[0]!, log.events[0]!)) await this.#createdOnRelay();
        return;
      }
      const epochBefore = log.state.epoch;
      if (this.#phase === 'subscribing') {
        const { changed, missing } = log.adoptFull(events, this.#h.now());
        if (changed) await this.#h.saveLog();
        for (const e of missing) this.#link?.memberEvent(this.#h.planIdBytes, e);
        this.#phase = 'catching-up';
      } else if (log.appendLive(events, this.#h.now())) {
        await this.#h.saveLog();
      }
      this.#waiters.settle((e) => log.contains(e));
      if (log.state.epoch > epochBefore) await this.#h.onEpochChange();
    } catch (err) {
      if (!(err instanceof LogConflictError)) throw err;
      this.#h.warn('log-forked');
      this.#h.problem('log-forked');
    }
  }

  async #createdOnRelay(): Promise<void> {
    await this.#h.updateMeta((m) => ({ ...m, onRelay: true }));
    this.#creationRefused = null;
    this.#h.createdOnRelay();
    this.#subscribe();
  }

  async #onError(code: WireErrorCode): Promise<void> {
    const h = this.#h;
    if (this.#phase === 'creating' && code === 'stale-head') return this.#createdOnRelay(); // a retry after a lost confirmation
    if (code === 'stale-head' || code === 'invalid-event') {
      this.#waiters.failAll(code);
      if (this.#phase === 'creating') h.problem('relay-refused');
      return;
    }
    // The relay's quotas: the change or the new plan stays on this device, and the person reads
    // why in plain words (sync.problem.*). Trying again at once would be refused again.
    const quota = quotaProblemOf(code);
    if (quota) {
      // A refused plan creation fails the member events waiting on it; a refused change (plan-full,
      // too-large) does not: an owner of a full plan can still invite, remove or hand over.
      if (code === 'quota-exceeded' || code === 'token-required') {
        this.#waiters.failAll(code);
        // The plan stays on this device until a token is entered (or tomorrow); whenLive says so at once.
        if (this.#phase === 'creating') this.#creationRefused = code;
      }
      // What was sent behind the refused change comes back as clock gaps: not a second problem.
      this.#resending = true;
      return h.problem(quota);
    }
    if (h.outbox.held) {
      // The snapshot was refused; if its clock was taken (stored before, ack lost) move past it.
      h.outbox.hold(false);
      if (code === 'replayed') await h.updateMeta((m) => ({ ...m, snapshotCounter: m.snapshotCounter + 1 }));
      return this.pump();
    }
    const stillMember = memberOf(h.log.state, h.device.sign.publicKey) !== undefined;
    // Sent before we saw a key rotation; they are re-sealed by now: send them again.
    if (code === 'stale-epoch' && stillMember) return this.drop();
    if (code === 'not-a-member' || code === 'stale-epoch') return h.problem('access-revoked');
    // A role that may not write (a reader, or an editor made reader meanwhile): the edit stays here.
    if (code === 'not-allowed') {
      if (!(await h.setAsideRefused())) return h.problem('read-only');
      // What was sent behind the refused change is refused as a clock gap; all of it goes again.
      this.#resending = true;
      return this.drop();
    }
    if (code === 'clock-gap' && this.#resending) return;
    if (code === 'unknown-plan') return h.problem('relay-lost-plan');
    // Transient: the refused frame is still in the outbox; a fresh connection sends it again.
    if (code === 'rate-limited' || code === 'internal') return this.drop();
    h.warn(code);
    if (code === 'replayed' || code === 'clock-gap') h.problem('relay-refused');
  }

  /**
   * A relay seq is a positive safe integer no further beyond what this device knows than an honest
   * relay could be (MAX_SEQ_JUMP_*). Checked before anything moves lastSeq, so lastSeq is always
   * the last sane position and a reconnect asks again from there.
   */
  #saneSeq(seq: number): boolean {
    if (!Number.isSafeInteger(seq) || seq < 0) return false;
    const known = Math.max(this.#h.meta().lastSeq, this.#announced);
    return seq <= known + (this.#phase === 'live' ? MAX_SEQ_JUMP_LIVE : MAX_SEQ_JUMP_CATCHING_UP);
  }

  /** Nothing of the frame is used; the person sees why, and a fresh connection asks again from lastSeq. */
  #insaneSeq(): void {
    this.#h.warn('relay-seq-insane');
    this.drop();
  }

  /**
   * One frame at a time. A task that throws (a store write failed, a bug) is never swallowed: it
   * shows as a warning with its code, and the connection starts again from the last stored
   * position, so nothing after it is silently lost and the next frame is not blocked.
   */
  #serial(task: () => Promise<void>): void {
    this.#queue = this.#queue.then(task).catch((err: unknown) => {
      this.#h.warn('relay-frame-failed');
      console.warn('relay frame failed', err instanceof Error ? err.name : typeof err); // the kind only: never content
      this.drop();
    });
  }
}
