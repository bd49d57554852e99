import type * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { fromBase64Url, NonceSource, toBase64Url, type DeviceKeys, type Sodium } from '@safeplan/schema/crypto';
import { recordChanges } from '../review/change-recorder.ts';
import { CONTRIBUTIONS_FRAGMENT } from '../review/review-doc.ts';
import { mayPublish, overCap, writeStanding, type Channel, type EnvelopeKind, type MembershipState, type RelayFrame } from '@safeplan/schema/protocol';
import { checkEnvelope, CheckError, type CheckContext, type CheckedEnvelope } from './envelope-checks.ts';
import { ChainLinks, sealOwn } from './chain-links.ts';
import { IncomingRuns, inlineRunVerifier, type RunVerifier } from './incoming-runs.ts';
import { sameBytes, type MemberLog } from './member-log.ts';
import type { SessionMembership } from './membership-session.ts';
import { Outbox } from './outbox.ts';
import type { PlanMeta, PlanStore } from './plan-store.ts';
import { PresenceChannel } from './presence-channel.ts';
import { CREATION_PROBLEMS } from './quota-problems.ts';
import { isVersionProblem, RelayConversation, type RelayTarget } from './relay-conversation.ts';
import { LocalSnapshotKeeper } from './local-snapshot-keeper.ts';
import { replayStore } from './replay-store.ts';
import { SessionReview } from './review-signing.ts';
import { SessionAccess } from './session-access.ts';
import type { PlanSession, SyncProblemCode, SyncState, SyncWarning, SyncWarningCode } from './session.ts';
import { KeyAlarms } from './key-alarms.ts';
import { HeldChanges } from './held-changes.ts';
import { applySnapshotContent, applyToChannel, newPlanDocs, type PlanDocs } from './plan-docs.ts';
import { RelaySnapshots, SNAPSHOT_EVERY } from './relay-snapshots.ts';
import { deriveState, StateHub } from './sync-state.ts';
import { createUpdateBatcher, type UpdateBatcher } from './update-batcher.ts';
import { IncomingUpdates, toldByTheStore } from './incoming-updates.ts';
import { OutgoingChanges } from './outgoing-changes.ts';
import { PlanMetaCell } from './plan-meta-cell.ts';
import type { StoreWriteCode, WriteStatus } from './write-behind.ts';
import { onTitleInDoc, titleInDoc, writeTitleInDoc } from './plan-title.ts';

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
  readonly #metaCell: PlanMetaCell;
  #metaQueue: Promise<unknown> = Promise.resolve();
  #problem: SyncProblemCode | null = null;
  /** The device store's own trouble (writes kept and retried), shown over #problem until it heals. */
  #storeProblem: StoreWriteCode | null = null;
  readonly #heldStore: HeldChanges;
  readonly #incoming: IncomingUpdates;
  readonly #outgoing: OutgoingChanges;
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
  #live: { state: MembershipState; context: CheckContext } | null = null;

  constructor(deps: SessionDeps) {
    this.#d = deps;
    this.#links = new ChainLinks(deps.s);
    this.#runs = new IncomingRuns(deps.runVerifier ?? inlineRunVerifier(deps.s));
    this.planId = deps.meta.planId;
    this.#metaCell = new PlanMetaCell(deps.meta, deps.store);
    this.#me = toBase64Url(deps.device.sign.publicKey);
    this.#nonces = NonceSource.random(deps.s);
    this.#heldStore = new HeldChanges(deps.s, deps.device.box, deps.store);
    this.awareness = new Awareness(this.doc);
    deps.store.writes.onStatus((status) => this.#storeStatus(status));
    this.#outgoing = new OutgoingChanges({
      s: deps.s,
      store: deps.store,
      meta: this.#metaCell,
      outbox: this.#outbox,
      held: this.#heldStore,
      log: deps.log,
      now: deps.now,
      seal: (clock, plaintext, channel) => this.#seal('update', clock, plaintext, { channel }),
      send: () => this.#relay.pump(),
      checkStored: (bytes) => this.#checkStored(bytes),
      linkBroken: (clock, prev) => {
        const expected = this.#links.prevFor(clock, (c) => this.#ownEnvelope(c));
        return expected !== null && !(prev != null && sameBytes(prev, expected));
      },
      mayWrite: (channel) => this.#mayWrite(channel),
      keySplit: () => this.#problem === 'key-split',
      counted: () => this.#local.counted(),
    });
    this.#incoming = new IncomingUpdates({
      s: deps.s,
      docs: this.#docs,
      store: deps.store,
      meta: this.#metaCell,
      outbox: this.#outbox,
      me: this.#me,
      remote: REMOTE,
      liveContext: () => this.#liveContext(),
      checkStored: (bytes) => this.#checkStored(bytes),
      raiseClock: (author, clock, proof) => this.#raiseClock(author, clock, proof),
      counted: () => this.#local.counted(),
    });
    // 1. A keystroke: Tiptap/Yjs update -> the channel's batcher -> OutgoingChanges.keep (seal, queue the write, send).
    const batcherFor = (channel: Channel): UpdateBatcher => {
      const batcher = createUpdateBatcher(
        async (u) => this.#outgoing.keep(u, channel),
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
    // 2. What the relay says, in frame order: each event is handled here, top to bottom.
    this.#relay = new RelayConversation({
      s: deps.s,
      device: deps.device,
      planIdBytes: deps.planIdBytes,
      log: deps.log,
      outbox: this.#outbox,
      now: deps.now,
      meta: () => this.#meta,
    });
    this.#relay.onArrival = (bytes) => this.#runs.arrived(bytes);
    const relay = this.#relay.events;
    relay.on('deliver', ({ seq, bytes }) => this.#onDeliver(seq, bytes));
    relay.on('ack', ({ clock, seq }) => this.#onAck(clock, seq));
    relay.on('caught-up', ({ seq }) => this.#onCaughtUp(seq));
    relay.on('presence', ({ bytes }) => this.#onPresence(bytes));
    relay.on('log-changed', async ({ epochMoved }) => {
      await this.#access.saveLog();
      this.#keyAlarms.check();
      if (epochMoved) {
        this.#outgoing.resealPending();
        this.#outgoing.sealHeld();
      }
    });
    relay.on('refused-for-role', async () => {
      const setAside = await this.#outgoing.setAsideWhatMyRoleMayNotSend();
      if (setAside === 0) return this.#setProblem('read-only');
      this.#warn('set-aside-after-role-change');
      this.#relay.resendAll();
    });
    relay.on('snapshot-refused', ({ clockTaken }) => {
      if (clockTaken) this.updateMeta((m) => ({ ...m, snapshotCounter: m.snapshotCounter + 1 })).catch(toldByTheStore);
    });
    relay.on('created', () => {
      this.updateMeta((m) => ({ ...m, onRelay: true })).catch(toldByTheStore);
      if (this.#problem !== null && (CREATION_PROBLEMS as readonly SyncProblemCode[]).includes(this.#problem)) this.#setProblem(null);
    });
    // Above no-problem and another version problem only: a revoked or damaged plan says that first.
    relay.on('version-problem', (problem) => {
      if (problem === null ? isVersionProblem(this.#problem) : this.#problem === null || isVersionProblem(this.#problem)) this.#setProblem(problem);
    });
    relay.on('warning', (code) => this.#warn(code));
    relay.on('problem', (code) => (code === 'access-revoked' ? this.#access.refusedByRelay() : this.#setProblem(code)));
    relay.on('changed', () => this.#refresh());
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
      keepSnapshot: (snapshot, raiseLastSeq) => {
        const meta = raiseLastSeq ? this.#metaCell.set((m) => ({ ...m, lastSeq: Math.max(m.lastSeq, snapshot.coversUpTo) })) : this.#meta;
        return this.#d.store.saveSnapshotWithMeta(snapshot, meta);
      },
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

  get #meta(): PlanMeta {
    return this.#metaCell.value;
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
    // Every open may follow a crash that left own clocks on the relay only: checked at the next catch-up.
    this.#metaCell.set((m) => (m.uncheckedFrom === undefined ? { ...m, uncheckedFrom: m.nextClock } : m));
    // Changes held during a key split in an earlier session: back into the document, still waiting for a good key.
    for (const change of await this.#heldStore.read(this.#d.now())) {
      applyToChannel(this.#docs, change.channel, change.update, REMOTE);
      this.#outgoing.held.push(change);
    }
    // Not a store problem (a failing write): what is damaged was set aside in quarantine, nothing was lost since.
    if (replayed.damaged) this.#problem = 'damaged';
    if (!this.#access.isMember()) {
      this.#access.revoke();
      return;
    }
    this.#keyAlarms.check();
    this.#outgoing.fillLostClocks(replayed.lostPending);
    this.#outgoing.sealHeld();
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
   * Changes the plan's meta (title, counters) from its CURRENT value; resolves once it is durable.
   * Every meta change is made synchronously on this.#meta and queued behind every earlier write:
   * a write that started earlier cannot finish later and wind nextClock back.
   */
  updateMeta(change: (meta: PlanMeta) => PlanMeta): Promise<void> {
    // In memory at once, durable in the order of the writes (write-behind.ts): no later change can
    // start from an older meta, so no clock is drawn twice.
    const saved = this.#metaCell.update(change);
    this.#refresh();
    return saved;
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
    await this.#d.store.writes.written();
  }

  /** Own changes not yet acknowledged; a batch still being collected counts as one. */
  get waiting(): number {
    const busy = (this.#batchers.plan.busy() ? 1 : 0) + (this.#batchers.contributions.busy() ? 1 : 0);
    // An acknowledged change whose own write is not durable yet still waits: "synced" needs both.
    const unsaved = this.#d.store.writes.unsavedOwn > 0 && this.#outbox.size === 0 ? 1 : 0;
    return this.#outbox.size + this.#outgoing.held.length + busy + unsaved;
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
    this.#d.store.writes.close();
    this.#d.onClosed?.();
  }

  /** 3. The catch-up is complete: own clocks the relay holds from before a crash are moved past, then sending starts (the conversation pumps). */
  async #onCaughtUp(seq: number): Promise<void> {
    this.#outgoing.moveOwnClocksPast(this.#clocks.get(this.#me) ?? 0);
    if (seq > this.#meta.lastSeq) this.updateMeta((m) => ({ ...m, lastSeq: Math.max(m.lastSeq, seq) })).catch(toldByTheStore);
    this.membership.ensureMyEntry();
    this.#keyAlarms.check();
    this.#presence.announceSelf();
    this.#refresh();
    await this.#snapshots.maybeWrite();
  }

  /** 4. The relay stored an own envelope: its confirmed copy is queued behind its pending write; "synced" waits for both. */
  async #onAck(clock: number, seq: number): Promise<void> {
    if (this.#outbox.held) {
      // Nothing else is in flight while a snapshot is: this ack is the snapshot's.
      this.#outbox.hold(false);
      this.updateMeta((m) => ({ ...m, snapshotCounter: clock, lastSeq: Math.max(m.lastSeq, seq) })).catch(toldByTheStore);
      return;
    }
    if (!this.#ownStored(clock, seq)) return; // a re-ack of something already confirmed
    this.#refresh();
    await this.#snapshots.maybeWrite();
  }

  /**
   * The relay holds our waiting envelope at `clock` under `seq` (its ack, or the very bytes coming
   * back in a catch-up after the ack was lost): confirmed here like an ack. Never sent again: once
   * every device has subscribed past `seq` the relay forgets its receipt (receipt-pruning.ts) and
   * would refuse the resend as replayed. False when nothing waited at that clock.
   */
  #ownStored(clock: number, seq: number): boolean {
    const envelope = this.#outbox.confirm(clock);
    if (!envelope) return false;
    const meta = this.#metaCell.set((m) => ({ ...m, ackedClock: Math.max(m.ackedClock, clock), lastSeq: Math.max(m.lastSeq, seq) }));
    this.#d.store.confirm(clock, seq, envelope, meta).catch(toldByTheStore);
    this.#raiseClock(this.#me, clock, envelope);
    return true;
  }

  /** 5. A peer's envelope: IncomingUpdates checks, applies and queues its write; here is what the person sees of it. */
  async #onDeliver(seq: number, bytes: Uint8Array): Promise<void> {
    // Authenticated with the frames queued behind it (a failing worker fails the frame, as a failing store write does).
    const taken = seq <= this.#metaCell.value.lastSeq ? undefined : this.#runs.take(bytes);
    const authenticated = taken instanceof Promise ? await taken : taken;
    if (authenticated?.ok) this.#links.known(bytes, authenticated.hash);
    const delivery = this.#incoming.deliver(seq, bytes, authenticated);
    switch (delivery.kind) {
      case 'applied':
        this.#ownCameBack(delivery.ownClock, seq, bytes);
        // A change to the people document may name someone whose presence came first.
        this.#presence.named((a) => this.#nameOf(a));
        return this.#refresh();
      case 'own-echo':
        this.#ownCameBack(delivery.ownClock, seq, bytes);
        return this.#refresh();
      case 'duplicate':
      case 'presence':
        return;
      case 'snapshot':
        return this.#snapshots.apply(delivery.checked, bytes, seq);
      case 'refused':
        if (delivery.code === 'no-epoch-key') return this.#historyUnreadable(delivery.author);
        return this.#warn(delivery.code, this.#concerning(delivery.author));
      default: {
        const unknown: never = delivery;
        throw new Error(`unknown delivery ${String(unknown)}`);
      }
    }
  }

  /**
   * Our own update came back from the relay (a catch-up after a lost ack): if it is the very
   * envelope waiting at its clock, that one is stored there, so it counts as acknowledged. Other
   * bytes at that clock (sealed again after a crash) are moved past it at the catch-up's end
   * (outgoing-changes.ts moveOwnClocksPast).
   */
  #ownCameBack(clock: number | undefined, seq: number, bytes: Uint8Array): void {
    if (clock === undefined) return;
    const waiting = this.#outbox.get(clock);
    if (waiting && sameBytes(waiting, bytes)) this.#ownStored(clock, seq);
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

  /** The one place plaintext becomes an envelope: current epoch, own key, fresh nonce. */
  #seal(
    kind: EnvelopeKind,
    clock: number,
    plaintext: Uint8Array,
    { coversUpTo, channel = 'plan' }: { coversUpTo?: number; channel?: Channel } = {},
  ): Uint8Array | null {
    const state = this.#d.log.state;
    const me = state.members.get(this.#me);
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
    const header = { planId: this.#d.planIdBytes, epoch: state.epoch, author: this.#d.device.sign, clock, kind, coversUpTo, channel, logPosition };
    return sealOwn(this.#d.s, this.#links, header, key, plaintext, this.#nonces, (c) => this.#ownEnvelope(c));
  }

  /**
   * Our own update envelope at `clock` if this device holds it: the one the relay has shown us
   * (acknowledged, or come back at the first catch-up), else the one waiting in the outbox. The
   * relay's copy comes first: after a crash the outbox may hold other bytes under a clock the relay
   * already has (outgoing-changes.ts moveOwnClocksPast), and the chain must continue what peers hold.
   */
  #ownEnvelope(clock: number): Uint8Array | undefined {
    return (this.#clocks.get(this.#me) === clock ? this.#proofs.get(this.#me) : undefined) ?? this.#outbox.get(clock);
  }

  /**
   * The context for live envelopes, made once per member-log state (the log replaces its state on
   * every event; clocks and proofs are read live): a delivery does not pay for new closures.
   */
  #liveContext(): CheckContext {
    const state = this.#d.log.state;
    if (this.#live?.state !== state) this.#live = { state, context: this.#checkContext(true, true) };
    return this.#live.context;
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
    const me = this.#d.log.state.members.get(this.#me);
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
    return this.membership.nameOfDevice(author);
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

  #warn(code: SyncWarningCode, concerns?: SyncWarning['concerns']): void {
    this.#hub.warn({ code, at: this.#d.now(), ...(concerns ? { concerns } : {}) });
  }

  /** The device store failed a write (kept and retried by the store) or takes writes again. */
  #storeStatus(status: WriteStatus): void {
    // Its own field: a store that heals clears only its own problem, never one it covered up
    // (history-unreadable, key-split, ...), so "synced" cannot follow a short store hiccup.
    this.#storeProblem = status.ok ? null : status.code;
    this.#refresh(); // an own write became durable: waiting may have changed
  }

  #setProblem(code: SyncProblemCode | null): void {
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
        problem: this.#problem === 'access-revoked' ? this.#problem : (this.#storeProblem ?? this.#problem),
      }),
    );
    for (const l of [...this.#changed]) l();
  }
}
