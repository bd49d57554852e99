export type SyncErrorCode =
  | 'unknown-plan'
  /** The device store could not read what the plan needs to open (its member log). */
  | 'store-read-failed'
  /** The device store refused a write: it is full (the browser's quota for this site). */
  | 'store-full'
  /** The device store refused a write for another reason. */
  | 'store-write-failed'
  /** This device holds no key for the plan's current epoch: it cannot seal or sign for it. */
  | 'no-epoch-key'
  | 'no-relay'
  | 'not-available'
  /** The relay could not be reached in time. */
  | 'offline'
  /** This device's role may not do this (only an owner invites, changes roles, removes, closes). */
  | 'not-allowed'
  /** The plan must always keep an owner: the last owner cannot step down or leave. */
  | 'last-owner'
  /** The shared membership rules refuse the change (detail says why, in the log's words). */
  | 'invalid-event'
  /**
   * The relay's bound on the member log is (nearly) reached: past three quarters of it only an
   * owner may add (to remove whoever filled it), at the bound nobody (docs/protocol.md).
   */
  | 'log-full'
  /** The link is not an invite link, or its invite is used, expired or unknown. */
  | 'invite-invalid'
  /** The relay refused the invite key (it does not know the invite, or does not support joining). */
  | 'invite-refused'
  /** This device already has the plan. */
  | 'already-member'
  /** This device was removed from the plan (or the case was closed for it). */
  | 'access-revoked'
  /** The relay creates plans only with a creation token, and this device has none (or a wrong one). */
  | 'token-required'
  /** The relay's limit of new plans for today is reached. */
  | 'quota-exceeded'
  /** The relay no longer speaks this app's version: only a reload with the new app helps. */
  | 'update-required'
  /**
   * The part of the app that opens a plan could not be loaded (no network before the app was kept
   * on this device): nothing is wrong with the stored plan; a reload with a network helps.
   */
  | 'app-part-missing';

export class SyncError extends Error {
  constructor(
    readonly code: SyncErrorCode,
    readonly detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
  }
}
