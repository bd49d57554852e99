import { describe, expect, it } from 'vitest';
import type { DeviceKeys } from '@safeplan/schema/crypto';
import { memberOf } from '@safeplan/schema/protocol';
import type { EngineSession } from '../../client/src/sync/plan-session.ts';
import { parseInviteLink } from '../../client/src/sync/invite-link.ts';
import { describeState, isSynced, newClient, until } from './support/clients.ts';
import { relayForThisFile } from './support/relay-for-this-file.ts';

const { net } = relayForThisFile();

describe('an owner invites and a second device joins through the relay', () => {
  it('shares the plan, then both edit and see each other, with presence', async () => {
    const anna = newClient(net, 'anna');
    const bram = newClient(net, 'bram');
    const mine = (await anna.lib.create({ title: 'Plan voor Sam', displayName: 'Anna' })) as EngineSession;
    mine.doc.getText('t').insert(0, 'Sam slaapt bij oma.');
    expect(mine.state()).toEqual({ kind: 'local' });

    const url = await anna.lib.createInvite(mine.planId);
    const parsed = parseInviteLink(url);
    expect(url.startsWith(`https://safeplan.test/#/join/${mine.planId}#invite=`)).toBe(true);
    expect(parsed.planId).toBe(mine.planId);
    await until('owner synced', () => isSynced(mine), 5000, () => describeState(mine.state()));

    const theirs = (await bram.lib.join(url, 'Bram')) as EngineSession;
    expect(theirs.planId).toBe(mine.planId);
    await until('joiner has the text', () => theirs.doc.getText('t').toString() === 'Sam slaapt bij oma.');
    await until('joiner synced', () => isSynced(theirs), 5000, () => describeState(theirs.state()));

    theirs.doc.getText('t').insert(0, 'Bram belt elke dag. ');
    await until('owner sees the joiner', () => mine.doc.getText('t').toString() === 'Bram belt elke dag. Sam slaapt bij oma.');

    theirs.awareness.setLocalStateField('user', { name: 'Bram', color: '#0a7' });
    await until('owner sees Bram present', () =>
      [...mine.awareness.getStates().values()].some((s) => (s as { user?: { name?: string } }).user?.name === 'Bram'),
    );

    // The same invite cannot be used twice.
    const carla = newClient(net, 'carla');
    await expect(carla.lib.join(url, 'Carla')).rejects.toMatchObject({ code: expect.stringMatching(/invite-(invalid|refused)/) });

    expect(await bram.lib.list()).toEqual([expect.objectContaining({ planId: mine.planId, shared: true })]);
    await theirs.close();
    await mine.close();
  });

  it('gives the invitee the profile the owner chose, and refuses a profile an invite cannot carry', async () => {
    const eva = newClient(net, 'eva');
    const fien = newClient(net, 'fien');
    const plan = (await eva.lib.create({ title: 'p', displayName: 'Eva' })) as EngineSession;
    const url = await eva.lib.createInvite(plan.planId, { profile: { kind: 'professional', function: 'casusregisseur' } });
    const joined = (await fien.lib.join(url, 'Fien')) as EngineSession;
    const me = memberOf(joined.memberLog.state, (await fien.kv.get<DeviceKeys>('device/identity'))!.sign.publicKey);
    expect(me).toMatchObject({ role: 'editor', kind: 'professional', function: 'casusregisseur' });
    const before = plan.memberLog.events.length;
    await expect(eva.lib.createInvite(plan.planId, { profile: { kind: 'professional' } })).rejects.toMatchObject({ code: 'not-allowed' });
    expect(plan.memberLog.events.length).toBe(before);
    await Promise.all([plan.close(), joined.close()]);
  });

  it('names each invite by its own link, also when two owners invite at the same moment', async () => {
    const gijs = newClient(net, 'gijs');
    const plan = (await gijs.lib.create({ title: 'p', displayName: 'Gijs' })) as EngineSession;
    const [reader, editor] = await Promise.all([gijs.lib.createInvite(plan.planId, { role: 'reader' }), gijs.lib.createInvite(plan.planId, { role: 'editor' })]);
    const ids = await Promise.all([reader, editor].map((link) => gijs.lib.inviteIdOf(link)));
    expect(new Set(ids).size).toBe(2);
    expect(ids.map((id) => plan.membership.pendingInvites().find((i) => i.inviteId === id)?.role)).toEqual(['reader', 'editor']);
    await expect(gijs.lib.inviteIdOf('https://safeplan.test/#/plan/abc')).rejects.toMatchObject({ code: 'invite-invalid' });
    await plan.close();
  });

  it('refuses a link that is not an invite and leaves the device store as it was', async () => {
    const dirk = newClient(net, 'dirk');
    await expect(dirk.lib.join('https://safeplan.test/#/plan/abc', 'Dirk')).rejects.toMatchObject({ code: 'invite-invalid' });
    expect(await dirk.lib.list()).toEqual([]);
  });
});
