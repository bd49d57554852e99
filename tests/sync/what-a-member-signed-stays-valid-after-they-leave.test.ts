import { describe, expect, it } from 'vitest';
import { ready, toBase64Url } from '@safeplan/schema/crypto';
import { emptyPlanJSON } from '@safeplan/schema/plan';
import { createCaseClose, createOwnershipAccept, createOwnershipOffer, createRoleChange, validateLog } from '@safeplan/schema/protocol';
import { approvalStatus, endorseVersion, fixVersion, verifyVersion } from '@safeplan/schema/review';
import { handoverWorld } from '../../schema/src/protocol/membership/testing/handover-world.ts';
import { everyMemberDevice, memberDevicesUnderEpoch } from '../../client/src/sync/review-members.ts';

const s = await ready();
const T0 = Date.UTC(2026, 9, 14, 9, 0);

/**
 * Review judges signatures against every device that is or was a member, and a version's fixer
 * by the role they held in the epoch the version was sealed under: what the professional fixed as
 * owner, and what the youth protector endorsed, stay valid after both left when the case closed.
 */
describe('what a member signed while a member', () => {
  it('stays valid after they step back and the case closes; someone who never was an owner still cannot fix a version', () => {
    const w = handoverWorld(s, T0);
    const planId = toBase64Url(w.log.state.planId);
    const fix = (signer: typeof w.pro, versionNo: number) =>
      fixVersion(s, { planId, versionNo, title: 'Na het beraad', date: '2026-10-14', plan: emptyPlanJSON(), signer: signer.sign, now: w.log.tick() });
    const byPro = fix(w.pro, 1);
    const byYouthPro = endorseVersion(s, byPro, w.youthPro.sign, w.log.tick());
    const byParent = endorseVersion(s, byPro, w.parent.sign, w.log.tick());

    // The chair becomes co-owner, the professional steps back, the chair closes the case (epoch 0 → 1).
    w.log.add(createOwnershipOffer(s, w.log.state, { owner: w.pro, person: w.chair.sign.publicKey, now: w.log.tick() }));
    w.log.add(createOwnershipAccept(s, w.log.state, { device: w.chair, now: w.log.tick() }));
    w.log.add(createRoleChange(s, w.log.state, { owner: w.chair, person: w.pro.sign.publicKey, role: 'editor', now: w.log.tick() }));
    w.log.add(createCaseClose(s, w.log.state, { owner: w.chair, now: w.log.tick() }));
    const state = validateLog(s, w.log.events, w.log.tick());
    expect(state.members.has(toBase64Url(w.pro.sign.publicKey))).toBe(false);
    expect(state.members.has(toBase64Url(w.youthPro.sign.publicKey))).toBe(false);

    // Sealed in epoch 0, when the professional was owner: it stands, with who fixed it.
    const kept = verifyVersion(s, byPro, memberDevicesUnderEpoch(state, 0), { planId });
    expect(kept.ok).toBe(true);
    if (kept.ok) expect(kept.fixer).toMatchObject({ role: 'owner', kind: 'professional', function: 'casusregisseur', left: true });
    // The youth protector's endorsement still counts for a plan under youth protection.
    const approval = approvalStatus(s, byPro, [byYouthPro, byParent], everyMemberDevice(state), true);
    expect(approval.refused).toEqual([]);
    expect(approval.approved).toBe(true);
    expect(approval.endorsedBy.map((e) => e.kind)).toEqual(['professional', 'household']);

    // Sealed in epoch 1 (after she left) it would not: she held no role then.
    expect(verifyVersion(s, fix(w.pro, 2), memberDevicesUnderEpoch(state, 1), { planId })).toMatchObject({ ok: false, code: 'not-a-member' });
    // The parent was never an owner: her version is refused in any epoch.
    expect(verifyVersion(s, fix(w.parent, 3), memberDevicesUnderEpoch(state, 0), { planId })).toMatchObject({ ok: false, code: 'not-an-owner' });
    expect(verifyVersion(s, fix(w.parent, 3), memberDevicesUnderEpoch(state, 1), { planId })).toMatchObject({ ok: false, code: 'not-an-owner' });
  });
});
