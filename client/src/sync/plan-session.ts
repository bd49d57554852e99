import type * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { fromBase64Url, NonceSource, toBase64Url, type DeviceKeys, type Sodium } from '@safeplan/schema/crypto';
import { recordChanges } from '../review/change-recorder.ts';
import { CONTRIBUTIONS_FRAGMENT } from '../review/review-doc.ts';
import { mayPublish, memberOf, overCap, sealEnvelope, verifyEnvelope, writeStanding, type Channel, type EnvelopeKind, type RelayFrame } from '@safeplan/schema/protocol';
import { checkEnvelope, CheckError, type CheckedEnvelope } from './envelope-checks.ts';
import { ChainLinks } from './chain-links.ts';
import { IncomingRuns, inlineRunVerifier, type RunVerifier } from './incoming-runs.ts';
import { sameBytes, type MemberLog } from './member-log.ts';
import type { SessionMembership } from './membership-session.ts';
import { Outbox } from './outbox.ts';
import type { PlanMeta, PlanStore } from './plan-store.ts';
import { PresenceChannel } from './presence-channel.ts';
import { CREATION_PROBLEMS } from './quota-problems.ts';
import { RelayConversation, type RelayTarget } from './relay-conversation.ts';
import { LocalSnapshotKeeper } from './local-snapshot-keeper.ts';
import { replayStore } from './replay-store.ts';
import { SessionReview } from './review-signing.ts';
import { SessionAccess } from './session-access.ts';
import type { PlanSession, SyncState, SyncWarning } from './session.ts';
import { KeyAlarms } from './key-alarms.ts';
import { HeldChanges, type HeldChange } from './held-changes.ts';
import { applySnapshotContent, applyToChannel, newPlanDocs, type PlanDocs } from './plan-docs.ts';
import { RelaySnapshots, SNAPSHOT_EVERY } from './relay-snapshots.ts';
import { deriveState, StateHub } from './sync-state.ts';
import { createUpdateBatcher, type UpdateBatcher } from './update-batcher.ts';
import { onTitleInDoc, titleInDoc, writeTitleInDoc } from './plan-title.ts';

/** A Yjs update (v1) that changes nothing: two zero counts (no structs, no deletions). */
const EMPTY_YJS_UPDATE = new Uint8Array([0, 0]);

export type { RelayTarget } from './relay-conversation.ts';

/** Marks Yjs transactions that came from the store or the relay, so they are not sent back out. */
const REMOTE = Symbol('safeplan-remote');

export { SNAPSHOT_EVERY } from './relay-snapshots.ts';

export interface SessionDeps {
  s: Sodium;
  device: DeviceKeys;
  store: PlanStore;
  meta: PlanMeta;
  planIdBytes: Uint8Array;
  log: MemberLog;
  now: () => number;
  relay: RelayTarget | null;
  snapshotEvery?: number;
  onClosed?: () => void;
  /** How long membership operations wait for the relay. */
  relayTimeoutMs?: number;
  /** The link for this person's next device, from its secret; absent without a relay. */
  deviceLinkUrl?: (secret: Uint8Array) => string;
  /** Where delivered batches are authenticated (a Web Worker in the browser); inline by default. */
  runVerifier?: RunVerifier;
}

/**
 * One open plan: its two Y.Docs (plan and contributions, one per channel), sealed into envelopes
 * at exactly one place (#seal), kept in the device store before anything is sent, and merged with
 * what the relay delivers only after every client check. One clock sequence per device covers both
 * channels, so the store, the outbox and the relay's ordering stay as they were for one document.
 */
export class EngineSession implements PlanSession {
  readonly planId: string;
  readonly #docs: PlanDocs = newPlanDocs();
  readonly doc: Y.Doc = this.#docs.plan;
  readonly contributions: Y.Doc = this.#docs.contributions;
  readonly #access: SessionAccess;
  readonly review: SessionReview;
  readonly awareness: Awareness;
  readonly #d: SessionDeps;
  readonly #hub = new StateHub({ kind: 'local' });
  readonly #clocks = new Map<string, number>();
  /** Per author, the envelope signed with exactly their clock in #clocks: what a snapshot we write proves it with. */
  readonly #proofs = new Map<string, Uint8Array>();
  readonly #outbox = new Outbox();
  readonly #nonces: NonceSource;
  readonly #batchers: Record<Channel, UpdateBatcher>;
  readonly #presence: PresenceChannel;
  readonly #relay: RelayConversation;
  readonly #me: string;
  /** Internal listeners for conditions the visible state does not show (e.g. the phase). */
  readonly #changed = new Set<() => void>();
  #meta: PlanMeta;
  #metaQueue: Promise<unknown> = Promise.resolve();
  #problem: string | null = null;
  /** Local changes made while this device had no usable key for the current epoch (a split key): sealed once it has one. */
  readonly #held: HeldChange[] = [];
  readonly #heldStore: HeldChanges;
  #closed = false;
  #stopRecording: (() => void)[] = [];
  #stopTitle: () => void = () => undefined;
  readonly #local: LocalSnapshotKeeper;
  readonly #snapshots: RelaySnapshots;
  readonly #keyAlarms: KeyAlarms;
  /** Author chains: hashes of heads and of our own previous envelope (chain-links.ts). */
  readonly #links: ChainLinks;
  /** Delivered envelopes waiting for their turn, authenticated a batch at a time (incoming-runs.ts). */
  readonly #runs: IncomingRuns;

  constructor(deps: SessionDeps) {
    this.#d = deps;
    this.#links = new ChainLinks(deps.s);
    this.#runs = new IncomingRuns(deps.runVerifier ?? inlineRunVerifier(deps.s));
    this.planId = deps.meta.planId;
    this.#meta = deps.meta;
    this.#me = toBase64Url(deps.device.sign.publicKey);
    this.#nonces = NonceSource.random(deps.s);
    this.#heldStore = new HeldChanges(deps.s, deps.device.box, deps.store);
    this.awareness = new Awareness(this.doc);
    const batcherFor = (channel: Channel): UpdateBatcher => {
      const batcher = createUpdateBatcher(
        (u) => this.#keepLocal(u, channel),
        30,
        () => this.#refresh(),
        (failure) => this.#warn(failure.code),
      );
      this.#docs[channel].on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === REMOTE || this.#closed) return;
        batcher.add(update);
        this.#refresh();
      });
      return batcher;
    };
    this.#batchers = { plan: batcherFor('plan'), contributions: batcherFor('contributions') };
    this.#presence = new PresenceChannel(this.awareness, (update) => {
      const envelope = this.#relay.phase === 'live' ? this.#seal('presence', 0, update) : null;
      if (envelope) this.#relay.presence(envelope);
    });
    this.#relay = new RelayConversation({
      s: deps.s,
      device: deps.device,
      planIdBytes: deps.planIdBytes,
      log: deps.log,
      outbox: this.#outbox,
      now: deps.now,
      meta: () => this.#meta,
      updateMeta: (change) => this.updateMeta(change),
      saveLog: async () => {
        await this.#access.saveLog();
        this.#keyAlarms.check();
      },
      arriving: (bytes) => this.#runs.arrived(bytes),
      onDeliver: (seq, bytes) => this.#onDeliver(seq, bytes),
      onAck: (clock, seq) => this.#onAck(clock, seq),
      onCaughtUp: (seq) => this.#onCaughtUp(seq),
      onPresence: (bytes) => this.#onPresence(bytes),
      onEpochChange: async () => {
        await this.#resealPending();
        await this.#sealHeld();
      },
      setAsideRefused: () => this.#setAsideWhatMyRoleMayNotSend(),
      warn: (code) => this.#warn(code),
      problem: (code) => (code === 'access-revoked' ? this.#access.refusedByRelay() : this.#setProblem(code)),
      createdOnRelay: () => {
        if (this.#problem !== null && CREATION_PROBLEMS.includes(this.#problem)) this.#setProblem(null);
      },
      changed: () => this.#refresh(),
    });
    this.#access = new SessionAccess({
      s: deps.s,
      device: deps.device,
      peopleDoc: this.contributions,
      log: deps.log,
      store: deps.store,
      timeoutMs: deps.relayTimeoutMs ?? 15_000,
      deviceLinkUrl: deps.deviceLinkUrl,
      now: deps.now,
      displayName: () => this.#meta.displayName,
      whenLive: (ms) => this.whenLive(ms),
      appendMemberEvent: (event, ms) => this.appendMemberEvent(event, ms),
      idle: () => this.#relay.idle(),
      // Our own device (an owner stepping back herself): every clock we drew, stored by the relay or not yet.
      clockOf: (device) => (toBase64Url(device) === this.#me ? this.#meta.nextClock - 1 : (this.#clocks.get(toBase64Url(device)) ?? 0)),
      share: () => this.share(),
      stopForRevocation: () => {
        this.#problem = 'access-revoked';
        // For the home list only; the plan screen says so already. A failed write is tried again on the next open.
        if (!this.#meta.revoked) void this.updateMeta((m) => ({ ...m, revoked: true })).catch((err: unknown) => console.warn('revoked mark not kept', String(err)));
        this.#stopChangeRecording();
        this.#presence.close();
        this.#relay.close();
      },
      refusedByRelay: () => {
        this.#relay.close();
        this.#setProblem('access-revoked');
      },
      refresh: () => this.#refresh(),
      warn: (code) => this.#warn(code),
    });
    this.#local = new LocalSnapshotKeeper({
      s: deps.s,
      planIdBytes: deps.planIdBytes,
      store: deps.store,
      log: deps.log,
      nonces: this.#nonces,
      docs: this.#docs,
      meta: () => this.#meta,
      clocks: () => this.#clocks,
      proofs: () => this.#proofs,
      flush: () => this.flush(),
      withMeta: (work) => this.#withMeta(work),
      typing: () => this.#typing(),
      mayWrite: () => !this.#access.revoked,
    });
    this.#snapshots = new RelaySnapshots({
      s: deps.s,
      planIdBytes: deps.planIdBytes,
      store: deps.store,
      docs: this.#docs,
      every: deps.snapshotEvery ?? SNAPSHOT_EVERY,
      remote: REMOTE,
      meta: () => this.#meta,
      withMeta: (work) =>
        this.#withMeta(async () => {
          const next = await work(this.#meta);
          if (next) this.#meta = next;
        }),
      clocks: () => this.#clocks,
      proofs: () => this.#proofs,
      raiseClock: (a, c, proof) => this.#raiseClock(a, c, proof),
      settled: () => this.#outbox.size === 0 && !this.#outbox.held && this.#relay.phase === 'live' && !this.#typing(),
      writesPlan: () => this.#mayWrite('plan'),
      seal: (kind, clock, plaintext, options) => this.#seal(kind, clock, plaintext, options),
      publish: (envelope) => this.#relay.publishSnapshot(envelope),
      sealTyping: async () => {
        await Promise.all([this.#batchers.plan.flush(), this.#batchers.contributions.flush()]);
      },
      open: (envelope) => {
        const checked = this.#checkStored(envelope);
        return checked?.kind === 'update' ? checked : null;
      },
      pending: () => this.#outbox.values(),
      alarm: (code, author) => this.#warn(code, this.#concerning(fromBase64Url(author))),
      mayConfirm: (author) => {
        if (!this.#mayWrite('plan') && !this.#mayWrite('contributions')) return false;
        const theirs = this.#concerning(fromBase64Url(author))?.personId;
        return theirs !== undefined && theirs !== this.membership.personId;
      },
      confirm: (seq) => this.#relay.confirmSnapshot(seq),
    });
    this.#keyAlarms = new KeyAlarms({
      log: deps.log,
      me: deps.device.sign.publicKey,
      warn: (code, concerns) => this.#warn(code, concerns),
      problem: (code) => {
        // Below every other problem: part of the plan cannot be opened here.
        if (code === 'history-unreadable') {
          if (this.#problem === null || this.#problem === 'key-split') this.#setProblem(code);
        } else if (code) this.#setProblem(code);
        else if (this.#problem === 'key-split' || this.#problem === 'history-unreadable') {
          // Mended (an owner rotated again, or the missing keys arrived): the alarm leaves the state with it.
          this.#hub.clear('key-split');
          this.#hub.clear('history-unreadable');
          this.#setProblem(null);
        }
      },
      revoked: () => this.#access.revoked,
      rotate: () => this.membership.rotateOwedKey(),
    });
    this.review = new SessionReview({
      s: deps.s,
      device: deps.device,
      docs: this.#docs,
      log: deps.log,
      planId: this.planId,
      planIdBytes: deps.planIdBytes,
      nonces: this.#nonces,
      now: deps.now,
      revoked: () => this.#access.revoked,
    });
  }

  /** Who is in the plan and the operations that change it (session-access.ts). */
  get membership(): SessionMembership {
    return this.#access.membership;
  }

  /** True once this device lost its access to the plan; it keeps what it had and sends nothing. */
  get revoked(): boolean {
    return this.#access.revoked;
  }

  get meta(): PlanMeta {
    return this.#meta;
  }

  get memberLog(): MemberLog {
    return this.#d.log;
  }

  state(): SyncState {
    return this.#hub.get();
  }

  onState(listener: (s: SyncState) => void): () => void {
    return this.#hub.onState(listener);
  }

  onWarning(listener: (w: SyncWarning) => void): () => void {
    return this.#hub.onWarning(listener);
  }

  /** Rebuilds the document from the device store. */
  async load(): Promise<void> {
    const replayed = await replayStore(
      this.#d.store,
      {
        check: (v) => this.#checkStored(v),
        apply: (u, channel) => applyToChannel(this.#docs, channel, u, REMOTE),
        applySnapshot: (content) => applySnapshotContent(this.#docs, content, REMOTE),
        raiseClock: (a, c, proof) => this.#raiseClock(a, c, proof),
        keepPending: (clock, envelope) => this.#outbox.add(clock, envelope),
        now: this.#d.now,
      },
      await this.#local.read(),
    );
    this.#snapshots.covers = replayed.snapshotCovers;
    // Changes held during a key split in an earlier session: back into the document, still waiting for a good key.
    for (const change of await this.#heldStore.read(this.#d.now())) {
      applyToChannel(this.#docs, change.channel, change.update, REMOTE);
      this.#held.push(change);
    }
    // Not 'storage' (a failing write): what is damaged was set aside in quarantine, nothing was lost since.
    if (replayed.damaged) this.#problem = 'damaged';
    if (!this.#access.isMember()) {
      this.#access.revoke();
      return;
    }
    this.#keyAlarms.check();
    await this.#fillLostClocks(replayed.lostPending);
    await this.#sealHeld();
    await this.#keepTitleInStep();
    this.#local.counted(replayed.checked);
    // Attribution for review: local changes only (remote ones are recorded by their author's device).
    const recorder = { memberId: this.membership.personId, now: this.#d.now };
    this.#stopRecording = [
      recordChanges(this.doc, recorder),
      recordChanges(this.contributions, { ...recorder, fragmentName: CONTRIBUTIONS_FRAGMENT }),
    ];
    this.#refresh();
  }

  /**
   * The name lives in the plan document (plan-title.ts). When a plan is shared (or a shared plan
   * made before that is opened), it gets its name from this device's meta once, by a member who
   * writes the plan document; from then on the name in the document is what every device shows.
   */
  async #keepTitleInStep(): Promise<void> {
    const inDoc = titleInDoc(this.doc);
    if (inDoc) await this.#adoptTitle(inDoc);
    else if (this.#meta.shared) this.#giveTitleToDoc();
    // The device's plan list keeps the old name when this write fails; the next open adopts it again.
    this.#stopTitle = onTitleInDoc(this.doc, (title) => void this.#adoptTitle(title).catch((err: unknown) => console.warn('plan name not kept', String(err))));
  }

  /** Only the others need the name in the document: a plan kept on this device alone writes nothing for it. */
  #giveTitleToDoc(): void {
    if (!titleInDoc(this.doc) && this.#meta.title && this.#mayWrite('plan')) writeTitleInDoc(this.doc, this.#meta.title);
  }

  #adoptTitle(title: string): Promise<void> {
    if (!title || title === this.#meta.title || this.#closed) return Promise.resolve();
    return this.updateMeta((m) => ({ ...m, title }));
  }

  /** Renames the plan for every member (owners and editors); others change only this device's list. */
  async rename(title: string): Promise<void> {
    if (this.#mayWrite('plan')) writeTitleInDoc(this.doc, title);
    await this.updateMeta((m) => ({ ...m, title: title.trim() || m.title }));
  }

  /** Starts talking to the relay once the plan is shared; a no-op without a relay. */
  goOnline(): void {
    if (!this.#d.relay || this.#relay.started || this.#closed || this.#access.revoked || !this.#meta.shared) return;
    this.#relay.start(this.#d.relay);
    this.#refresh();
  }

  /**
   * Changes the plan's meta (title, counters) from its CURRENT value, after every earlier meta
   * change has been written. Every read-modify-write of meta goes through #withMeta: otherwise a
   * write that started earlier could finish later and wind nextClock back, and a clock would be
   * used twice (one change lost, or the relay refusing it as replayed).
   */
  updateMeta(change: (meta: PlanMeta) => PlanMeta): Promise<void> {
    return this.#withMeta(async () => {
      const next = change(this.#meta);
      await this.#d.store.saveMeta(next);
      this.#meta = next;
      this.#refresh();
    });
  }

  #withMeta<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#metaQueue.then(work, work);
    this.#metaQueue = result.catch(() => undefined);
    return result;
  }

  /** Marks the plan as shared (it then lives on the relay too) and connects. */
  async share(): Promise<void> {
    if (!this.#meta.shared) await this.updateMeta((m) => ({ ...m, shared: true }));
    this.#giveTitleToDoc();
    this.goOnline();
  }

  /** Resolves once subscribed and caught up; rejects after `timeoutMs`. */
  whenLive(timeoutMs: number): Promise<void> {
    return this.#relay.whenLive(timeoutMs, (l) => {
      this.#changed.add(l);
      return () => this.#changed.delete(l);
    });
  }

  /** Sends a member event and resolves when the relay's log holds it. */
  appendMemberEvent(event: Uint8Array, timeoutMs = 15_000): Promise<void> {
    return this.#relay.appendMemberEvent(event, timeoutMs);
  }

  /** A frame from the relay (tests inject forged ones here). Handled in arrival order. */
  onFrame(frame: RelayFrame): void {
    this.#relay.onFrame(frame);
  }

  /** Waits until every local change is sealed into the store and every received frame is handled. */
  async flush(): Promise<void> {
    await Promise.all([this.#batchers.plan.flush(), this.#batchers.contributions.flush()]);
    await this.#relay.idle();
  }

  /** Own changes not yet acknowledged; a batch still being collected counts as one. */
  get waiting(): number {
    return this.#outbox.size + this.#held.length + (this.#batchers.plan.busy() ? 1 : 0) + (this.#batchers.contributions.busy() ? 1 : 0);
  }

  /** Drops the connection as a lost network would; it comes back after the reconnect backoff. */
  dropConnection(): void {
    this.#relay.drop();
  }

  /** The network is back: connect now rather than after the backoff. */
  reconnectNow(): void {
    this.#relay.reconnectNow();
  }

  /** A creation token was entered: a plan the relay refused to create tries again at once. */
  creationTokenChanged(): void {
    this.#relay.creationTokenChanged();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    try {
      await this.flush();
    } catch {
      // A change that could not be saved is already in the state (save-failed); closing still
      // closes (the connection, the timers), or the session would hang on for good.
    }
    await this.#local.settle();
    this.#closed = true;
    this.#stopTitle();
    this.#stopChangeRecording();
    this.#presence.close();
    this.#relay.close();
    this.awareness.destroy();
    this.#d.onClosed?.();
  }

  async #onCaughtUp(seq: number): Promise<void> {
    if (seq > this.#meta.lastSeq) await this.updateMeta((m) => ({ ...m, lastSeq: Math.max(m.lastSeq, seq) }));
    this.membership.ensureMyEntry();
    this.#keyAlarms.check();
    this.#presence.announceSelf();
    this.#refresh();
    await this.#snapshots.maybeWrite();
  }

  async #onAck(clock: number, seq: number): Promise<void> {
    if (this.#outbox.held) {
      // Nothing else is in flight while a snapshot is: this ack is the snapshot's.
      this.#outbox.hold(false);
      await this.updateMeta((m) => ({ ...m, snapshotCounter: clock, lastSeq: Math.max(m.lastSeq, seq) }));
      return;
    }
    const envelope = this.#outbox.confirm(clock);
    if (!envelope) return; // a re-ack of something already confirmed
    await this.#withMeta(async () => {
      const meta = { ...this.#meta, ackedClock: Math.max(this.#meta.ackedClock, clock), lastSeq: Math.max(this.#meta.lastSeq, seq) };
      await this.#d.store.confirm(clock, seq, envelope, meta);
      this.#meta = meta;
    });
    this.#raiseClock(this.#me, clock, envelope);
    this.#refresh();
    await this.#snapshots.maybeWrite();
  }

  async #onDeliver(seq: number, bytes: Uint8Array): Promise<void> {
    if (seq <= this.#meta.lastSeq) return; // already here (resubscribe overlap)
    // Authenticated with the frames queued behind it (a failing worker fails the frame, as a failing store write does).
    const authenticated = await this.#runs.take(bytes);
    if (authenticated.ok) this.#links.known(bytes, authenticated.hash);
    let checked: CheckedEnvelope;
    try {
      checked = checkEnvelope(this.#d.s, bytes, this.#checkContext(true, true), authenticated);
    } catch (err) {
      const code = err instanceof CheckError ? err.code : 'malformed';
      // Our own envelope coming back (its ack was lost) is not suspicious.
      if (code === 'replayed' && this.#isOwnEcho(bytes)) return this.#keepDelivered(seq, bytes);
      if (code === 'no-epoch-key') return this.#historyUnreadable(err instanceof CheckError ? err.author : undefined);
      return this.#warn(code, err instanceof CheckError ? this.#concerning(err.author) : undefined);
    }
    if (checked.kind === 'presence') return;
    if (checked.kind === 'snapshot') return this.#snapshots.apply(checked, bytes, seq);
    await this.#keepDelivered(seq, bytes);
    applyToChannel(this.#docs, checked.channel, checked.plaintext, REMOTE);
    this.#raiseClock(checked.author, checked.clock, bytes);
    this.#refresh();
  }

  async #keepDelivered(seq: number, bytes: Uint8Array): Promise<void> {
    await this.#withMeta(async () => {
      const meta = { ...this.#meta, lastSeq: Math.max(this.#meta.lastSeq, seq) };
      await this.#d.store.addDelivered(seq, bytes, meta);
      this.#meta = meta;
    });
    this.#local.counted();
  }

  #isOwnEcho(bytes: Uint8Array): boolean {
    for (const env of this.#outbox.values()) if (sameBytes(env, bytes)) return true;
    const checked = this.#checkStored(bytes);
    return checked?.author === this.#me && checked.kind === 'update' && checked.clock < this.#meta.nextClock;
  }

  #onPresence(bytes: Uint8Array): void {
    try {
      const checked = checkEnvelope(this.#d.s, bytes, this.#checkContext(false, true));
      if (checked.kind !== 'presence' || checked.author === this.#me) return;
      const forged = this.#presence.receive(checked.plaintext, checked.author, (a) => this.#nameOf(a));
      if (forged > 0) this.#warn('presence-forged', this.#concerning(fromBase64Url(checked.author)));
    } catch (err) {
      this.#warn(err instanceof CheckError ? err.code : 'malformed', err instanceof CheckError ? this.#concerning(err.author) : undefined);
    }
  }

  /** Names the device (and its person, per the log) a refusal is about. */
  #concerning(author: Uint8Array | undefined): SyncWarning['concerns'] {
    if (!author) return undefined;
    const id = toBase64Url(author);
    const state = this.#d.log.state;
    const device = state.members.get(id) ?? state.removed.get(id);
    return { devicePub: id, ...(device ? { personId: toBase64Url(device.personId) } : {}) };
  }

  /**
   * An own waiting envelope that was damaged on the device is gone, but its clock was used: the
   * relay would refuse every later one as a clock gap. An empty Yjs update under the same clock
   * fills the gap, so the changes after it still get through.
   */
  async #fillLostClocks(clocks: readonly number[]): Promise<void> {
    for (const clock of clocks) {
      // On the contributions channel: every role that ever has pending changes may write it.
      const envelope = this.#seal('update', clock, EMPTY_YJS_UPDATE, { channel: 'contributions' });
      if (!envelope) return;
      await this.#withMeta(() => this.#d.store.addPending(clock, envelope, this.#meta));
      this.#outbox.add(clock, envelope);
    }
    // The envelope after a lost one names the lost one: linked again to the filler.
    if (clocks.length > 0) await this.#resealPending();
  }

  /** Seals a batch of local changes and writes it to the store before anything else sees it. */
  async #keepLocal(update: Uint8Array, channel: Channel, wasHeld?: HeldChange): Promise<void> {
    await this.#withMeta(async () => {
      const clock = this.#meta.nextClock;
      // Behind a held change a later one cannot go first: Yjs would wait for the missing one.
      const envelope = !wasHeld && this.#held.length > 0 ? null : this.#seal('update', clock, update, { channel });
      if (!envelope) {
        if (wasHeld) this.#held.unshift(wasHeld);
        else if (this.#problem === 'key-split' || this.#held.length > 0) {
          try {
            this.#held.push(await this.#heldStore.keep(update, channel));
          } catch {
            // The change stays in the open document; the user must know it is not saved.
            this.#setProblem('storage');
          }
        }
        return;
      }
      const meta = { ...this.#meta, nextClock: clock + 1, updatedAt: this.#d.now() };
      try {
        await this.#d.store.addPending(clock, envelope, meta);
      } catch (err) {
        // The change stays in the open document; the person must know it is not saved. A held
        // change goes back in front of the held ones; a typed one goes back to the batcher (the
        // throw), which hands it on again with the next edit.
        this.#setProblem('storage');
        if (wasHeld) {
          this.#held.unshift(wasHeld);
          return;
        }
        throw err;
      }
      if (this.#problem === 'storage') this.#setProblem(null); // saving works again
      this.#meta = meta;
      this.#outbox.add(clock, envelope);
      // Now a pending envelope; a crash before this leaves both copies, and Yjs applies a change twice without harm.
      if (wasHeld) await this.#heldStore.drop(wasHeld).catch(() => this.#setProblem('storage'));
    });
    this.#relay.pump();
    this.#local.counted();
  }

  /** Seals, in order, what was held while the key was split; stops at the first that still cannot be sealed. */
  async #sealHeld(): Promise<void> {
    while (this.#held.length > 0 && this.#d.log.keyFor(this.#d.log.state.epoch)) {
      const before = this.#held.length;
      const next = this.#held.shift()!;
      await this.#keepLocal(next.update, next.channel, next);
      if (this.#held.length >= before) return;
    }
  }

  /**
   * After a key rotation the relay refuses the old epoch. Unacknowledged own envelopes were not
   * stored (acks for anything stored before the rotation arrive before its log frame), so they
   * are sealed again under the new epoch with their own clocks. Lowest clock first, and also
   * every one whose chain link no longer names the envelope before it (that one was sealed
   * again, or replaced by a filler): docs/protocol.md "Author chains".
   */
  async #resealPending(): Promise<void> {
    const epoch = this.#d.log.state.epoch;
    for (const [clock, envelope] of this.#outbox.entries().sort(([a], [b]) => a - b)) {
      const checked = this.#checkStored(envelope);
      if (checked?.kind !== 'update') continue;
      const prev = this.#links.prevFor(clock, (c) => this.#ownEnvelope(c));
      // Only a predecessor we hold and that differs breaks the link: one we cannot find (its echo
      // moved our clock on, its ack still out) says nothing, and sealing again then would send
      // other bytes at a clock the relay may already hold (`replayed`).
      const relink = prev !== null && !(checked.env.header.prev != null && sameBytes(checked.env.header.prev, prev));
      if (checked.env.header.epoch === epoch && !relink) continue;
      const fresh = this.#seal('update', clock, checked.plaintext, { channel: checked.channel });
      if (!fresh) return;
      await this.#withMeta(() => this.#d.store.addPending(clock, fresh, this.#meta));
      this.#outbox.add(clock, fresh);
    }
  }

  /**
   * An editor made contributor while changes to the plan waited on this device: the relay refuses
   * them, and since one clock sequence covers both channels, everything after them would wait
   * forever. Each such change is set aside on the device (kept, never deleted) and its clock is
   * filled with an empty contributions update, so the log entries and scores after it still go out.
   * A reader keeps what waits: nothing of theirs can go out until their role changes back.
   */
  async #setAsideWhatMyRoleMayNotSend(): Promise<boolean> {
    if (!this.#mayWrite('contributions')) return false;
    let setAside = 0;
    for (const [clock, envelope] of this.#outbox.entries()) {
      // Own envelopes are judged by the role now, not by the role they were written under.
      let channel: Channel;
      try {
        const { header } = verifyEnvelope(this.#d.s, envelope);
        if (header.kind !== 'update') continue;
        channel = header.channel;
      } catch {
        continue;
      }
      if (this.#mayWrite(channel)) continue;
      const filler = this.#seal('update', clock, EMPTY_YJS_UPDATE, { channel: 'contributions' });
      if (!filler) break;
      // Under a key of its own: the waiting record is replaced by the filler only after this copy is kept.
      await this.#d.store.quarantine(`plans/${this.planId}/set-aside/${clock}`, envelope, 'the role may no longer write this document', this.#d.now());
      await this.#withMeta(() => this.#d.store.addPending(clock, filler, this.#meta));
      this.#outbox.add(clock, filler);
      setAside++;
    }
    if (setAside > 0) {
      this.#warn('set-aside-after-role-change');
      // What waited after a filler named the envelope it replaced: linked again.
      await this.#resealPending();
    }
    return setAside > 0;
  }

  /** The one place plaintext becomes an envelope: current epoch, own key, fresh nonce. */
  #seal(
    kind: EnvelopeKind,
    clock: number,
    plaintext: Uint8Array,
    { coversUpTo, channel = 'plan' }: { coversUpTo?: number; channel?: Channel } = {},
  ): Uint8Array | null {
    const state = this.#d.log.state;
    const me = memberOf(state, this.#d.device.sign.publicKey);
    const key = this.#d.log.keyFor(state.epoch);
    if (this.#access.revoked || !me) {
      this.#access.revoke();
      return null;
    }
    // Presence is not a write: readers and contributors are seen too.
    if ((kind !== 'presence' && !mayPublish(me.role, channel)) || !key) {
      // A split key stays the problem shown: writing on needs an owner to rotate again.
      if (this.#problem !== 'key-split') this.#setProblem(key ? 'read-only' : 'no-epoch-key');
      return null;
    }
    // The log position: every client refuses what we write here if the log before it removed us.
    const logPosition = state.length;
    // Updates name our previous one (docs/protocol.md "Author chains"); snapshots and presence do not.
    const prev = kind === 'update' ? this.#links.prevFor(clock, (c) => this.#ownEnvelope(c)) : undefined;
    const header = { planId: this.#d.planIdBytes, epoch: state.epoch, author: this.#d.device.sign, clock, kind, coversUpTo, channel, logPosition, prev };
    const envelope = sealEnvelope(this.#d.s, header, key, plaintext, this.#nonces);
    if (kind === 'update') this.#links.sealed(clock, envelope);
    return envelope;
  }

  /** Our own update envelope at `clock` if this device holds it: waiting in the outbox, or the last acknowledged. */
  #ownEnvelope(clock: number): Uint8Array | undefined {
    return this.#outbox.get(clock) ?? (this.#clocks.get(this.#me) === clock ? this.#proofs.get(this.#me) : undefined);
  }

  /**
   * `live`: an envelope arriving now. A stored one was judged when it arrived; a signed position
   * gives the same answer later, but the rule for headers without one depends on events after it
   * (a later removal), so stored version 1 and 2 envelopes are not judged by it again.
   */
  #checkContext(withClocks: boolean, live: boolean) {
    const view = this.#d.log.view();
    const state = this.#d.log.state;
    return {
      planId: this.#d.planIdBytes,
      keyFor: view.keyFor,
      clocks: withClocks ? this.#clocks : null,
      // The head each author's next update must name: the envelope behind its clock here (a snapshot's proof, or the last applied).
      headHash: (author: string) => {
        const proof = this.#proofs.get(author);
        return proof ? this.#links.hashOf(proof) : null;
      },
      standing: (author: Uint8Array, epoch: number, channel: Channel | null, position: number | undefined, clock?: number) =>
        live || position !== undefined
          ? writeStanding(state, author, epoch, channel, position, clock)
          : // A cap does not depend on what the header says: it holds for stored envelopes too.
            clock !== undefined && channel !== null
            ? overCap(state, author, channel, clock)
            : null,
    };
  }

  #checkStored(value: unknown): CheckedEnvelope | null {
    if (!(value instanceof Uint8Array)) {
      const v = value as { envelope?: unknown };
      return v && v.envelope instanceof Uint8Array ? this.#checkStored(v.envelope) : null;
    }
    try {
      return checkEnvelope(this.#d.s, value, this.#checkContext(false, false));
    } catch {
      return null;
    }
  }

  /** Whether this device's role, per the member log now, may write `channel`. */
  #mayWrite(channel: Channel): boolean {
    const me = memberOf(this.#d.log.state, this.#d.device.sign.publicKey);
    return me !== undefined && mayPublish(me.role, channel);
  }

  /** True while local changes to either document are collected or being sealed. */
  #typing(): boolean {
    return this.#batchers.plan.busy() || this.#batchers.contributions.busy();
  }

  #stopChangeRecording(): void {
    for (const stop of this.#stopRecording.splice(0)) stop();
  }

  #raiseClock(author: string, clock: number, proof?: Uint8Array): void {
    const known = this.#clocks.get(author) ?? 0;
    if (known < clock) {
      this.#clocks.set(author, clock);
      // A clock without its proof (a local snapshot written before proofs) leaves none.
      if (proof) this.#proofs.set(author, proof);
      else this.#proofs.delete(author);
    } else if (known === clock && proof && !this.#proofs.has(author)) {
      this.#proofs.set(author, proof);
    }
  }

  /** The name the plan shows for the person of device `author` (base64url), if known. */
  #nameOf(author: string): string | undefined {
    for (const p of this.membership.people()) if (p.devices.some((d) => d.deviceId === author)) return p.displayName || undefined;
    return undefined;
  }

  dismissWarnings(): void {
    this.#hub.dismiss();
  }

  /**
   * An envelope under an epoch whose key this device does not hold (a rotation written before the
   * key chain, or a chain that failed its check): part of the plan cannot be read here, and every
   * later change by its author waits behind it. Never "synced": the problem stays until a key
   * arrives (the relay delivers it again on every subscribe, as it was not kept).
   */
  #historyUnreadable(author: Uint8Array | undefined): void {
    if (this.#problem !== 'history-unreadable') this.#warn('history-unreadable', this.#concerning(author));
    if (this.#problem === null) this.#setProblem('history-unreadable');
  }

  #warn(code: string, concerns?: SyncWarning['concerns']): void {
    this.#hub.warn({ code, at: this.#d.now(), ...(concerns ? { concerns } : {}) });
  }

  #setProblem(code: string | null): void {
    this.#problem = code;
    this.#refresh();
  }

  #refresh(): void {
    this.#hub.set(
      deriveState({
        shared: this.#meta.shared,
        connected: this.#relay.connected,
        catchingUp: this.#relay.phase !== 'live',
        waiting: this.waiting,
        problem: this.#problem,
      }),
    );
    for (const l of [...this.#changed]) l();
  }
}
