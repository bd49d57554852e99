import { describe, expect, it } from 'vitest';
import { until } from '../sync/support/clients.ts';
import { relayForThisFile } from '../sync/support/relay-for-this-file.ts';
import { personIdOf, planWith, type Member } from './support/members-world.ts';

const { net } = relayForThisFile();

const text = (m: Member) => m.session.doc.getText('t').toString();
const roleOf = (seen: Member, of: Member) => seen.session.membership.people().find((p) => p.personId === personIdOf(of))?.role;

describe('the hand-over of the plan to the network chair, through the engine and a real relay', () => {
  it('offer, accept, step back to editor, close the case: the professional loses access, chair and parent keep editing', async () => {
    const { owner: pro, members } = await planWith(net, { name: 'Petra', profile: { kind: 'professional', function: 'casusregisseur' } }, [
      { name: 'Chris', profile: { kind: 'network' } },
      { name: 'Mila', profile: { kind: 'household' } },
    ]);
    const [chair, parent] = members as [Member, Member];
    pro.session.doc.getText('t').insert(0, 'wie bel ik');
    await until('everyone has the plan and every name', () =>
      [chair, parent].every((m) => text(m) === 'wie bel ik') &&
      [pro, chair, parent].every((m) => m.session.membership.people().every((p) => p.displayName !== '')),
    );

    // (2) co-owner: offer, then accept.
    await pro.session.membership.offerOwnership(personIdOf(chair));
    await until('the chair sees the offer', () => chair.session.membership.people().find((p) => p.personId === personIdOf(chair))?.offeredOwnership === true);
    await chair.session.membership.acceptOwnership();
    await until('the professional sees the chair as owner', () => roleOf(pro, chair) === 'owner');
    // (3) the chair leads; the professional steps back to editor.
    await chair.session.membership.setRole(personIdOf(pro), 'editor');
    await until('the professional is an editor', () => pro.session.membership.me().role === 'editor');
    // A professional cannot close the case, in words the app can use.
    await expect(pro.session.membership.closeCase()).rejects.toMatchObject({ code: 'not-allowed' });
    // (4) the chair closes the case.
    await chair.session.membership.closeCase();

    await until('the professional has lost access', () => pro.session.state().kind === 'problem');
    expect(pro.session.state()).toMatchObject({ kind: 'problem', code: 'access-revoked' });
    expect(chair.session.membership.closed()).toBe(true);
    expect(chair.session.membership.people().map((p) => p.displayName).sort()).toEqual(['Chris', 'Mila']);

    chair.session.doc.getText('t').insert(0, 'Chris: ');
    parent.session.doc.getText('t').insert(text(parent).length, ' (Mila)');
    const expected = 'Chris: wie bel ik (Mila)';
    await until('chair and parent keep editing and syncing under the new key', () =>
      text(chair) === expected && text(parent) === expected &&
      [chair, parent].every((m) => m.session.state().kind === 'synced' && m.session.memberLog.state.epoch === 1),
    );
    expect(text(pro)).toBe('wie bel ik');

    // Every step is on the timeline, with who did it, in the log's order, on every remaining device.
    const timeline = parent.session.membership.timeline();
    const steps = timeline.slice(-4).map((e) => ({ type: e.type, actor: e.actor.displayName, subject: e.subject?.displayName, role: e.role, removed: e.removed?.map((r) => r.displayName) }));
    expect(steps).toEqual([
      { type: 'offer-ownership', actor: 'Petra', subject: 'Chris', role: undefined, removed: undefined },
      { type: 'accept-ownership', actor: 'Chris', subject: 'Chris', role: 'owner', removed: undefined },
      { type: 'set-role', actor: 'Chris', subject: 'Petra', role: 'editor', removed: undefined },
      { type: 'close-case', actor: 'Chris', subject: undefined, role: undefined, removed: ['Petra'] },
    ]);
    expect(timeline[0]).toMatchObject({ type: 'create', actor: { displayName: 'Petra' } });
    expect(JSON.stringify(chair.session.membership.timeline())).toBe(JSON.stringify(timeline));
    await Promise.all([pro, chair, parent].map((m) => m.session.close()));
  });

  it('shows the owner and the joiner the same verification code for the joined device', async () => {
    const { owner, members } = await planWith(net, { name: 'Ilse' }, [{ name: 'Joost' }]);
    const [joiner] = members as [Member];
    const mine = joiner.session.membership.me();
    expect(mine.verificationCode).toMatch(/^\d{3} \d{3}$/);
    const seenByOwner = owner.session.membership.people().find((p) => p.personId === mine.personId)!;
    expect(seenByOwner.devices).toEqual([{ deviceId: mine.deviceId, since: expect.any(Number), thisDevice: false, verificationCode: mine.verificationCode }]);
    expect(owner.session.membership.me().verificationCode).toBeUndefined();
    await Promise.all([owner.session.close(), joiner.session.close()]);
  });
});
