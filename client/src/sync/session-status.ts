import { toBase64Url } from '@safeplan/schema/crypto';
import type { MemberLog } from './member-log.ts';
import { CREATION_PROBLEMS } from './quota-problems.ts';
import { isVersionProblem, type VersionProblem } from './relay-conversation.ts';
import type { SyncProblemCode, SyncState, SyncWarning, SyncWarningCode } from './session.ts';
import { deriveState, StateHub } from './sync-state.ts';
import { TypedEvents } from './typed-events.ts';
import type { StoreWriteCode, WriteStatus } from './write-behind.ts';

/** The facts of the session the visible state is derived from (sync-state.ts deriveState). */
export interface StatusFacts {
  shared: boolean;
  connected: boolean;
  catchingUp: boolean;
  waiting: number;
}

export interface StatusEvents extends Record<string, unknown> {
  /** The problem changed: the session shows its state again (with the facts only it knows). */
  changed: undefined;
  /** The state was derived again (whenLive and other waiters look again). */
  shown: undefined;
}

/**
 * What the person sees of one session: its problem, the device store's own trouble, and the
 * warnings (sync-state.ts StateHub). The rules which problem may replace which live here, in one
 * place; the session only reports what happened and shows the state with its facts.
 */
export class SessionStatus {
  readonly events = new TypedEvents<StatusEvents>();
  readonly #hub = new StateHub({ kind: 'local' });
  #problem: SyncProblemCode | null = null;
  /** The device store's own trouble (writes kept and retried), shown over #problem until it heals. */
  #storeProblem: StoreWriteCode | null = null;
  /** What the state was last derived from (show). */
  #shown: (StatusFacts & { problem: SyncProblemCode | null }) | null = null;

  /** `now`: the session's clock, for when a warning was raised. */
  constructor(private readonly now: () => number) {}

  get problem(): SyncProblemCode | null {
    return this.#problem;
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

  dismissWarnings(): void {
    this.#hub.dismiss();
  }

  /**
   * Derives the visible state from the session's facts and this status. Asked about seven times
   * per keystroke over its four devices, and the facts rarely change between two of them: the
   * state is derived again only when a fact or the problem did (the state is a function of them
   * alone; warnings change it through the hub themselves). 'shown' is told every time.
   */
  show(facts: StatusFacts): void {
    const problem = this.#problem === 'access-revoked' ? this.#problem : (this.#storeProblem ?? this.#problem);
    const last = this.#shown;
    if (last === null || last.problem !== problem || last.shared !== facts.shared || last.connected !== facts.connected || last.catchingUp !== facts.catchingUp || last.waiting !== facts.waiting) {
      // Field by field: an object spread costs about a microsecond in Node 20.
      const next = { shared: facts.shared, connected: facts.connected, catchingUp: facts.catchingUp, waiting: facts.waiting, problem };
      this.#shown = next;
      this.#hub.set(deriveState(next));
    }
    this.events.tell('shown', undefined);
  }

  warn(code: SyncWarningCode, concerns?: SyncWarning['concerns']): void {
    this.#hub.warn({ code, at: this.now(), ...(concerns ? { concerns } : {}) });
  }

  setProblem(code: SyncProblemCode | null): void {
    this.#problem = code;
    this.events.tell('changed', undefined);
  }

  /**
   * Set without showing it yet: at load (damaged records set aside) and when the log removed this
   * device (the revocation shows the state when it is done).
   */
  markProblem(code: 'damaged' | 'access-revoked'): void {
    this.#problem = code;
  }

  /** The device store failed a write (kept and retried by the store) or takes writes again. */
  storeStatus(status: WriteStatus): void {
    // Its own field: a store that heals clears only its own problem, never one it covered up
    // (history-unreadable, key-split, ...), so "synced" cannot follow a short store hiccup.
    this.#storeProblem = status.ok ? null : status.code;
    this.events.tell('changed', undefined); // an own write became durable: waiting may have changed
  }

  /** Sealing was refused for want of a role or a key; a split key stays the problem shown (writing on needs an owner to rotate again). */
  sealRefused(code: 'read-only' | 'no-epoch-key'): void {
    if (this.#problem !== 'key-split') this.setProblem(code);
  }

  /** What the key alarms say (key-alarms.ts); null: mended, so their problem and warnings leave the state. */
  keyProblem(code: 'key-split' | 'history-unreadable' | null): void {
    // Below every other problem: part of the plan cannot be opened here.
    if (code === 'history-unreadable') {
      if (this.#problem === null || this.#problem === 'key-split') this.setProblem(code);
    } else if (code) this.setProblem(code);
    else if (this.#problem === 'key-split' || this.#problem === 'history-unreadable') {
      // Mended (an owner rotated again, or the missing keys arrived): the alarm leaves the state with it.
      this.#hub.clear('key-split');
      this.#hub.clear('history-unreadable');
      this.setProblem(null);
    }
  }

  /**
   * An envelope under an epoch whose key this device does not hold (a rotation written before the
   * key chain, or a chain that failed its check): part of the plan cannot be read here, and every
   * later change by its author waits behind it. Never "synced": the problem stays until a key
   * arrives (the relay delivers it again on every subscribe, as it was not kept).
   */
  historyUnreadable(concerns: SyncWarning['concerns']): void {
    if (this.#problem !== 'history-unreadable') this.warn('history-unreadable', concerns);
    if (this.#problem === null) this.setProblem('history-unreadable');
  }

  /** Above no-problem and another version problem only: a revoked or damaged plan says that first. */
  versionProblem(problem: VersionProblem | null): void {
    if (problem === null ? isVersionProblem(this.#problem) : this.#problem === null || isVersionProblem(this.#problem)) this.setProblem(problem);
  }

  /** The plan's log exists on the relay now: a refusal to create it no longer holds. */
  created(): void {
    if (this.#problem !== null && (CREATION_PROBLEMS as readonly SyncProblemCode[]).includes(this.#problem)) this.setProblem(null);
  }
}

/** Names the device (and its person, per the log) a warning is about. */
export function concerning(log: MemberLog, author: Uint8Array | undefined): SyncWarning['concerns'] {
  if (!author) return undefined;
  const id = toBase64Url(author);
  const state = log.state;
  const device = state.members.get(id) ?? state.removed.get(id);
  return { devicePub: id, ...(device ? { personId: toBase64Url(device.personId) } : {}) };
}
