import type { DeviceKeys, NonceSource, Sodium } from '@safeplan/schema/crypto';
import { mayPublish, memberOf, type Channel } from '@safeplan/schema/protocol';
import type { Endorsement, PlanVersion, ReviewMembers, VersionHeader } from '@safeplan/schema/review';
import type { MemberLog } from './member-log.ts';
import type { PlanDocs } from './plan-docs.ts';
import { openUnderEpoch, SEAL_PURPOSES, sealedEpoch, sealUnderEpoch } from './epoch-sealing.ts';
import { everyMemberDevice, memberDevicesUnderEpoch } from './review-members.ts';
import type { PlanReview } from './session.ts';
import { SyncError } from './sync-error.ts';

export interface ReviewDeps {
  readonly s: Sodium;
  readonly device: DeviceKeys;
  readonly docs: PlanDocs;
  readonly log: MemberLog;
  readonly planId: string;
  readonly planIdBytes: Uint8Array;
  readonly nonces: NonceSource;
  now(): number;
  /** This device's standing (session-access.ts): a revoked device fixes and endorses nothing. */
  readonly access: { readonly revoked: boolean };
}

/**
 * `session.review`: fixing and endorsing versions with this device's signing key, which never
 * leaves the engine. Versions are sealed with the current epoch key (epoch-sealing.ts) and fix both
 * documents as one plan; a version goes into the plan document (owners only), an endorsement into the
 * contributions document (owners, editors and contributors; readers write nothing).
 */
export class SessionReview implements PlanReview {
  readonly #h: ReviewDeps;

  constructor(deps: ReviewDeps) {
    this.#h = deps;
  }

  open = (sealed: Uint8Array): Uint8Array => {
    const h = this.#h;
    return openUnderEpoch(h.s, SEAL_PURPOSES.reviewVersion, h.planIdBytes, (epoch) => h.log.keyFor(epoch), sealed);
  };

  // Arrow properties: the app may pass these on unbound.
  members = (): ReviewMembers => everyMemberDevice(this.#h.log.state);

  membersForVersion = (sealed: Uint8Array): ReviewMembers => {
    const epoch = sealedEpoch(sealed);
    // Unreadable bytes: the version fails to open anyway; judge it by every member then.
    return epoch === undefined ? this.members() : memberDevicesUnderEpoch(this.#h.log.state, epoch);
  };

  // Fixing and endorsing check the plan against its schema, which needs the editor's code: it is
  // loaded on first use, so the home screen (which runs this engine) does not load it.
  fixVersion = async (input: { title: string; date: string }): Promise<PlanVersion> => {
    const [{ fixVersionInDoc }, { isReviewError }] = await Promise.all([
      import('../review/versions-in-doc.ts'),
      import('@safeplan/schema/review'),
    ]);
    const h = this.#h;
    if (this.#writer('plan').role !== 'owner') throw new SyncError('not-allowed', 'only an owner fixes a version');
    const state = h.log.state;
    const key = h.log.keyFor(state.epoch);
    if (!key) throw new SyncError('no-epoch-key', 'no key for the current epoch');
    const seal = (plaintext: Uint8Array) => sealUnderEpoch(h.s, SEAL_PURPOSES.reviewVersion, h.planIdBytes, state.epoch, key, h.nonces, plaintext);
    try {
      return fixVersionInDoc(h.s, h.docs, { planId: h.planId, title: input.title, date: input.date, signer: h.device.sign, now: h.now() }, seal, this.open);
    } catch (err) {
      // ReviewError('malformed' | 'invalid-plan'): the app words it; nothing was written.
      if (isReviewError(err)) throw err;
      throw new SyncError('invalid-event', String(err));
    }
  };

  endorse = async (version: VersionHeader): Promise<Endorsement> => {
    const [{ storeEndorsement }, { endorseVersion }] = await Promise.all([
      import('../review/versions-in-doc.ts'),
      import('@safeplan/schema/review'),
    ]);
    const h = this.#h;
    this.#writer('contributions');
    if (version.planId !== h.planId) throw new SyncError('invalid-event', 'the version belongs to another plan');
    const endorsement = endorseVersion(h.s, version, h.device.sign, h.now());
    storeEndorsement(h.docs.contributions, endorsement);
    return endorsement;
  };

  /** This device as a member that may write `channel`, or the reason it may not. */
  #writer(channel: Channel) {
    const h = this.#h;
    if (h.access.revoked) throw new SyncError('access-revoked');
    const me = memberOf(h.log.state, h.device.sign.publicKey);
    if (!me) throw new SyncError('access-revoked');
    if (!mayPublish(me.role, channel)) throw new SyncError('not-allowed', `this role may not write the ${channel} document`);
    return me;
  }
}
