import { describe, expect, it } from 'vitest';
import { ready, type DeviceKeys } from '@safeplan/schema/crypto';
import { openEnvelope, verifyEnvelope } from '@safeplan/schema/protocol';
import { RelayTestClient, sealTestEnvelope } from '../../server/src/testing/relay-test-client.ts';
import { createPlanLibrary } from '../../client/src/sync/index.ts';
import { until } from '../sync/support/clients.ts';
import { relayForThisFile } from '../sync/support/relay-for-this-file.ts';
import { personIdOf, planWith, recordFrames, type Member } from './support/members-world.ts';

const s = await ready();
const { relay, net } = relayForThisFile();
const frames = recordFrames(net);

const text = (m: Member) => m.session.doc.getText('t').toString();
const deviceOf = async (m: Member) => (await m.client.kv.get<DeviceKeys>('device/identity'))!;

describe('a removed device, through the engine and the relay', () => {
  it('sees access-revoked, is refused by the relay, and never receives or decrypts what is written after', async () => {
    const { owner: anna, members } = await planWith(net, { name: 'anna' }, [{ name: 'bram' }, { name: 'carla' }]);
    const [bram, carla] = members as [Member, Member];
    anna.session.doc.getText('t').insert(0, 'voor ');
    await until('everyone has the first words', () => [bram, carla].every((m) => text(m) === 'voor '));
    const carlaDevice = await deviceOf(carla);
    const carlaClock = carla.session.meta.nextClock;

    await anna.session.membership.removePerson(personIdOf(carla));
    await until('carla sees that she lost access', () => carla.session.state().kind === 'problem');
    expect(carla.session.state()).toMatchObject({ kind: 'problem', code: 'access-revoked' });
    expect(carla.session.membership.me().role).toBeNull();
    const removedAt = frames.length;

    anna.session.doc.getText('t').insert(5, 'na');
    await until('bram gets what anna wrote after', () => text(bram) === 'voor na' && anna.session.state().kind === 'synced');
    bram.session.doc.getText('t').insert(0, '+');
    await until('anna gets what bram wrote after', () => text(anna) === '+voor na');

    // Nothing reached carla after her removal, and what she kept is still there.
    const after = frames.slice(removedAt);
    expect(after.filter((f) => f.client === 'carla')).toEqual([]);
    expect(text(carla)).toBe('voor ');

    // Even the envelopes themselves do not open with any key carla has.
    const laterEnvelopes = after.filter((f) => f.client === 'bram' && f.frame.type === 'deliver').map((f) => (f.frame as { envelope: Uint8Array }).envelope);
    expect(laterEnvelopes.length).toBeGreaterThan(0);
    for (const bytes of laterEnvelopes) {
      const env = verifyEnvelope(s, bytes);
      expect(env.header.epoch).toBe(1);
      expect(carla.session.memberLog.keyFor(1)).toBeUndefined();
      expect(() => openEnvelope(s, env, carla.session.memberLog.keyFor(0)!)).toThrow(/tampered/);
    }

    // The relay refuses her writes under the old epoch and will not let her subscribe again.
    const raw = await RelayTestClient.authenticated(relay.wsUrl, s, carlaDevice);
    const plan = { planId: carla.session.memberLog.state.planId, epochKey: carla.session.memberLog.keyFor(0)!, genesis: new Uint8Array(), state: carla.session.memberLog.state };
    raw.send({ type: 'publish', envelope: sealTestEnvelope(s, plan, carlaDevice, { clock: carlaClock, epoch: 0 }) });
    expect(await raw.next('error')).toMatchObject({ code: 'not-a-member' });
    raw.send({ type: 'subscribe', planId: plan.planId, afterSeq: 0 });
    expect(await raw.next('error')).toMatchObject({ code: 'not-a-member' });
    await raw.close();

    // Her device keeps what it had, also after a restart of the app, and stays locked out.
    await carla.session.close();
    const reopened = await createPlanLibrary({ kv: carla.client.kv }).open(carla.session.planId);
    expect(reopened.state()).toMatchObject({ kind: 'problem', code: 'access-revoked' });
    expect(reopened.doc.getText('t').toString()).toBe('voor ');
    await expect(reopened.membership.setRole(personIdOf(bram), 'reader')).rejects.toMatchObject({ code: 'access-revoked' });
    await Promise.all([anna.session.close(), bram.session.close(), reopened.close()]);
  });

  it('the relay refuses an old-epoch write from a device that is still a member, and the engine re-seals it', async () => {
    const { owner: anna, members } = await planWith(net, { name: 'erik' }, [{ name: 'fenna' }, { name: 'gijs' }]);
    const [fenna, gijs] = members as [Member, Member];
    const fennaDevice = await deviceOf(fenna);
    await anna.session.membership.removePerson(personIdOf(gijs));
    await until('fenna is in epoch 1', () => fenna.session.memberLog.state.epoch === 1);
    const raw = await RelayTestClient.authenticated(relay.wsUrl, s, fennaDevice);
    const plan = { planId: fenna.session.memberLog.state.planId, epochKey: fenna.session.memberLog.keyFor(0)!, genesis: new Uint8Array(), state: fenna.session.memberLog.state };
    raw.send({ type: 'publish', envelope: sealTestEnvelope(s, plan, fennaDevice, { clock: fenna.session.meta.nextClock, epoch: 0 }) });
    const refusal = await raw.next('error');
    expect(refusal.code).toBe('stale-epoch');
    await raw.close();
    fenna.session.doc.getText('t').insert(0, 'nieuw');
    await until('fenna’s edit under the new epoch reaches erik', () => anna.session.doc.getText('t').toString() === 'nieuw');
    await Promise.all([anna.session.close(), fenna.session.close(), gijs.session.close()]);
  });
});
