import { describe, expect, it } from 'vitest';
import { generateDeviceKeys, ready } from '@safeplan/schema/crypto';
import { appendEvent, keyId } from '@safeplan/schema/protocol';
import { deriveLinkedDevice } from '../../client/src/sync/device-link.ts';
import { parseInviteLink } from '../../client/src/sync/invite-link.ts';
import { forgeEvent, refusal } from '../../schema/src/protocol/membership/testing/handover-world.ts';
import type { EngineSession } from '../../client/src/sync/plan-session.ts';
import { newClient, until } from '../sync/support/clients.ts';
import { relayForThisFile } from '../sync/support/relay-for-this-file.ts';
import { personIdOf, planWith, type Member } from './support/members-world.ts';

const { net } = relayForThisFile();

const text = (s: EngineSession) => s.doc.getText('t').toString();

describe('a person links a second device', () => {
  it('joins by the device link with its own keys as the same person and role; the used link is worthless; a lost one is removed on its own', async () => {
    const { owner: anna, members } = await planWith(net, { name: 'Anna' }, [{ name: 'Bram', role: 'editor' }]);
    const [bram] = members as [Member];
    const link = await bram.session.membership.createDeviceLink();
    expect(link).toMatch(/^https:\/\/safeplan\.test\/#\/join\/[A-Za-z0-9_-]+#device=[A-Za-z0-9_-]+$/);

    const tabletClient = newClient(net, 'bram-tablet');
    const tablet = (await tabletClient.lib.join(link, 'Bram (tablet)')) as EngineSession;
    await until('the tablet is synced', () => tablet.state().kind === 'synced');
    expect(tablet.membership.me()).toMatchObject({ personId: personIdOf(bram), role: 'editor' });
    // The person keeps the name they gave first: the tablet does not overwrite it.
    await until('anna sees two devices of one Bram', () => anna.session.membership.people().find((p) => p.personId === personIdOf(bram))?.devices.length === 2);
    expect(anna.session.membership.people().map((p) => p.displayName).sort()).toEqual(['Anna', 'Bram']);

    tablet.doc.getText('t').insert(0, 'van de tablet');
    await until('anna has the tablet’s edit', () => text(anna.session) === 'van de tablet');

    // A used link is worthless: its keys were retired by the tablet, which joined with its own.
    const s = await ready();
    const linked = deriveLinkedDevice(s, parseInviteLink(link).secret);
    const linkKeyId = keyId(linked.sign.publicKey);
    expect(tablet.membership.me().deviceId).toBe(await tabletClient.lib.deviceId());
    expect(tablet.membership.me().deviceId).not.toBe(linkKeyId);
    expect(tablet.memberLog.state.removed.has(linkKeyId)).toBe(true);
    const copyClient = newClient(net, 'copy');
    await expect(copyClient.lib.join(link, 'X')).rejects.toMatchObject({ code: 'invite-invalid' });
    expect(await copyClient.lib.list()).toEqual([]);
    // The link's key can sign nothing afterwards, by the shared rules the relay applies too.
    const state = anna.session.memberLog.state;
    const other = generateDeviceKeys(s);
    const relink = forgeEvent(s, linked.sign, state, {
      type: 'link-device',
      person: state.members.get(tablet.membership.me().deviceId)!.personId,
      deviceKey: other.sign.publicKey,
      boxKey: other.box.publicKey,
      sealedEpochKey: new Uint8Array(80),
    }, { timestamp: Date.now() });
    expect(refusal(() => appendEvent(s, state, relink, Date.now()))).toBe('invalid-event: this device was removed and may sign nothing');
    expect(anna.session.membership.people().find((p) => p.personId === personIdOf(bram))?.devices.map((d) => d.deviceId)).not.toContain(linkKeyId);

    // The tablet is lost: an owner removes that device only.
    await anna.session.membership.removeDevice(tablet.membership.me().deviceId);
    await until('the tablet lost access', () => tablet.state().kind === 'problem');
    expect(tablet.state()).toMatchObject({ code: 'access-revoked' });
    bram.session.doc.getText('t').insert(0, '+');
    await until('bram’s phone goes on', () => text(anna.session) === '+van de tablet' && bram.session.state().kind === 'synced');
    expect(bram.session.membership.me().role).toBe('editor');
    await Promise.all([anna.session.close(), bram.session.close(), tablet.close()]);
  });
});
