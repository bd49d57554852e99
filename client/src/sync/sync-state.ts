import type { SyncProblemCode, SyncState, SyncWarning, SyncWarningCode } from './session.ts';

/** More than this many distinct warnings: the oldest go (the state must stay small). */
const MAX_WARNINGS = 20;

/**
 * Holds the visible state and the warning stream of one session, and tells listeners of changes.
 * A warning is an event AND part of the state: until the person dismisses it (or the engine clears
 * it because the cause is gone), the state is 'attention', never 'synced' (issue 10: "Synced is
 * only shown when it is true"). Only a problem (the engine stopped something) outranks it.
 */
export class StateHub {
  /** What the engine's facts say, before warnings are taken into account. */
  #base: SyncState;
  #state: SyncState;
  #warnings: SyncWarning[] = [];
  readonly #stateListeners = new Set<(s: SyncState) => void>();
  readonly #warningListeners = new Set<(w: SyncWarning) => void>();

  constructor(initial: SyncState) {
    this.#base = initial;
    this.#state = initial;
  }

  get(): SyncState {
    return this.#state;
  }

  /** The engine's state from its facts; shown as 'attention' while warnings stand. */
  set(next: SyncState): void {
    this.#base = next;
    this.#publish();
  }

  onState(listener: (s: SyncState) => void): () => void {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }

  warn(w: SyncWarning): void {
    // One entry per code and person concerned: a flood of the same refusal is one line to read.
    const key = warningKey(w);
    this.#warnings = [...this.#warnings.filter((x) => warningKey(x) !== key), w].slice(-MAX_WARNINGS);
    for (const l of [...this.#warningListeners]) l(w);
    this.#publish();
  }

  /** The cause of these warnings is gone (e.g. the relay's sequence numbers make sense again). */
  clear(code: SyncWarningCode): void {
    const before = this.#warnings.length;
    this.#warnings = this.#warnings.filter((w) => w.code !== code);
    if (this.#warnings.length !== before) this.#publish();
  }

  dismiss(): void {
    this.#warnings = [];
    this.#publish();
  }

  warnings(): readonly SyncWarning[] {
    return this.#warnings;
  }

  onWarning(listener: (w: SyncWarning) => void): () => void {
    this.#warningListeners.add(listener);
    return () => this.#warningListeners.delete(listener);
  }

  #publish(): void {
    const next = withWarnings(this.#base, this.#warnings);
    if (sameState(this.#state, next)) return;
    this.#state = next;
    for (const l of [...this.#stateListeners]) l(next);
  }
}

function warningKey(w: SyncWarning): string {
  return `${w.code}|${w.concerns?.personId ?? w.concerns?.devicePub ?? ''}|${w.concerns?.eventHash ?? ''}`;
}

function withWarnings(base: SyncState, warnings: readonly SyncWarning[]): SyncState {
  if (warnings.length === 0 || base.kind === 'problem' || base.kind === 'attention') return base;
  const waiting = 'waiting' in base ? base.waiting : 0;
  return { kind: 'attention', warnings: [...warnings], waiting, connected: base.kind === 'synced' || base.kind === 'syncing' };
}

/**
 * Asked on every refresh (each keystroke, delivery and ack): the flat kinds are compared field by
 * field; only 'attention', which carries its warnings, is compared as text.
 */
function sameState(a: SyncState, b: SyncState): boolean {
  if (a === b) return true;
  switch (a.kind) {
    case 'local':
    case 'synced':
      return b.kind === a.kind;
    case 'syncing':
    case 'offline':
      return b.kind === a.kind && b.waiting === a.waiting;
    case 'problem':
      return b.kind === 'problem' && b.code === a.code && b.waiting === a.waiting;
    case 'attention':
      return b.kind === 'attention' && JSON.stringify(a) === JSON.stringify(b);
    default: {
      const unknown: never = a;
      throw new Error(`unknown sync state ${String(unknown)}`);
    }
  }
}

/** The state the user sees, from the facts the engine knows. A problem outranks everything else. */
export function deriveState(f: {
  shared: boolean;
  connected: boolean;
  /** Connected, but what others wrote meanwhile is still coming in. */
  catchingUp?: boolean;
  waiting: number;
  problem: SyncProblemCode | null;
}): SyncState {
  if (f.problem) return { kind: 'problem', code: f.problem, waiting: f.waiting };
  if (!f.shared) return { kind: 'local' };
  if (!f.connected) return { kind: 'offline', waiting: f.waiting };
  return f.waiting > 0 || f.catchingUp ? { kind: 'syncing', waiting: f.waiting } : { kind: 'synced' };
}
