import { describe, expect, it } from 'vitest';
import { generateEpochKey, ready, type DeviceKeys } from '@safeplan/schema/crypto';
import { createKeyRotation, keyId } from '@safeplan/schema/protocol';
import type { EngineSession } from '../../client/src/sync/plan-session.ts';
import { annaSharesAPlanWithBram, newClient, until } from '../sync/support/clients.ts';
import { relayForThisFile } from '../sync/support/relay-for-this-file.ts';
import { personIdOf, planWith, type Member } from './support/members-world.ts';

const { net } = relayForThisFile();

const text = (s: EngineSession) => s.doc.getText('t').toString();
const synced = (s: EngineSession) => s.state().kind === 'synced';

/**
 * Cara joins after the key rotated: she holds only the new epoch's key. She must still read what
 * was written under the old one, and every later change by an author who wrote under it too.
 */
async function caraJoinsAndReadsEverything(owner: EngineSession, ownerLib: ReturnType<typeof newClient>['lib'], writer: EngineSession): Promise<EngineSession> {
  const cara = newClient(net, `cara-${Math.random().toString(36).slice(2, 8)}`);
  const c = (await cara.lib.join(await ownerLib.createInvite(owner.planId), 'Cara')) as EngineSession;
  writer.doc.getText('t').insert(0, 'nieuw ');
  await until(
    'the joiner has the whole plan, old and new',
    () => text(c) === text(owner) && text(owner).startsWith('nieuw ') && synced(c),
    10_000,
    () => `joiner ${JSON.stringify(text(c))} (${c.state().kind}) owner ${JSON.stringify(text(owner))}`,
  );
  expect(c.memberLog.splits).toEqual([]);
  return c;
}

describe('a member who joins after a key rotation reads the whole plan (the backward key chain)', () => {
  it('after rotate-key: the new member reads the old text and later edits by authors of the old epoch', async () => {
    const { anna, mine, theirs } = await annaSharesAPlanWithBram(net);
    theirs.doc.getText('t').insert(0, 'bram-oud ');
    mine.doc.getText('t').insert(0, 'anna-oud ');
    await until('both have both', () => text(mine).length === 18 && text(theirs).length === 18);
    await mine.membership.rotateKey();
    await until('bram is in epoch 1', () => theirs.memberLog.state.epoch === 1);
    const c = await caraJoinsAndReadsEverything(mine, anna.lib, theirs);
    expect(text(c)).toContain('bram-oud');
    expect(text(c)).toContain('anna-oud');
    expect(c.memberLog.keyFor(0)).toBeDefined();
  });

  it('after a removal: the new member reads the removed member’s old text and the rest; the removed member gets nothing new', async () => {
    const { owner: anna, members } = await planWith(net, { name: 'Anna' }, [{ name: 'Bram' }, { name: 'Dirk' }]);
    const [bram, dirk] = members as [Member, Member];
    dirk.session.doc.getText('t').insert(0, 'dirk-oud ');
    bram.session.doc.getText('t').insert(0, 'bram-oud ');
    await until('all have both', () => [anna, bram, dirk].every((m) => text(m.session).length === 18));
    await anna.session.membership.removePerson(personIdOf(dirk));
    await until('dirk lost access', () => dirk.session.state().kind === 'problem' && bram.session.memberLog.state.epoch === 1);
    const c = await caraJoinsAndReadsEverything(anna.session, anna.client.lib, bram.session);
    expect(text(c)).toContain('dirk-oud');
    // Removed members gain nothing: Dirk never gets the new key, so nothing after his removal.
    expect(dirk.session.memberLog.keyFor(1)).toBeUndefined();
    expect(text(dirk.session)).not.toContain('nieuw');
  });

  it('after close-case: a new network member reads what the professional wrote before the case closed', async () => {
    const { owner: pro, members } = await planWith(net, { name: 'Petra', profile: { kind: 'professional', function: 'casusregisseur' } }, [
      { name: 'Chris', profile: { kind: 'network' } },
    ]);
    const [chair] = members as [Member];
    pro.session.doc.getText('t').insert(0, 'wie bel ik ');
    chair.session.doc.getText('t').insert(0, 'chris-oud ');
    await until('both have both', () => [pro, chair].every((m) => text(m.session).length === 21));
    await pro.session.membership.offerOwnership(personIdOf(chair));
    await until('the chair sees the offer', () => chair.session.membership.people().find((p) => p.personId === personIdOf(chair))?.offeredOwnership === true);
    await chair.session.membership.acceptOwnership();
    await until('the chair is owner', () => chair.session.membership.me().role === 'owner');
    await chair.session.membership.closeCase();
    await until('the professional has lost access', () => pro.session.state().kind === 'problem');
    const c = await caraJoinsAndReadsEverything(chair.session, chair.client.lib, chair.session);
    expect(text(c)).toContain('wie bel ik');
    expect(text(c)).toContain('chris-oud');
  });

  it('a second device linked after a rotation reads the whole plan too', async () => {
    const { mine, theirs } = await annaSharesAPlanWithBram(net);
    theirs.doc.getText('t').insert(0, 'bram-oud ');
    await until('anna has it', () => text(mine) === 'bram-oud ');
    await mine.membership.rotateKey();
    await until('bram is in epoch 1', () => theirs.memberLog.state.epoch === 1);
    const link = await theirs.membership.createDeviceLink();
    const tabletClient = newClient(net, 'bram-tablet');
    const tablet = (await tabletClient.lib.join(link, 'Bram (tablet)')) as EngineSession;
    mine.doc.getText('t').insert(0, 'anna-nieuw ');
    await until('the tablet has the whole plan', () => text(tablet) === 'anna-nieuw bram-oud ' && synced(tablet), 10_000, () => `${JSON.stringify(text(tablet))} ${tablet.state().kind}`);
  });

  it('a chained key that is not the one its epoch committed to raises the key-split alarm, and the device is not shown synced', async () => {
    const s = await ready();
    const { anna, mine, theirs } = await annaSharesAPlanWithBram(net);
    theirs.doc.getText('t').insert(0, 'bram-oud ');
    await until('anna has it', () => text(mine) === 'bram-oud ');
    await mine.membership.rotateKey();
    await until('bram is in epoch 1', () => theirs.memberLog.state.epoch === 1);
    theirs.doc.getText('t').insert(0, 'epoch-1 ');
    await until('anna has it', () => text(mine) === 'epoch-1 bram-oud ');
    // Anna's device, running altered code, chains a wrong key for epoch 1 into the next rotation.
    const owner = (await anna.kv.get<DeviceKeys>('device/identity'))!;
    const forged = createKeyRotation(s, mine.memberLog.state, { owner, now: Date.now(), previousKey: generateEpochKey(s) });
    await mine.appendMemberEvent(forged.event);
    await until('bram is in epoch 2', () => theirs.memberLog.state.epoch === 2);

    const cara = newClient(net, 'cara-forged');
    const c = (await cara.lib.join(await anna.lib.createInvite(mine.planId), 'Cara')) as EngineSession;
    await until('the joiner is not shown synced', () => c.state().kind === 'problem', 10_000, () => c.state().kind);
    expect(c.state()).toMatchObject({ kind: 'problem', code: 'history-unreadable' });
    expect(c.memberLog.splits).toEqual([expect.objectContaining({ epoch: 1, signer: keyId(owner.sign.publicKey) })]);
    expect(c.memberLog.keyFor(1)).toBeUndefined();
    expect(c.memberLog.keyFor(0)).toBeUndefined();
    expect(text(c)).toBe('');
  });

  it('a rotation written without the chain (an older client): the joiner is told part of the plan cannot be opened, never "synced"', async () => {
    const s = await ready();
    const { anna, mine, theirs } = await annaSharesAPlanWithBram(net);
    theirs.doc.getText('t').insert(0, 'bram-oud ');
    await until('anna has it', () => text(mine) === 'bram-oud ');
    const owner = (await anna.kv.get<DeviceKeys>('device/identity'))!;
    // No previousKey: the event is written as before the chain (version 3), as an older client does.
    await mine.appendMemberEvent(createKeyRotation(s, mine.memberLog.state, { owner, now: Date.now() }).event);
    await until('bram is in epoch 1', () => theirs.memberLog.state.epoch === 1);
    const cara = newClient(net, 'cara-old-log');
    const c = (await cara.lib.join(await anna.lib.createInvite(mine.planId), 'Cara')) as EngineSession;
    theirs.doc.getText('t').insert(0, 'bram-nieuw ');
    await until('anna has the new edit', () => text(mine) === 'bram-nieuw bram-oud ');
    await until('the joiner is not shown synced', () => c.state().kind === 'problem', 10_000, () => c.state().kind);
    expect(c.state()).toMatchObject({ kind: 'problem', code: 'history-unreadable' });
    expect(c.memberLog.splits).toEqual([]);
    expect(text(c)).toBe('');
    // Also after a reopen, when the relay sends nothing it refused before: still not "synced".
    await c.close();
    const reopened = (await cara.lib.open(mine.planId)) as EngineSession;
    expect(reopened.memberLog.unreadableEpochs).toEqual([0]);
    await until('the reopened device is not shown synced', () => reopened.state().kind === 'problem', 10_000, () => reopened.state().kind);
    expect(reopened.state()).toMatchObject({ kind: 'problem', code: 'history-unreadable' });
  });
});
