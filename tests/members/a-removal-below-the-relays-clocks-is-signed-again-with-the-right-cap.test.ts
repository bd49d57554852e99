import { describe, expect, it } from 'vitest';
import { ready, toBase64Url, type DeviceKeys } from '@safeplan/schema/crypto';
import { createRemoval, decodeEvent, type DeviceCap } from '@safeplan/schema/protocol';
import { RelayTestClient } from '../../server/src/testing/relay-test-client.ts';
import { until } from '../sync/support/clients.ts';
import { relayForThisFile } from '../sync/support/relay-for-this-file.ts';
import { personIdOf, planWith, recordFrames, type Member } from './support/members-world.ts';

const s = await ready();
const { relay, net } = relayForThisFile();
const frames = recordFrames(net);

const deviceOf = async (m: Member): Promise<DeviceKeys> => (await m.client.kv.get<DeviceKeys>('device/identity'))!;
const text = (m: Member) => m.session.doc.getText('t').toString();
const capsOf = (event: Uint8Array): DeviceCap[] => (decodeEvent(event).body as { caps?: DeviceCap[] }).caps ?? [];

describe('a removal whose cap is below what the relay stored is signed again with the right cap', () => {
  it('the relay refuses a removal capped below the clocks it holds for the device', async () => {
    const { owner: olga, members } = await planWith(net, { name: 'olga' }, [{ name: 'eddy', role: 'editor' }]);
    const [eddy] = members as [Member];
    eddy.session.doc.getText('t').insert(0, 'eddy');
    await until('olga has eddy’s edit', () => text(olga) === 'eddy');
    const eddyDevice = await deviceOf(eddy);
    const stored = olga.session.memberLog.state;
    const heldClock = eddy.session.meta.nextClock - 1;
    expect(heldClock).toBeGreaterThan(1);

    const raw = await RelayTestClient.authenticated(relay.wsUrl, s, await deviceOf(olga));
    const low = createRemoval(s, stored, { owner: await deviceOf(olga), subject: eddyDevice.sign.publicKey, scope: 'person', now: Date.now(), clockOf: () => 1 });
    raw.send({ type: 'member-event', planId: stored.planId, event: low.event });
    expect(await raw.next('error')).toMatchObject({ code: 'stale-head', detail: expect.stringContaining('cap-behind') });
    // With the cap the relay holds, the same removal stands.
    const right = createRemoval(s, stored, { owner: await deviceOf(olga), subject: eddyDevice.sign.publicKey, scope: 'person', now: Date.now(), clockOf: () => heldClock });
    raw.send({ type: 'member-event', planId: stored.planId, event: right.event });
    expect(await raw.next('log')).toMatchObject({ events: [right.event] });
    await raw.close();
    await until('olga has the removal', () => olga.session.memberLog.state.epoch === 1);
    await Promise.all([olga.session.close(), eddy.session.close()]);
  });

  it('an owner who had not yet seen the device’s last edits takes them in and removes it with the right cap', async () => {
    const { owner: olga, members } = await planWith(net, { name: 'oda' }, [{ name: 'evi', role: 'editor' }]);
    const [evi] = members as [Member];
    const eviId = toBase64Url((await deviceOf(evi)).sign.publicKey);
    evi.session.doc.getText('t').insert(0, 'a');
    await until('oda has evi’s first edit', () => text(olga) === 'a');

    // Oda's line goes quiet: what the relay sends her waits on the line, and so does what she sends.
    await net.silence('oda');
    evi.session.doc.getText('t').insert(1, 'b');
    await until('the relay stored evi’s later edit', () => evi.session.state().kind === 'synced' && evi.session.waiting === 0);
    const lastClock = evi.session.meta.nextClock - 1;
    const removal = olga.session.membership.removePerson(personIdOf(evi));
    await new Promise((r) => setTimeout(r, 50));
    net.heal('oda');
    await removal;

    // The first signature capped evi below what the relay held; the relay said so, and oda signed again.
    expect(frames.some((f) => f.client === 'oda' && f.frame.type === 'error' && f.frame.code === 'stale-head' && /cap-behind/.test(f.frame.detail ?? ''))).toBe(true);
    const event = olga.session.memberLog.events.at(-1)!;
    expect(capsOf(event).map((c) => [toBase64Url(c.device), c.clock])).toEqual([[eviId, lastClock]]);
    expect(text(olga)).toBe('ab');
    await Promise.all([olga.session.close(), evi.session.close()]);
  });
});
