import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fromBase64Url, generateDeviceKeys, NonceSource, ready, type DeviceKeys } from '@safeplan/schema/crypto';
import { encodeClientFrame, encodeRelayFrame, sealEnvelope, type WireErrorCode } from '@safeplan/schema/protocol';
import { newTestPlan, RelayTestClient, sealTestEnvelope } from '../../server/src/testing/relay-test-client.ts';
import type { EngineSession } from '../../client/src/sync/plan-session.ts';
import { newClient, until } from './support/clients.ts';
import { relayForThisFile } from './support/relay-for-this-file.ts';
import { TestNetwork } from './support/test-network.ts';

const s = await ready();
const { relay } = relayForThisFile();
const open: RelayTestClient[] = [];

afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
});

async function connect(device?: DeviceKeys): Promise<RelayTestClient> {
  const c = await RelayTestClient.authenticated(relay.wsUrl, s, device);
  open.push(c);
  return c;
}

describe('the relay refuses bad envelopes with the right code and stores none of them', () => {
  it('answers each kind with its error code', async () => {
    const owner = await connect();
    const plan = newTestPlan(s, owner.device);
    owner.send({ type: 'member-event', planId: plan.planId, event: plan.genesis });
    await owner.next('log');
    const first = sealTestEnvelope(s, plan, owner.device, { clock: 1 });
    owner.send({ type: 'publish', envelope: first });
    expect(await owner.next('ack')).toMatchObject({ clock: 1, seq: 1 });

    const refused = async (client: RelayTestClient, frame: Uint8Array, code: WireErrorCode) => {
      client.sendRaw(frame);
      const err = await client.next('error');
      expect({ code: err.code, detail: typeof err.detail }).toEqual({ code, detail: 'string' });
    };
    const publish = (envelope: Uint8Array) => encodeClientFrame({ type: 'publish', envelope });
    const stranger = generateDeviceKeys(s);
    const flipped = sealTestEnvelope(s, plan, owner.device, { clock: 2 });
    flipped[flipped.length - 1]! ^= 1;

    await refused(owner, publish(s.randombytes_buf(40)), 'malformed');
    await refused(owner, publish(new Uint8Array(1024 * 1024 + 10)), 'too-large');
    await refused(owner, publish(sealTestEnvelope(s, newTestPlan(s, owner.device), owner.device, { clock: 1 })), 'not-a-member');
    await refused(owner, publish(flipped), 'bad-signature');
    await refused(owner, publish(sealTestEnvelope(s, plan, stranger, { clock: 1 })), 'wrong-author');
    await refused(owner, publish(sealTestEnvelope(s, plan, owner.device, { clock: 1 })), 'replayed');
    await refused(owner, publish(sealTestEnvelope(s, plan, owner.device, { clock: 5 })), 'clock-gap');
    const outsider = await connect(stranger);
    await refused(outsider, publish(sealTestEnvelope(s, plan, stranger, { clock: 1 })), 'not-a-member');

    // The very same envelope again is a resend after a lost ack: acknowledged again, not stored twice.
    owner.send({ type: 'publish', envelope: first });
    expect(await owner.next('ack')).toMatchObject({ clock: 1, seq: 1 });
    const second = sealTestEnvelope(s, plan, owner.device, { clock: 2 });
    owner.send({ type: 'publish', envelope: second });
    expect(await owner.next('ack')).toMatchObject({ clock: 2, seq: 2 });

    const reader = await connect(owner.device);
    reader.send({ type: 'subscribe', planId: plan.planId, afterSeq: 0 });
    await reader.next('log');
    expect((await reader.next('deliver')).envelope).toEqual(first);
    expect((await reader.next('deliver')).envelope).toEqual(second);
    expect(await reader.next('caught-up')).toMatchObject({ seq: 2 });
  });
});

describe('a client refuses tampered, forged, replayed and cross-plan envelopes from a lying relay', () => {
  it('warns for each, applies nothing, stores nothing, and keeps syncing', async () => {
    const net = new TestNetwork(relay.wsUrl);
    const anna = newClient(net, 'anna');
    const bram = newClient(net, 'bram');
    const mine = (await anna.lib.create({ title: 'x', displayName: 'Anna' })) as EngineSession;
    mine.doc.getText('t').insert(0, 'echt');
    const theirs = (await bram.lib.join(await anna.lib.createInvite(mine.planId), 'Bram')) as EngineSession;
    await until('joiner synced', () => theirs.state().kind === 'synced' && theirs.doc.getText('t').toString() === 'echt', 10_000, () => JSON.stringify(theirs.state()) + theirs.doc.getText('t').toString());
    const warnings: string[] = [];
    theirs.onWarning((w) => warnings.push(w.code));

    const owner = (await anna.kv.get<DeviceKeys>('device/identity'))!;
    const epochKey = mine.memberLog.keyFor(0)!;
    const planId = fromBase64Url(mine.planId);
    const nonces = NonceSource.random(s);
    const evil = new Y.Doc();
    evil.getText('t').insert(0, 'VALS ');
    const update = Y.encodeStateAsUpdate(evil);
    const ownerClock = mine.meta.nextClock - 1;
    const seal = (o: { author?: DeviceKeys; key?: Uint8Array; clock?: number; plan?: Uint8Array }) =>
      sealEnvelope(s, { planId: o.plan ?? planId, epoch: 0, author: (o.author ?? owner).sign, clock: o.clock ?? ownerClock + 1, kind: 'update' }, o.key ?? epochKey, update, nonces);
    const otherPlan = (await anna.lib.create({ title: 'ander', displayName: 'Anna' })) as EngineSession;
    const flipped = seal({});
    flipped[flipped.length - 80]! ^= 1;
    const replay = (await bram.kv.get<Uint8Array>(`plans/${mine.planId}/seq/${String(1).padStart(12, '0')}`))!;
    expect(replay).toBeInstanceOf(Uint8Array);

    const cases: Array<[string, Uint8Array]> = [
      ['bad-signature', flipped],
      ['not-a-member', seal({ author: generateDeviceKeys(s) })],
      ['tampered', seal({ key: s.randombytes_buf(32) })],
      ['replayed', replay],
      ['clock-gap', seal({ clock: ownerClock + 3 })],
      ['cross-plan', seal({ plan: fromBase64Url(otherPlan.planId), key: otherPlan.memberLog.keyFor(0)! })],
      ['malformed', s.randombytes_buf(50)],
    ];
    // What Bram wrote before (deliveries and an ack's bookkeeping wait for a ride) is on disk before the comparison.
    await theirs.flush();
    const keysBefore = JSON.stringify((await bram.kv.keys('')).sort());
    const metaBefore = JSON.stringify(await bram.kv.get(`plans/${mine.planId}/meta`));
    for (const [i, [, envelope]] of cases.entries()) {
      expect(net.inject('bram', encodeRelayFrame({ type: 'deliver', planId, seq: 1000 + i, envelope }))).toBe(1);
    }
    await until('a warning per bad envelope', () => warnings.length === cases.length);
    await theirs.flush();
    expect(warnings).toEqual(cases.map(([code]) => code));
    expect(theirs.doc.getText('t').toString()).toBe('echt');
    expect(JSON.stringify((await bram.kv.keys('')).sort())).toBe(keysBefore);
    expect(JSON.stringify(await bram.kv.get(`plans/${mine.planId}/meta`))).toBe(metaBefore);

    // Nothing got stuck: the owner's real next edit still arrives and applies.
    mine.doc.getText('t').insert(4, ' en waar');
    await until('the real edit arrives', () => theirs.doc.getText('t').toString() === 'echt en waar');
    // Never "synced" while refusals stand: the state lists them until the person has read them.
    const state = theirs.state();
    expect(state.kind).toBe('attention');
    expect(state.kind === 'attention' && state.warnings.map((w) => w.code).sort()).toEqual(cases.map(([code]) => code).sort());
    theirs.dismissWarnings();
    expect(theirs.state().kind).toBe('synced');
    await Promise.all([mine.close(), theirs.close(), otherPlan.close()]);
  });
});
