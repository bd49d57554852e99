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
import { TypedEvents } from './typed-events.ts';
import { StoreWriteError } from './write-behind.ts';
import type { SyncProblemCode, SyncWarningCode } from './session.ts';

/**
 * The problems of a version refusal, worded by the app as `sync.problem.<problem>`: this app is
 * older than the relay accepts (reload to get the new one), or the relay is older than this app.
 */
export const VERSION_PROBLEMS = { app: 'update-required', relay: 'relay-outdated' } as const;
export type VersionProblem = (typeof VERSION_PROBLEMS)[keyof typeof VERSION_PROBLEMS];
export const isVersionProblem = (code: string | null): boolean => code === VERSION_PROBLEMS.app || code === VERSION_PROBLEMS.relay;

export interface RelayTarget {
  url: string;
  WebSocket: WebSocketLike;
  reconnect?: ReconnectPolicy;
  heartbeat?: HeartbeatPolicy;
  /** Read at each connect: the code that lets this device create plans on a relay that asks for one. */
  creationToken?: () => string | null;
}

/** What the conversation reads: who this device is, the plan, its log, its outbox and its meta. */
export interface ConversationDeps {
  readonly s: Sodium;
  readonly device: DeviceKeys;
  readonly planIdBytes: Uint8Array;
  readonly log: MemberLog;
  readonly outbox: Outbox;
  now(): number;
  meta(): PlanMeta;
  /** The seq to subscribe after: what the store holds (meta().lastSeq may run ahead of it); meta().lastSeq if not given. */
  readFrom?(): number;
}

/**
 * What the conversation tells its session, in frame order; each is handled completely before the
 * next frame (the session owns the documents, the store and the visible state).
 */
export interface ConversationEvents extends Record<string, unknown> {
  /** An envelope the relay numbered `seq` (an update, a snapshot; presence comes as 'presence'). */
  deliver: { seq: number; bytes: Uint8Array };
  /** The relay stored this device's envelope with `clock` under `seq`. */
  ack: { clock: number; seq: number };
  /** Everything up to `seq` is here; sending starts after the handlers ran. */
  'caught-up': { seq: number };
  presence: { bytes: Uint8Array };
  /** The member log took new events (to be saved); `epochMoved`: what waits under the old epoch must be sealed again. */
  'log-changed': { epochMoved: boolean };
  /** The relay refused an own change as not allowed for this role: the session sets aside what it may not send and calls resendAll(), or shows read-only. */
  'refused-for-role': undefined;
  /** The relay refused this device's snapshot; `clockTaken`: its counter was stored before (an ack lost), so the next one moves past it. */
  'snapshot-refused': { clockTaken: boolean };
  /** The plan's log exists on the relay now (the genesis was accepted): a refusal to create it no longer holds. */
  created: undefined;
  warning: SyncWarningCode;
  problem: SyncProblemCode;
  /**
   * The relay and this app do not speak the same wire version (VERSION_PROBLEMS), or, with null,
   * they do again (the relay took a hello).
   */
  'version-problem': VersionProblem | null;
  /** Connection or phase changed: the visible state is computed again. */
  changed: undefined;
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
  readonly #h: ConversationDeps;
  readonly events = new TypedEvents<ConversationEvents>();
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

  constructor(deps: ConversationDeps) {
    this.#h = deps;
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
        onBadFrame: () => this.#tell('warning', 'relay-frame-failed'),
        onVersionRefused: (outdated) => this.#serial(async () => (this.#closed ? undefined : this.events.emit('version-problem', VERSION_PROBLEMS[outdated]))),
      },
      relay.reconnect,
      relay.heartbeat,
    );
  }

  /** A frame from the relay (the link calls this; tests inject forged ones). */
  /** Hears of each delivered envelope on arrival, before its turn (incoming-runs.ts batches on this). */
  onArrival: ((bytes: Uint8Array) => void) | null = null;

  onFrame(frame: RelayFrame): void {
    // Announced before its turn, so the frames queued behind are authenticated as one batch.
    if (frame.type === 'deliver') this.onArrival?.(frame.envelope);
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

  /**
   * Sends what the outbox lets go now; a no-op until caught up: the catch-up may show own clocks
   * the store never got (sent before a crash), and the session moves its own past them first.
   */
  pump(): void {
    const link = this.#link;
    if (!link?.ready || this.#phase !== 'live') return;
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
    this.#tell('version-problem', null);
    this.#creationRefused = null;
    this.#h.outbox.reset();
    if (!this.#h.meta().onRelay) {
      // First connect of a shared plan: the genesis event creates its log on the relay.
      this.#phase = 'creating';
      this.#link.memberEvent(this.#h.planIdBytes, this.#h.log.events[0]!);
    } else this.#subscribe();
    this.#tell('changed', undefined);
  }

  #subscribe(): void {
    this.#phase = 'subscribing';
    this.#link?.subscribe(this.#h.planIdBytes, this.#h.readFrom?.() ?? this.#h.meta().lastSeq);
  }

  #onDown(): void {
    this.#phase = 'offline';
    this.#resending = false;
    this.#h.outbox.reset();
    this.#waiters.failAll('offline');
    this.#tell('changed', undefined);
  }

  async #handle(frame: RelayFrame): Promise<void> {
    if (this.#closed) return; // arrived while the session was closing: a reopened session gets it again
    switch (frame.type) {
      case 'log':
        return this.#onLog(frame.events);
      case 'deliver':
        if (!this.#saneSeq(frame.seq)) return this.#insaneSeq();
        return this.events.emit('deliver', { seq: frame.seq, bytes: frame.envelope });
      case 'caught-up':
        if (!this.#saneSeq(frame.seq)) return this.#insaneSeq();
        this.#announced = Math.max(this.#announced, frame.seq);
        this.#phase = 'live';
        await this.events.emit('caught-up', { seq: frame.seq });
        return this.pump();
      case 'ack':
        if (!sameBytes(frame.author, this.#h.device.sign.publicKey)) return this.pump();
        if (!this.#saneSeq(frame.seq)) return this.#insaneSeq();
        await this.events.emit('ack', { clock: frame.clock, seq: frame.seq });
        return this.pump();
      case 'presence':
        return this.events.emit('presence', { bytes: frame.envelope });
      case 'error':
        return this.#onError(frame.code, frame.detail);
      case 'challenge':
      case 'ready':
      case 'pong':
      case 'update-required':
        // The link answers these itself (relay-link.ts; update-required comes back as
        // onVersionRefused); one injected here has nothing for the plan.
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
      let changed = false;
      if (this.#phase === 'subscribing') {
        const adopted = log.adoptFull(events, this.#h.now());
        changed = adopted.changed;
        for (const e of adopted.missing) this.#link?.memberEvent(this.#h.planIdBytes, e);
        this.#phase = 'catching-up';
      } else changed = log.appendLive(events, this.#h.now());
      const epochMoved = log.state.epoch > epochBefore;
      if (changed || epochMoved) await this.events.emit('log-changed', { epochMoved });
      this.#waiters.settle((e) => log.contains(e));
    } catch (err) {
      if (!(err instanceof LogConflictError)) throw err;
      this.#tell('warning', 'log-forked');
      this.#tell('problem', 'log-forked');
    }
  }

  async #createdOnRelay(): Promise<void> {
    this.#creationRefused = null;
    // The session marks the plan as on the relay (subscribing reads it at the next connect).
    await this.events.emit('created', undefined);
    this.#subscribe();
  }

  /** Own changes the role may not send were set aside: what was sent behind them is refused as a clock gap, so all of it goes again. */
  resendAll(): void {
    this.#resending = true;
    this.drop();
  }

  /** Tells the session something that needs no answer; a handler that throws is reported like a failed frame. */
  #tell<K extends 'warning' | 'problem' | 'version-problem' | 'changed'>(type: K, payload: ConversationEvents[K]): void {
    this.events.emit(type, payload).catch((err: unknown) => console.warn('conversation event failed', err instanceof Error ? err.name : typeof err));
  }

  async #onError(code: WireErrorCode, detail: string): Promise<void> {
    const h = this.#h;
    const problem = (p: SyncProblemCode) => this.events.emit('problem', p);
    if (this.#phase === 'creating' && code === 'stale-head') return this.#createdOnRelay(); // a retry after a lost confirmation
    if (code === 'stale-head' || code === 'invalid-event') {
      this.#waiters.failAll(code, detail);
      if (this.#phase === 'creating') await problem('relay-refused');
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
      return problem(quota);
    }
    if (h.outbox.held) {
      // The snapshot was refused; if its clock was taken (stored before, ack lost) move past it.
      h.outbox.hold(false);
      await this.events.emit('snapshot-refused', { clockTaken: code === 'replayed' });
      return this.pump();
    }
    const stillMember = memberOf(h.log.state, h.device.sign.publicKey) !== undefined;
    // Sent before we saw a key rotation; they are re-sealed by now: send them again.
    if (code === 'stale-epoch' && stillMember) return this.drop();
    if (code === 'not-a-member' || code === 'stale-epoch') return problem('access-revoked');
    // A role that may not write (a reader, or an editor made reader meanwhile): the edit stays
    // here; the session sets aside what it may not send (then resendAll) or shows read-only.
    if (code === 'not-allowed') return this.events.emit('refused-for-role', undefined);
    if (code === 'clock-gap' && this.#resending) return;
    if (code === 'unknown-plan') return problem('relay-lost-plan');
    // Transient: the refused frame is still in the outbox; a fresh connection sends it again. What
    // was sent behind it comes back as clock gaps before the drop is handled: not a refusal.
    if (code === 'rate-limited' || code === 'internal') {
      this.#resending = true;
      return this.drop();
    }
    await this.events.emit('warning', code);
    if (code === 'replayed' || code === 'clock-gap') await problem('relay-refused');
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
    this.#tell('warning', 'relay-seq-insane');
    this.drop();
  }

  /**
   * One frame at a time. A task that throws is never swallowed: it shows as a warning naming what
   * failed (frameFailure), and the connection starts again from the last stored position, so
   * nothing after it is silently lost and the next frame is not blocked.
   */
  #serial(task: () => Promise<void>): void {
    this.#queue = this.#queue.then(task).catch((err: unknown) => {
      this.#tell('warning', frameFailure(err));
      console.warn('relay frame failed', err instanceof Error ? err.name : typeof err); // the kind only: never content
      this.drop();
    });
  }
}

/**
 * What failed while a frame was handled, in the codes the person reads: the device store refused
 * a write (full, or failing), or handling the frame failed otherwise (relay-frame-failed).
 */
export function frameFailure(err: unknown): 'store-full' | 'store-write-failed' | 'relay-frame-failed' {
  if (err instanceof StoreWriteError) return err.code;
  return 'relay-frame-failed';
}
