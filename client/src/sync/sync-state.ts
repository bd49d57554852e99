import type { SyncState, SyncWarning } from './session.ts';

/** Holds the visible state and the warning stream of one session, and tells listeners of changes. */
export class StateHub {
  #state: SyncState;
  readonly #stateListeners = new Set<(s: SyncState) => void>();
  readonly #warningListeners = new Set<(w: SyncWarning) => void>();

  constructor(initial: SyncState) {
    this.#state = initial;
  }

  get(): SyncState {
    return this.#state;
  }

  set(next: SyncState): void {
    if (sameState(this.#state, next)) return;
    this.#state = next;
    for (const l of [...this.#stateListeners]) l(next);
  }

  onState(listener: (s: SyncState) => void): () => void {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }

  warn(w: SyncWarning): void {
    for (const l of [...this.#warningListeners]) l(w);
  }

  onWarning(listener: (w: SyncWarning) => void): () => void {
    this.#warningListeners.add(listener);
    return () => this.#warningListeners.delete(listener);
  }
}

function sameState(a: SyncState, b: SyncState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The state the user sees, from the facts the engine knows. A problem outranks everything else. */
export function deriveState(f: {
  shared: boolean;
  connected: boolean;
  /** Connected, but what others wrote meanwhile is still coming in. */
  catchingUp?: boolean;
  waiting: number;
  problem: string | null;
}): SyncState {
  if (f.problem) return { kind: 'problem', code: f.problem, waiting: f.waiting };
  if (!f.shared) return { kind: 'local' };
  if (!f.connected) return { kind: 'offline', waiting: f.waiting };
  return f.waiting > 0 || f.catchingUp ? { kind: 'syncing', waiting: f.waiting } : { kind: 'synced' };
}
