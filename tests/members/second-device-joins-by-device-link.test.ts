import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineSession } from '../../client/src/sync/plan-session.ts';
import { newClient, until } from '../sync/support/clients.ts';
import { startSyncRelay, type SyncRelay } from '../sync/support/sync-relay.ts';
import { TestNetwork } from '../sync/support/test-network.ts';
import { personIdOf, planWith, type Member } from './support/members-world.ts';

let relay: SyncRelay;
let net: TestNetwork;

beforeAll(async () => {
  relay = await startSyncRelay();
  net = new TestNetwork(relay.wsUrl);
});
afterAll(async () => {
  await relay.close();
});

const text = (s: EngineSession) => s.doc.getText('t').toString();

describe('a person links a second device', () => {
  it('joins by the device link as the same person with the same role; a lost one is removed on its own', async () => {
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

    // The same link does not make a third device: the keys in it are the tablet's.
    // Whoever holds the link holds the tablet's keys (documented): it never becomes a new member.
    const copy = await newClient(net, 'copy').lib.join(link, 'X');
    expect(copy.membership.me().deviceId).toBe(tablet.membership.me().deviceId);
    await copy.close();

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
