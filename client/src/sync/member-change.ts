import { isProtocolError, type MembershipState } from '@safeplan/schema/protocol';
import { MemberEventError } from './member-event-waiters.ts';
import { SyncError } from './sync-error.ts';

/** How often a change is rebuilt on a new head before giving up: others rarely race more than once. */
export const MAX_STALE_HEAD_RETRIES = 4;

/** What submitting a member event needs from the session. */
export interface ChangeHost {
  state(): MembershipState;
  /** Resolves when connected and caught up; rejects after `timeoutMs`. */
  whenLive(timeoutMs: number): Promise<void>;
  /** Sends the event; resolves when the relay's log holds it, rejects with MemberEventError. */
  append(event: Uint8Array, timeoutMs: number): Promise<void>;
  /** Resolves once every frame already received is handled (so the log is as new as we can know). */
  idle(): Promise<void>;
  /** Whether our copy of the log holds the event (an error meant for another event may fail ours). */
  contains(event: Uint8Array): boolean;
}

/**
 * A refusal by the shared rules, in codes the app can word. The reasons are the log's own
 * (docs/protocol.md "Rules"); the detail keeps the exact reason for the curious.
 */
export function refusalOf(err: unknown): SyncError {
  if (err instanceof SyncError) return err;
  if (!isProtocolError(err)) return new SyncError('invalid-event', String(err));
  const reason = err.detail;
  if (/last owner/.test(reason)) return new SyncError('last-owner', reason);
  if (/^only |cannot close the case|is not a member|may sign nothing/.test(reason)) return new SyncError('not-allowed', reason);
  return new SyncError('invalid-event', reason);
}

/**
 * Builds a member event on the current head, sends it, and waits until the relay's log holds it.
 * When someone else got in first (`stale-head`) the new log is already here: build again on its
 * head, where the shared rules may now refuse the change for a real reason (say the person was
 * removed meanwhile), which is then the answer.
 */
export async function submitMemberChange<T extends { event: Uint8Array }>(
  host: ChangeHost,
  build: (state: MembershipState) => T,
  timeoutMs: number,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      await host.whenLive(timeoutMs);
    } catch {
      throw new SyncError('offline', 'the relay could not be reached');
    }
    let built: T;
    try {
      built = build(host.state());
    } catch (err) {
      throw refusalOf(err);
    }
    try {
      await host.append(built.event, timeoutMs);
      return built;
    } catch (err) {
      const code = err instanceof MemberEventError ? err.code : 'offline';
      if (err instanceof MemberEventError && err.logFull) throw new SyncError('log-full', err.detail);
      if (code === 'stale-head' && attempt < MAX_STALE_HEAD_RETRIES) {
        await host.idle();
        if (host.contains(built.event)) return built;
        continue;
      }
      if (code === 'stale-head') throw new SyncError('offline', 'the plan kept changing; try again');
      if (code === 'invalid-event') throw new SyncError('invalid-event', 'the relay refused the change');
      throw new SyncError('offline', code);
    }
  }
}
