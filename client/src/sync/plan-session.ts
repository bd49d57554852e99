import type * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { fromBase64Url, NonceSource, toBase64Url, type DeviceKeys, type Sodium } from '@safeplan/schema/crypto';
import { recordChanges } from '../review/change-recorder.ts';
import { CONTRIBUTIONS_FRAGMENT } from '../review/review-doc.ts';
import type { Channel, RelayFrame } from '@safeplan/schema/protocol';
import { AuthorClocks } from './author-clocks.ts';
import { ChainLinks } from './chain-links.ts';
import { EnvelopeContext } from './envelope-context.ts';
import { EnvelopeSealer } from './envelope-sealer.ts';
import { IncomingRuns, inlineRunVerifier, type RunVerifier } from './incoming-runs.ts';
import type { MemberLog } from './member-log.ts';
import type { SessionMembership } from './membership-session.ts';
import { Outbox } from './outbox.ts';
import type { PlanMeta, PlanStore } from './plan-store.ts';
import { PresenceEnvelopes } from './presence-envelopes.ts';
import { OwnAcks } from './own-acks.ts';
import { RelayConversation, type RelayTarget } from './relay-conversation.ts';
import { LocalSnapshots } from './local-snapshots.ts';
import { LocalTyping } from './local-typing.ts';
import { onLocalUpdates } from './local-updates.ts';
import { replayStore } from './replay-store.ts';
import { SessionReview } from './review-signing.ts';
import { SessionAccess } from './session-access.ts';
import type { PlanSession, SyncState, SyncWarning } from './session.ts';
import { KeyAlarms } from './key-alarms.ts';
import { HeldChanges } from './held-changes.ts';
import { applyToChannel, newPlanDocs, type PlanDocs } from './plan-docs.ts';
import { RelaySnapshots, SNAPSHOT_EVERY } from './relay-snapshots.ts';
import { concerning, SessionStatus } from './session-status.ts';
import { createUpdateBatcher, type UpdateBatcher } from './update-batcher.ts';
import { IncomingUpdates, toldByTheStore } from './incoming-updates.ts';
import { OutgoingChanges } from './outgoing-changes.ts';
import { PlanMetaCell } from './plan-meta-cell.ts';
import { TitleInStep } from './title-in-step.ts';
import { mayWrite } from './membership-view.ts';

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
 * at exactly one place (envelope-sealer.ts), kept in the device store before anything is sent, and
 * merged with what the relay delivers only after every client check. One clock sequence per device
 * covers both channels, so the store, the outbox and the relay's ordering stay as they were for one
 * document. This class wires its parts (one job each, joined by typed events) and holds the path of
 * one keystroke; it reads top to bottom: the parts, the sending half, the receiving half, the rest.
 */
export class EngineSession implements PlanSession {
  readonly planId: string;
  readonly #docs: PlanDocs = newPlanDocs();
  readonly doc: Y.Doc = this.#docs.plan;
  readonly contributions: Y.Doc = this.#docs.contributions;
  readonly awareness: Awareness;
  readonly review: SessionReview;
  readonly #d: SessionDeps;
  readonly #me: string;
  readonly #nonces: NonceSource;
  readonly #metaCell: PlanMetaCell;
  readonly #outbox = new Outbox();
  #closed = false;
  #stopRecording: (() => void)[] = [];
  /** What the person sees: the problem, the store's trouble, the warnings (session-status.ts). */
  readonly #status: SessionStatus;
  /** Per author, the highest clock here and the envelope that proves it (author-clocks.ts). */
  readonly #authors = new AuthorClocks();
  /** Author chains: hashes of heads and of our own previous envelope (chain-links.ts). */
  readonly #links: ChainLinks;
  /** What envelopes are checked against (envelope-context.ts). */
  readonly #envelopes: EnvelopeContext;
  /** Delivered envelopes waiting for their turn, authenticated a batch at a time (incoming-runs.ts). */
  readonly #runs: IncomingRuns;
  readonly #heldStore: HeldChanges;
  readonly #relay: RelayConversation;
  /** This device's standing: membership, the stored log, revocation (session-access.ts). */
  readonly #access: SessionAccess;
  /** The one place plaintext becomes an envelope (envelope-sealer.ts). */
  readonly #sealer: EnvelopeSealer;
  readonly #ownAcks: OwnAcks;
  readonly #outgoing: OutgoingChanges;
  readonly #typing: LocalTyping;
  readonly #incoming: IncomingUpdates;
  readonly #local: LocalSnapshots;
  readonly #snapshots: RelaySnapshots;
  readonly #keyAlarms: KeyAlarms;
  readonly #presence: PresenceEnvelopes;
  /** The plan's name, kept in step between the plan document and this device's meta (title-in-step.ts). */
  readonly #title: TitleInStep;

  constructor(deps: SessionDeps) {
    this.#d = deps;
    this.planId = deps.meta.planId;
    this.#me = toBase64Url(deps.device.sign.publicKey);
    this.#nonces = NonceSource.random(deps.s);
    this.#metaCell = new PlanMetaCell(deps.meta, deps.store);
    this.awareness = new Awareness(this.doc);
    // The parts, each with one job. None calls into the session: what they tell is wired below, once.
    this.#status = new SessionStatus(deps.now);
    this.#links = new ChainLinks(deps.s);
    this.#envelopes = new EnvelopeContext(deps.s, deps.planIdBytes, deps.log, this.#authors, this.#links);
    this.#runs = new IncomingRuns(deps.runVerifier ?? inlineRunVerifier(deps.s));
    this.#heldStore = new HeldChanges(deps.s, deps.device.box, deps.store);
    this.#relay = new RelayConversation({
      s: deps.s,
      device: deps.device,
      planIdBytes: deps.planIdBytes,
      log: deps.log,
      outbox: this.#outbox,
      now: deps.now,
      meta: () => this.#metaCell.value,
      // Never past what the store holds: the relay prunes receipts by it (plan-store.ts storedLastSeq).
      readFrom: () => Math.min(this.#metaCell.value.lastSeq, deps.store.storedLastSeq ?? this.#metaCell.value.lastSeq),
    });
    this.#access = new SessionAccess({
      ...deps,
      peopleDoc: this.contributions,
      timeoutMs: deps.relayTimeoutMs ?? 15_000,
      meta: this.#metaCell,
      authors: this.#authors,
      relay: this.#relay,
      status: this.#status,
    });
    this.#sealer = new EnvelopeSealer({ ...deps, nonces: this.#nonces, links: this.#links, authors: this.#authors, outbox: this.#outbox, access: this.#access });
    this.#ownAcks = new OwnAcks({ outbox: this.#outbox, meta: this.#metaCell, store: deps.store, authors: this.#authors, me: this.#me });

    // The sending half (docs/architecture.md "The path of one keystroke", steps 1-6).
    this.#outgoing = new OutgoingChanges({
      s: deps.s,
      store: deps.store,
      meta: this.#metaCell,
      outbox: this.#outbox,
      held: this.#heldStore,
      log: deps.log,
      now: deps.now,
      seal: (clock, plaintext, channel) => this.#sealer.seal('update', clock, plaintext, { channel }),
      send: () => this.#relay.pump(),
      checkStored: (bytes) => this.#envelopes.checkStored(bytes),
      linkBroken: (clock, prev) => this.#sealer.linkBroken(clock, prev),
      mayWrite: (channel) => mayWrite(deps.log.state, deps.device.sign.publicKey, channel),
      keySplit: () => this.#status.problem === 'key-split',
      counted: () => this.#local.counted(),
    });
    // 1. A keystroke: Tiptap/Yjs update -> the channel's batcher -> OutgoingChanges.keep (seal, queue the write, send).
    const batcherFor = (channel: Channel): UpdateBatcher => {
      const batcher = createUpdateBatcher(
        async (u) => this.#outgoing.keep(u, channel),
        30,
        () => this.#refresh(),
        (failure) => this.#status.warn(failure.code),
      );
      // Only own transactions are encoded as updates; the relay's are applied and left alone (local-updates.ts).
      onLocalUpdates(this.#docs[channel], REMOTE, (update) => {
        if (this.#closed) return;
        batcher.add(update);
        this.#refresh();
      });
      return batcher;
    };
    this.#typing = new LocalTyping({ plan: batcherFor('plan'), contributions: batcherFor('contributions') });

    // The receiving half (steps 8-12): what the relay says, in frame order, handled below top to bottom.
    this.#incoming = new IncomingUpdates({
      s: deps.s,
      docs: this.#docs,
      store: deps.store,
      meta: this.#metaCell,
      outbox: this.#outbox,
      me: this.#me,
      remote: REMOTE,
      liveContext: () => this.#envelopes.live(),
      checkStored: (bytes) => this.#envelopes.checkStored(bytes),
      raiseClock: (author, clock, proof) => this.#authors.raise(author, clock, proof),
      counted: () => this.#local.counted(),
    });
    this.#relay.onArrival = (bytes) => this.#runs.arrived(bytes);
    const relay = this.#relay.events;
    relay.on('deliver', ({ seq, bytes }) => this.#onDeliver(seq, bytes));
    relay.on('ack', ({ clock, seq }) => this.#onAck(clock, seq));
    relay.on('caught-up', ({ seq }) => this.#onCaughtUp(seq));

    // The parts beside the path.
    this.#local = new LocalSnapshots({ ...deps, nonces: this.#nonces, docs: this.#docs, meta: this.#metaCell, authors: this.#authors, typing: this.#typing, access: this.#access });
    this.#snapshots = new RelaySnapshots({
      ...deps,
      docs: this.#docs,
      every: deps.snapshotEvery ?? SNAPSHOT_EVERY,
      remote: REMOTE,
      meta: this.#metaCell,
      authors: this.#authors,
      outbox: this.#outbox,
      typing: this.#typing,
      sealer: this.#sealer,
      envelopes: this.#envelopes,
      membership: this.#access.membership,
      relay: this.#relay,
    });
    this.#keyAlarms = new KeyAlarms(deps.log, deps.device.sign.publicKey, this.#access);
    this.#presence = new PresenceEnvelopes(this.awareness, { ...deps, me: this.#me, sealer: this.#sealer, envelopes: this.#envelopes, relay: this.#relay, membership: this.#access.membership });
    this.#title = new TitleInStep({ doc: this.doc, meta: this.#metaCell, log: deps.log, device: deps.device });
    this.review = new SessionReview({ ...deps, docs: this.#docs, planId: this.planId, nonces: this.#nonces, access: this.#access });

    // What the parts tell, wired once. Warnings and problems all go to the status; a changed one shows the state again.
    this.#status.events.on('changed', () => this.#refresh());
    deps.store.writes.onStatus((status) => this.#status.storeStatus(status));
    relay.on('presence', ({ bytes }) => this.#presence.receive(bytes));
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
      if (setAside === 0) return this.#status.setProblem('read-only');
      this.#status.warn('set-aside-after-role-change');
      this.#relay.resendAll();
    });
    relay.on('snapshot-refused', ({ clockTaken }) => {
      if (clockTaken) this.updateMeta((m) => ({ ...m, snapshotCounter: m.snapshotCounter + 1 })).catch(toldByTheStore);
    });
    relay.on('created', () => {
      this.updateMeta((m) => ({ ...m, onRelay: true })).catch(toldByTheStore);
      this.#status.created();
    });
    relay.on('version-problem', (problem) => this.#status.versionProblem(problem));
    relay.on('warning', (code) => this.#status.warn(code));
    relay.on('problem', (code) => {
      // The relay alone says we are not a member, but the signed log we hold does not show a removal
      // (we may not have seen it yet, or the relay lies): stop talking to it and keep sealing edits
      // on the device, so nothing typed is lost. A reopen asks the relay again.
      if (code === 'access-revoked') this.#relay.close();
      this.#status.setProblem(code);
    });
    relay.on('changed', () => this.#refresh());
    this.#access.events.on('revoked', () => this.#stopForRevocation());
    this.#access.events.on('changed', () => this.#refresh());
    this.#access.events.on('warning', (code) => this.#status.warn(code));
    this.#access.events.on('share', () => this.share());
    this.#sealer.events.on('refused', (why) => (why === 'revoked' ? this.#access.revoke() : this.#status.sealRefused(why)));
    this.#local.events.on('due', () => this.#local.writeInBackground(this.flush()));
    this.#snapshots.events.on('alarm', ({ code, author }) => this.#status.warn(code, concerning(deps.log, fromBase64Url(author))));
    this.#keyAlarms.events.on('warning', ({ code, concerns }) => this.#status.warn(code, concerns));
    this.#keyAlarms.events.on('problem', (code) => this.#status.keyProblem(code));
    this.#presence.events.on('warning', ({ code, concerns }) => this.#status.warn(code, concerns));
    this.#title.events.on('meta-changed', () => this.#refresh());
  }

  /** 8. Sender: the relay stored an own envelope (own-acks.ts): its confirmed copy is queued behind its pending write; "synced" waits for both. */
  async #onAck(clock: number, seq: number): Promise<void> {
    if (this.#outbox.held) {
      // Nothing else is in flight while a snapshot is: this ack is the snapshot's.
      this.#outbox.hold(false);
      this.updateMeta((m) => ({ ...m, snapshotCounter: clock, lastSeq: Math.max(m.lastSeq, seq) })).catch(toldByTheStore);
      return;
    }
    if (!this.#ownAcks.stored(clock, seq)) return; // a re-ack of something already confirmed
    this.#refresh();
    await this.#snapshots.maybeWrite();
  }

  /**
   * 9.-12. Receiver: a peer's envelope, authenticated with the frames queued behind it
   * (incoming-runs.ts); IncomingUpdates checks, applies and queues its write; here is what the
   * person sees of it.
   */
  async #onDeliver(seq: number, bytes: Uint8Array): Promise<void> {
    // A failing worker fails the frame, as a failing store write does.
    const taken = seq <= this.#metaCell.value.lastSeq ? undefined : this.#runs.take(bytes);
    // Inline verification answers in this turn; a worker's answer is awaited.
    const authenticated = taken instanceof Promise ? await taken : taken;
    if (authenticated?.ok) this.#links.known(bytes, authenticated.hash);
    const delivery = this.#incoming.deliver(seq, bytes, authenticated);
    switch (delivery.kind) {
      case 'applied':
        this.#ownAcks.cameBack(delivery.ownClock, seq, bytes);
        // A change to the people document may name someone whose presence came first.
        this.#presence.named();
        return this.#refresh();
      case 'own-echo':
        this.#ownAcks.cameBack(delivery.ownClock, seq, bytes);
        return this.#refresh();
      case 'duplicate':
      case 'presence':
        return;
      case 'snapshot':
        return this.#snapshots.apply(delivery.checked, bytes, seq);
      case 'refused':
        if (delivery.code === 'no-epoch-key') return this.#status.historyUnreadable(concerning(this.#d.log, delivery.author));
        return this.#status.warn(delivery.code, concerning(this.#d.log, delivery.author));
      default: {
        const unknown: never = delivery;
        throw new Error(`unknown delivery ${String(unknown)}`);
      }
    }
  }

  /** The catch-up is complete: own clocks the relay holds from before a crash are moved past, then sending starts (the conversation pumps). */
  async #onCaughtUp(seq: number): Promise<void> {
    this.#outgoing.moveOwnClocksPast(this.#authors.of(this.#me));
    if (seq > this.#meta.lastSeq) this.updateMeta((m) => ({ ...m, lastSeq: Math.max(m.lastSeq, seq) })).catch(toldByTheStore);
    this.membership.ensureMyEntry();
    this.#keyAlarms.check();
    this.#presence.announceSelf();
    this.#refresh();
    await this.#snapshots.maybeWrite();
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
    return this.#status.state();
  }

  onState(listener: (s: SyncState) => void): () => void {
    return this.#status.onState(listener);
  }

  onWarning(listener: (w: SyncWarning) => void): () => void {
    return this.#status.onWarning(listener);
  }

  /** Rebuilds the document from the device store. */
  async load(): Promise<void> {
    const target = { envelopes: this.#envelopes, docs: this.#docs, remote: REMOTE, authors: this.#authors, outbox: this.#outbox, now: this.#d.now };
    const replayed = await replayStore(this.#d.store, target, await this.#local.read());
    this.#snapshots.covers = replayed.snapshotCovers;
    // Every open may follow a crash that left own clocks on the relay only: checked at the next catch-up.
    this.#metaCell.set((m) => (m.uncheckedFrom === undefined ? { ...m, uncheckedFrom: m.nextClock } : m));
    // Changes held during a key split in an earlier session: back into the document, still waiting for a good key.
    for (const change of await this.#heldStore.read(this.#d.now())) {
      applyToChannel(this.#docs, change.channel, change.update, REMOTE);
      this.#outgoing.held.push(change);
    }
    // Not a store problem (a failing write): what is damaged was set aside in quarantine, nothing was lost since.
    if (replayed.damaged) this.#status.markProblem('damaged');
    if (!this.#access.isMember()) {
      this.#access.revoke();
      return;
    }
    this.#keyAlarms.check();
    this.#outgoing.fillLostClocks(replayed.lostPending);
    this.#outgoing.sealHeld();
    await this.#title.keep();
    this.#local.counted(replayed.checked);
    // Attribution for review: local changes only (remote ones are recorded by their author's device).
    const recorder = { memberId: this.membership.personId, now: this.#d.now };
    this.#stopRecording = [
      recordChanges(this.doc, recorder),
      recordChanges(this.contributions, { ...recorder, fragmentName: CONTRIBUTIONS_FRAGMENT }),
    ];
    this.#refresh();
  }

  /** Renames the plan for every member (owners and editors); others change only this device's list. */
  rename(title: string): Promise<void> {
    return this.#title.rename(title);
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

  /** Marks the plan as shared (it then lives on the relay too) and connects. */
  async share(): Promise<void> {
    if (!this.#meta.shared) await this.updateMeta((m) => ({ ...m, shared: true }));
    this.#title.giveToDoc();
    this.goOnline();
  }

  /** Resolves once subscribed and caught up; rejects after `timeoutMs`. */
  whenLive(timeoutMs: number): Promise<void> {
    return this.#relay.whenLive(timeoutMs, (l) => this.#status.events.on('shown', l));
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
    await this.#typing.flush();
    await this.#relay.idle();
    await this.#d.store.writes.written();
  }

  /** Own changes not yet acknowledged; a batch still being collected counts as one. */
  get waiting(): number {
    // An acknowledged change whose own write is not durable yet still waits: "synced" needs both.
    const unsaved = this.#d.store.writes.unsavedOwn > 0 && this.#outbox.size === 0 ? 1 : 0;
    return this.#outbox.size + this.#outgoing.held.length + this.#typing.count() + unsaved;
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
    const flushed = this.flush();
    try {
      await flushed;
    } catch {
      // A change that could not be saved is already in the state (save-failed); closing still
      // closes (the connection, the timers), or the session would hang on for good.
    }
    await this.#local.settle(flushed);
    this.#closed = true;
    this.#title.close();
    this.#stopChangeRecording();
    this.#presence.close();
    this.#relay.close();
    this.awareness.destroy();
    this.#d.store.writes.close();
    this.#d.onClosed?.();
  }

  /** Removed per the log (session-access.ts): keep everything here, stop presence, relay and change recording. */
  #stopForRevocation(): void {
    this.#status.markProblem('access-revoked');
    // For the home list only; the plan screen says so already. A failed write is tried again on the next open.
    if (!this.#meta.revoked) void this.updateMeta((m) => ({ ...m, revoked: true })).catch((err: unknown) => console.warn('revoked mark not kept', String(err)));
    this.#stopChangeRecording();
    this.#presence.close();
    this.#relay.close();
  }

  #stopChangeRecording(): void {
    for (const stop of this.#stopRecording.splice(0)) stop();
  }

  dismissWarnings(): void {
    this.#status.dismissWarnings();
  }

  #refresh(): void {
    this.#status.show({ shared: this.#meta.shared, connected: this.#relay.connected, catchingUp: this.#relay.phase !== 'live', waiting: this.waiting });
  }
}
