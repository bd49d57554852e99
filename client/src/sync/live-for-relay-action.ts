import { CreationRefusedError } from './quota-problems.ts';
import type { SyncState } from './session.ts';
import { SyncError } from './sync-error.ts';

/** What a one-off relay action (an invite) needs of the plan's session. */
export interface LiveSession {
  whenLive(timeoutMs: number): Promise<void>;
  state(): SyncState;
  onState(listener: (s: SyncState) => void): () => void;
}

const appOutdated = (s: SyncState): boolean => s.kind === 'problem' && s.code === 'update-required';

/**
 * Resolves when the session is live with the relay. Rejects at once when the relay refused this
 * app's version (`update-required`: the link has stopped, so waiting would only end in a timeout
 * that says "no connection") or refused to create the plan (its own code); after `timeoutMs` as
 * `offline`.
 */
export function liveForRelayAction(session: LiveSession, timeoutMs: number): Promise<void> {
  if (appOutdated(session.state())) return Promise.reject(new SyncError('update-required'));
  return new Promise<void>((resolve, reject) => {
    const off = session.onState((s) => {
      if (!appOutdated(s)) return;
      off();
      reject(new SyncError('update-required'));
    });
    session.whenLive(timeoutMs).then(
      () => {
        off();
        resolve();
      },
      (err: unknown) => {
        off();
        reject(err instanceof CreationRefusedError ? new SyncError(err.code) : new SyncError('offline'));
      },
    );
  });
}
