import { describe, expect, it } from 'vitest';
import { fromBase64Url, ready, type DeviceKeys } from '@safeplan/schema/crypto';
import { decodePersonDetails, encodePersonDetails, keyId, openPersonDetails, signPersonDetails, type PersonDetails } from '@safeplan/schema/protocol';
import type { EngineSession } from '../../client/src/sync/plan-session.ts';
import { peopleMap } from '../../client/src/sync/people-in-doc.ts';
import { newClient, until } from '../sync/support/clients.ts';
import { relayForThisFile } from '../sync/support/relay-for-this-file.ts';
import { personIdOf, planWith, type Member } from './support/members-world.ts';

const s = await ready();
const { net } = relayForThisFile();

const deviceOf = async (m: Member) => (await m.client.kv.get<DeviceKeys>('device/identity'))!;
const seen = (by: EngineSession, personId: string) => by.membership.people().find((p) => p.personId === personId);
const phoneOf = (by: EngineSession, personId: string) => seen(by, personId)?.phone;
/** Who signed the entry stored now for a person (a device id), or what else is there. */
const storedSigner = (by: EngineSession, personId: string): string => {
  const value = peopleMap(by.contributions).get(personId);
  if (!(value instanceof Uint8Array)) return 'not signed';
  try {
    return keyId(openPersonDetails(s, value).signer);
  } catch {
    return 'refused';
  }
};

/** Collects the 'forged-details' warnings of each session. */
function forgeryWarnings(sessions: EngineSession[]): Map<EngineSession, number> {
  const counts = new Map(sessions.map((x) => [x, 0]));
  for (const x of sessions) x.onWarning((w) => w.code === 'forged-details' && counts.set(x, counts.get(x)! + 1));
  return counts;
}

describe('names, relations and phone numbers are signed by their person', () => {
  it('an entry Bram writes for Anna, or Anna’s entry altered or moved, never shows: everyone keeps hers, is warned, and her device puts it back', async () => {
    const { owner: petra, members } = await planWith(net, { name: 'Petra' }, [
      { name: 'Anna', role: 'editor' },
      { name: 'Bram', role: 'contributor' },
    ]);
    const [annaFirst, bram] = members as [Member, Member];
    const bramId = personIdOf(bram);
    const annaId = personIdOf(annaFirst);
    const annaDevice = annaFirst.session.membership.me().deviceId;
    const bramDevice = await deviceOf(bram);
    const planId = petra.session.memberLog.state.planId;
    const forged: PersonDetails = { displayName: 'Anna', relation: 'buurvrouw', phone: '06 66666666', at: Date.now() + 60_000 };

    await annaFirst.session.membership.setMyDetails({ relation: 'buurvrouw', phone: '06 11111111' });
    await until('everyone has Anna’s number', () => [petra, annaFirst, bram].every((m) => phoneOf(m.session, annaId) === '06 11111111'));
    const annas = peopleMap(petra.session.contributions).get(annaId) as Uint8Array;
    const bramsOwn = peopleMap(petra.session.contributions).get(bramId) as Uint8Array;

    // While Anna's app is closed, Bram signs an entry for her with his own device, straight into the
    // document (past the API). It stays stored, yet nobody shows it, and both are warned.
    await annaFirst.session.close();
    const online = forgeryWarnings([petra.session, bram.session]);
    peopleMap(bram.session.contributions).set(annaId, signPersonDetails(s, { planId, personId: fromBase64Url(annaId), details: forged, signer: bramDevice.sign }));
    await until('Petra and Bram are warned', () => [...online.values()].every((n) => n === 1));
    await until('Petra has the forged entry stored', () => storedSigner(petra.session, annaId) === keyId(bramDevice.sign.publicKey));
    for (const m of [petra, bram]) expect(seen(m.session, annaId)).toMatchObject({ displayName: 'Anna', relation: 'buurvrouw', phone: '06 11111111' });

    // Anna opens the plan again: she is warned too, and her device puts her own signed entry back.
    const anna: Member = { client: annaFirst.client, session: (await annaFirst.client.lib.open(petra.session.planId)) as EngineSession };
    const everyone = [petra, anna, bram].map((m) => m.session);
    const warned = forgeryWarnings(everyone);
    await until('Anna is warned', () => warned.get(anna.session)! >= 1);
    await until('Anna’s own entry is back everywhere', () => everyone.every((x) => storedSigner(x, annaId) === annaDevice));
    for (const x of everyone) expect(seen(x, annaId)).toMatchObject({ displayName: 'Anna', relation: 'buurvrouw', phone: '06 11111111' });

    // Who writes it matters only in that a person's own device puts their entry back at once (before
    // sending), so the forger is never the person whose entry is forged.
    const forgeries: Array<[string, Member, string, unknown]> = [];
    // Anna's entry with one bit of the signature flipped, or with another number.
    const good = decodePersonDetails(annas);
    const signature = good.signature.slice();
    signature[7]! ^= 0x10;
    forgeries.push(['a tampered signature', bram, annaId, encodePersonDetails({ ...good, signature })]);
    forgeries.push(['a changed number under Anna’s signature', bram, annaId, encodePersonDetails({ ...good, phone: '06 66666666' })]);
    // Anna's signed entry put under Bram's person id (by Anna, an editor), as it is or with the person id swapped.
    forgeries.push(['Anna’s entry as Bram’s', anna, bramId, annas]);
    forgeries.push(['Anna’s entry with Bram’s person id', anna, bramId, encodePersonDetails({ ...good, personId: fromBase64Url(bramId) })]);

    for (const [what, forger, personId, value] of forgeries) {
      const before = [...warned.values()];
      peopleMap(forger.session.contributions).set(personId, value); // straight into the document, past the API
      await until(`everyone is warned about ${what}`, () => everyone.every((x, i) => warned.get(x)! > before[i]!), undefined, () =>
        JSON.stringify({ before, now: [...warned.values()], stored: everyone.map((x) => storedSigner(x, personId)) }),
      );
      for (const x of everyone) {
        expect(seen(x, annaId), what).toMatchObject({ displayName: 'Anna', relation: 'buurvrouw', phone: '06 11111111' });
        expect(seen(x, bramId), what).toMatchObject({ displayName: 'Bram', phone: '' });
      }
      // The person's own device puts their signed entry back, so a device that never saw it gets it too.
      await until(`the stored entry is the person’s own again after ${what}`, () =>
        everyone.every((x) => storedSigner(x, personId) === (personId === annaId ? annaDevice : keyId(bramDevice.sign.publicKey))),
      );
    }
    expect(peopleMap(petra.session.contributions).get(bramId)).toEqual(bramsOwn);

    // An unsigned entry in the old format counts as absent: no warning, and it shows nothing either.
    const before = [...warned.values()];
    peopleMap(bram.session.contributions).set(annaId, { displayName: 'Anna', relation: 'buurvrouw', phone: '06 66666666', at: Date.now() });
    await until('Anna’s device signed her entry again', () => everyone.every((x) => storedSigner(x, annaId) === annaDevice));
    expect(everyone.map((x) => phoneOf(x, annaId))).toEqual(['06 11111111', '06 11111111', '06 11111111']);
    expect([...warned.values()]).toEqual(before);

    // Someone who joins afterwards never saw any of it, and still gets Anna's own number.
    const dirkClient = newClient(net, 'Dirk');
    const dirk = (await dirkClient.lib.join(await petra.client.lib.createInvite(petra.session.planId, { role: 'reader' }), 'Dirk')) as EngineSession;
    // Catching up replays the forged entries too: the state says so until Dirk has read it.
    await until('Dirk is caught up', () => {
      const st = dirk.state();
      return st.kind === 'synced' || (st.kind === 'attention' && st.connected && st.waiting === 0 && st.warnings.every((w) => w.code === 'forged-details'));
    }, undefined, () => JSON.stringify(dirk.state()));
    dirk.dismissWarnings();
    await until('Dirk is synced', () => dirk.state().kind === 'synced');
    await until('Dirk has Anna’s number', () => phoneOf(dirk, annaId) === '06 11111111');
    expect(seen(dirk, bramId)?.displayName).toBe('Bram');
    await Promise.all([...everyone, dirk].map((x) => x.close()));
  });

  it('Anna’s second device may change her entry; a removed person’s device may not change anyone else’s', async () => {
    const { owner: petra, members } = await planWith(net, { name: 'Petra' }, [
      { name: 'Anna', role: 'editor' },
      { name: 'Bram', role: 'contributor' },
      { name: 'Carla', role: 'editor' },
    ]);
    const [anna, bram, carla] = members as [Member, Member, Member];
    const annaId = personIdOf(anna);
    const carlaDevice = await deviceOf(carla);
    await anna.session.membership.setMyDetails({ phone: '06 11111111' });

    const tabletClient = newClient(net, 'anna-tablet');
    const tablet = (await tabletClient.lib.join(await anna.session.membership.createDeviceLink(), 'Anna (tablet)')) as EngineSession;
    await until('the tablet is synced', () => tablet.state().kind === 'synced');
    const everyone = [petra.session, anna.session, bram.session, tablet];
    const warned = forgeryWarnings(everyone);
    await until('the tablet has Anna’s entry', () => phoneOf(tablet, annaId) === '06 11111111');
    await tablet.membership.setMyDetails({ phone: '06 22222222' });
    await until('everyone has the number from the tablet', () => everyone.every((x) => phoneOf(x, annaId) === '06 22222222'));
    expect(storedSigner(petra.session, annaId)).toBe(tablet.membership.me().deviceId);
    expect(seen(petra.session, annaId)?.displayName).toBe('Anna');

    await petra.session.membership.removePerson(personIdOf(carla));
    await until('Carla is gone everywhere', () => everyone.every((x) => !seen(x, personIdOf(carla))));
    const byCarla = signPersonDetails(s, {
      planId: petra.session.memberLog.state.planId,
      personId: fromBase64Url(annaId),
      details: { displayName: 'Anna', relation: '', phone: '06 66666666', at: Date.now() + 60_000 },
      signer: carlaDevice.sign,
    });
    peopleMap(bram.session.contributions).set(annaId, byCarla);
    await until('everyone is warned', () => everyone.every((x) => warned.get(x)! > 0));
    expect(everyone.map((x) => phoneOf(x, annaId))).toEqual(['06 22222222', '06 22222222', '06 22222222', '06 22222222']);
    // What Carla signed for herself while she was a member still names her on the timeline.
    const removal = petra.session.membership.timeline().at(-1)!;
    expect(removal).toMatchObject({ type: 'remove', removed: [{ personId: personIdOf(carla), displayName: 'Carla' }] });
    await Promise.all([...everyone, carla.session].map((x) => x.close()));
  });
});
