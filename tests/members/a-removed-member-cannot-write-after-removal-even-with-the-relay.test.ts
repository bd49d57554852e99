import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { NonceSource, ready, toBase64Url, type DeviceKeys } from '@safeplan/schema/crypto';
import { encodeRelayFrame, sealEnvelope, type Channel } from '@safeplan/schema/protocol';
import { RelayTestClient } from '../../server/src/testing/relay-test-client.ts';
import { createPlanLibrary } from '../../client/src/sync/index.ts';
import { until } from '../sync/support/clients.ts';
import { relayForThisFile } from '../sync/support/relay-for-this-file.ts';
import { personIdOf, planWith, type Member } from './support/members-world.ts';

const s = await ready();
const { relay, net } = relayForThisFile();

const deviceOf = async (m: Member): Promise<DeviceKeys> => (await m.client.kv.get<DeviceKeys>('device/identity'))!;
const text = (m: Member) => m.session.doc.getText('t').toString();
const nonces = NonceSource.random(s);

/** A Yjs update that inserts `words` into text 't' of a document of its own. */
function edit(words: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, words);
  return Y.encodeStateAsUpdate(doc);
}

/** An envelope as `author` would seal it, with the log position it claims to have known. */
function envelopeBy(
  m: Member,
  author: DeviceKeys,
  o: { epoch: number; clock: number; logPosition?: number; channel?: Channel; words: string },
): Uint8Array {
  const key = m.session.memberLog.keyFor(o.epoch)!;
  const planId = m.session.memberLog.state.planId;
  const header = { planId, epoch: o.epoch, author: author.sign, clock: o.clock, kind: 'update' as const, channel: o.channel ?? 'plan', logPosition: o.logPosition };
  return sealEnvelope(s, header, key, edit(o.words), nonces);
}

/** The colluding relay hands `envelope` straight to the client, as the next seq. */
function deliverBehindTheRelaysBack(to: Member, envelope: Uint8Array): void {
  const planId = to.session.memberLog.state.planId;
  const frame = encodeRelayFrame({ type: 'deliver', planId, seq: to.session.meta.lastSeq + 1, envelope });
  expect(net.inject(to.client.name, frame)).toBeGreaterThan(0);
}

describe('a removed member cannot write after the removal, even with the relay on their side', () => {
  it('what a removed device wrote knowing its removal, or without a position under the epoch it was removed in, is refused and warned about', async () => {
    const { owner: olga, members } = await planWith(net, { name: 'olga' }, [{ name: 'eddy', role: 'editor' }, { name: 'carla', role: 'editor' }]);
    const [eddy, carla] = members as [Member, Member];
    eddy.session.onWarning((w) => eddy.client.warnings.push(w));
    olga.session.doc.getText('t').insert(0, 'plan');
    await until('everyone has the plan', () => text(eddy) === 'plan' && text(carla) === 'plan');
    const carlaDevice = await deviceOf(carla);
    const carlaClock = carla.session.meta.nextClock;
    const epochKey0 = carla.session.memberLog.keyFor(0)!;
    expect(epochKey0).toBeDefined();

    await olga.session.membership.removePerson(personIdOf(carla));
    await until('eddy has the removal', () => eddy.session.memberLog.state.epoch === 1);
    const removalIndex = eddy.session.memberLog.events.length - 1;
    await until('eddy synced', () => eddy.session.state().kind === 'synced');

    // Carla, with the old key, writes after her removal; the relay hands it to eddy anyway.
    deliverBehindTheRelaysBack(eddy, envelopeBy(eddy, carlaDevice, { epoch: 0, clock: carlaClock, logPosition: removalIndex + 1, words: 'NA ' }));
    await until('eddy warns', () => eddy.client.warnings.some((w) => w.code === 'written-after-removal'), 3000, () => JSON.stringify(eddy.client.warnings));
    expect(eddy.client.warnings.find((w) => w.code === 'written-after-removal')!.concerns).toEqual({
      devicePub: toBase64Url(carlaDevice.sign.publicKey),
      personId: toBase64Url(carlaDevice.sign.publicKey),
    });
    // The same without a position (an old header version): under the epoch she was removed in, it cannot be told apart.
    const before = eddy.client.warnings.length;
    deliverBehindTheRelaysBack(eddy, envelopeBy(eddy, carlaDevice, { epoch: 0, clock: carlaClock, words: 'OUD ' }));
    await until('eddy warns again', () => eddy.client.warnings.length > before);
    expect(eddy.client.warnings.at(-1)!.code).toBe('written-after-removal');
    // Altered code names a position from before the removal: the removal capped her clock, so it is refused all the same.
    const lied = eddy.client.warnings.length;
    deliverBehindTheRelaysBack(eddy, envelopeBy(eddy, carlaDevice, { epoch: 0, clock: carlaClock, logPosition: removalIndex, words: 'LIEG ' }));
    await until('eddy warns about the lie', () => eddy.client.warnings.length > lied, 3000, () => JSON.stringify(eddy.client.warnings));
    expect(eddy.client.warnings.at(-1)).toMatchObject({ code: 'written-after-removal', concerns: { devicePub: toBase64Url(carlaDevice.sign.publicKey) } });
    await eddy.session.flush();
    expect(text(eddy)).toBe('plan');

    // An honest author who wrote offline under an older log position still gets the edit in.
    net.cut('eddy');
    eddy.session.doc.getText('t').insert(4, ' eddy');
    await olga.client.lib.createInvite(olga.session.planId, { role: 'reader' });
    net.heal('eddy');
    await until('olga gets eddy’s offline edit', () => text(olga) === 'plan eddy', 10_000);
    await Promise.all([olga.session.close(), eddy.session.close(), carla.session.close()]);
  });

  it('a demoted editor’s plan writes after the demotion are refused by every client, those before it stay, and the relay checks the position too', async () => {
    const { owner: anna, members } = await planWith(net, { name: 'anna' }, [{ name: 'piet', role: 'editor' }, { name: 'bas', role: 'editor' }]);
    const [piet, bas] = members as [Member, Member];
    bas.session.onWarning((w) => bas.client.warnings.push(w));
    const pietDevice = await deviceOf(piet);
    piet.session.doc.getText('t').insert(0, 'piet');
    await until('bas has piet’s edit', () => text(bas) === 'piet');
    await until('piet synced', () => piet.session.state().kind === 'synced');
    const positionAsEditor = piet.session.memberLog.events.length;
    const clock = piet.session.meta.nextClock;
    await piet.session.close();

    await anna.session.membership.setRole(personIdOf(piet), 'contributor');
    await until('bas has the demotion', () => bas.session.memberLog.events.length === positionAsEditor + 1);
    await until('bas synced', () => bas.session.state().kind === 'synced');
    const epoch = bas.session.memberLog.state.epoch;

    // Written knowing the demotion, under the same epoch: refused, with who it concerns.
    deliverBehindTheRelaysBack(bas, envelopeBy(bas, pietDevice, { epoch, clock, logPosition: positionAsEditor + 1, words: 'NA ' }));
    await until('bas warns', () => bas.client.warnings.some((w) => w.code === 'written-after-demotion'));
    expect(bas.client.warnings.find((w) => w.code === 'written-after-demotion')!.concerns).toMatchObject({ devicePub: toBase64Url(pietDevice.sign.publicKey) });
    // His contributions after the demotion are his to write.
    deliverBehindTheRelaysBack(bas, envelopeBy(bas, pietDevice, { epoch, clock, logPosition: positionAsEditor + 1, channel: 'contributions', words: 'log' }));
    await until('bas takes the contribution', () => bas.session.contributions.getText('t').toString() === 'log');

    // The relay refuses a position beyond its log, and a demoted editor's plan write whatever position it names.
    const raw = await RelayTestClient.authenticated(relay.wsUrl, s, pietDevice);
    const planId = bas.session.memberLog.state.planId;
    raw.send({ type: 'publish', envelope: envelopeBy(bas, pietDevice, { epoch, clock: clock + 1, logPosition: positionAsEditor + 5, channel: 'contributions', words: 'x' }) });
    expect(await raw.next('error')).toMatchObject({ code: 'stale-epoch', detail: expect.stringContaining('log-position') });
    raw.send({ type: 'publish', envelope: envelopeBy(bas, pietDevice, { epoch, clock: clock + 1, logPosition: positionAsEditor, words: 'x' }) });
    expect(await raw.next('error')).toMatchObject({ code: 'not-allowed' });
    await raw.close();

    // Altered code names his position as an editor for a plan write after the demotion: its clock is above the
    // cap the demotion set (the relay stored nothing of his above it), so every client refuses it.
    const lied = bas.client.warnings.length;
    deliverBehindTheRelaysBack(bas, envelopeBy(bas, pietDevice, { epoch, clock: clock + 1, logPosition: positionAsEditor, words: 'LIEG ' }));
    await until('bas warns about the lie', () => bas.client.warnings.length > lied);
    expect(bas.client.warnings.at(-1)).toMatchObject({ code: 'written-after-demotion', concerns: { devicePub: toBase64Url(pietDevice.sign.publicKey) } });
    // His contributions stay his to write, above the cap too.
    deliverBehindTheRelaysBack(bas, envelopeBy(bas, pietDevice, { epoch, clock: clock + 1, logPosition: positionAsEditor, channel: 'contributions', words: 'meer ' }));
    await until('bas takes the next contribution', () => bas.session.contributions.getText('t').toString().includes('meer'));
    await bas.session.flush();
    expect(text(bas)).toBe('piet');
    expect(planId).toBeDefined();
    await Promise.all([anna.session.close(), bas.session.close()]);
  });

  it('an old-version envelope (no position) a device stored before the author was removed still opens after a reopen', async () => {
    const { owner: olga, members } = await planWith(net, { name: 'oda' }, [{ name: 'evi', role: 'editor' }, { name: 'cas', role: 'editor' }]);
    const [evi, cas] = members as [Member, Member];
    const casDevice = await deviceOf(cas);
    const clock = cas.session.meta.nextClock;
    await cas.session.close();
    // Written as an engine from before log positions wrote it (header version 2), through the real relay.
    const raw = await RelayTestClient.authenticated(relay.wsUrl, s, casDevice);
    raw.send({ type: 'publish', envelope: envelopeBy(evi, casDevice, { epoch: 0, clock, words: 'oud' }) });
    expect(await raw.next('ack')).toMatchObject({ clock });
    await raw.close();
    await until('evi has it', () => text(evi) === 'oud');
    await olga.session.membership.removePerson(personIdOf(cas));
    await until('evi has the removal', () => evi.session.memberLog.state.epoch === 1);
    await evi.session.close();
    // Without its local snapshot (a cache, e.g. not written before a crash) the device replays every stored envelope.
    await evi.client.kv.del(`plans/${evi.session.planId}/local`);
    const reopened = await createPlanLibrary({ kv: evi.client.kv }).open(evi.session.planId);
    expect(reopened.state().kind).not.toBe('problem');
    expect(reopened.doc.getText('t').toString()).toBe('oud');
    await Promise.all([reopened.close(), olga.session.close()]);
  });
});
