import { describe, expect, it } from 'vitest';
import { epochKeyCommitment, generateDeviceKeys, generateEpochKey, hash, ready, sealEpochKey, toBase64Url, type DeviceKeys } from '@safeplan/schema/crypto';
import { createDeviceLink, encodeRelayFrame, memberOf, type EventBody, type MembershipState } from '@safeplan/schema/protocol';
import { forgeEvent } from '../../schema/src/protocol/membership/testing/handover-world.ts';
import { RelayTestClient } from '../../server/src/testing/relay-test-client.ts';
import { until } from '../sync/support/clients.ts';
import { relayForThisFile } from '../sync/support/relay-for-this-file.ts';
import type { EngineSession } from '../../client/src/sync/plan-session.ts';
import { planWith, type Member } from './support/members-world.ts';

const s = await ready();
const { relay, net } = relayForThisFile();

const deviceOf = async (m: Member): Promise<DeviceKeys> => (await m.client.kv.get<DeviceKeys>('device/identity'))!;
const text = (m: Member) => m.session.doc.getText('t').toString();
const logOf = (m: Member) => m.session.memberLog;
const watchWarnings = (m: Member) => m.session.onWarning((w) => m.client.warnings.push(w));

/** The relay's next error to this raw client (the log frames it sends after each appended event are skipped). */
async function nextError(raw: RelayTestClient) {
  for (;;) {
    const frame = await raw.next();
    if (frame.type === 'error') return frame;
  }
}

/** A rotation body that seals `keyA` to every device but `victim`, which gets `keyB`; it commits to `keyA`. */
function splitRotation(
  state: MembershipState,
  victimBox: Uint8Array,
  keyA: Uint8Array,
  keyB: Uint8Array,
  leaving: Uint8Array | null,
  withCommitment: boolean,
): { epoch: number; sealedKeys: { boxKey: Uint8Array; sealed: Uint8Array }[]; keyCommitment?: Uint8Array } {
  const epoch = state.epoch + 1;
  const sealedKeys = [...state.members.values()]
    .filter((m) => !leaving || toBase64Url(m.signKey) !== toBase64Url(leaving))
    .map((m) => ({ boxKey: m.boxKey, sealed: sealEpochKey(s, toBase64Url(m.boxKey) === toBase64Url(victimBox) ? keyB : keyA, m.boxKey) }));
  return { epoch, sealedKeys, ...(withCommitment ? { keyCommitment: epochKeyCommitment(s, state.planId, epoch, keyA) } : {}) };
}

describe('a member cannot split the plan key', () => {
  it('a reader’s removal of their spare device that seals different keys to different members is refused; the spare is out at once and an owner rotates for everyone', async () => {
    const { owner: olga, members } = await planWith(net, { name: 'olga' }, [
      { name: 'eddy', role: 'editor' },
      { name: 'rita', role: 'reader' },
    ]);
    const [eddy, rita] = members as [Member, Member];
    const everyone = [olga, eddy, rita];
    for (const m of everyone) watchWarnings(m);
    // An invite that is still pending when the key rotates: it must not die without a word.
    await olga.client.lib.createInvite(olga.session.planId, { role: 'reader' });
    await until('everyone has the invite in the log', () => everyone.every((m) => logOf(m).events.length === 6));

    // The reader links a spare device, at the protocol level, through the real relay.
    const ritaDevice = await deviceOf(rita);
    const spare = generateDeviceKeys(s);
    const raw = await RelayTestClient.authenticated(relay.wsUrl, s, ritaDevice);
    const planId = logOf(rita).state.planId;
    const link = createDeviceLink(s, logOf(rita).state, {
      device: ritaDevice,
      epochKey: logOf(rita).keyFor(0)!,
      newDevice: { signKey: spare.sign.publicKey, boxKey: spare.box.publicKey },
      now: Date.now(),
    });
    raw.send({ type: 'member-event', planId, event: link.event });
    await until('everyone sees the spare device', () => everyone.every((m) => memberOf(logOf(m).state, spare.sign.publicKey) !== undefined));
    const linked = logOf(rita).state;

    // She removes it, sealing the owner one key and the editor another.
    const keyA = generateEpochKey(s);
    const keyB = generateEpochKey(s);
    const eddyBox = memberOf(linked, (await deviceOf(eddy)).sign.publicKey)!.boxKey;
    const removal = (withCommitment: boolean): EventBody => ({
      type: 'remove',
      subject: spare.sign.publicKey,
      scope: 'device',
      ...splitRotation(linked, eddyBox, keyA, keyB, spare.sign.publicKey, withCommitment),
    });
    const at = Date.now();
    raw.send({ type: 'member-event', planId, event: forgeEvent(s, ritaDevice.sign, linked, removal(false), { timestamp: at }) });
    expect(await nextError(raw)).toMatchObject({ code: 'invalid-event', detail: expect.stringContaining('must commit to its new key') });
    raw.send({ type: 'member-event', planId, event: forgeEvent(s, ritaDevice.sign, linked, removal(true), { timestamp: at }) });
    expect(await nextError(raw)).toMatchObject({ code: 'invalid-event', detail: expect.stringContaining('only an owner rotates the key') });
    await raw.close();
    expect(everyone.every((m) => logOf(m).state.epoch === 0)).toBe(true);

    // What she may do: take the spare out. It is out at once; the owner's device rotates the key.
    await rita.session.membership.removeDevice(toBase64Url(spare.sign.publicKey));
    const spareClient = await RelayTestClient.authenticated(relay.wsUrl, s, spare);
    spareClient.send({ type: 'subscribe', planId, afterSeq: 0 });
    expect(await spareClient.next('error')).toMatchObject({ code: 'not-a-member' });
    await spareClient.close();
    await until('the owner’s device rotated the key for everyone', () => everyone.every((m) => logOf(m).state.epoch === 1 && !logOf(m).state.rotationOwed));

    const key = logOf(olga).keyFor(1)!;
    expect(key).toBeDefined();
    for (const m of everyone) expect(toBase64Url(logOf(m).keyFor(1)!)).toBe(toBase64Url(key));
    expect(logOf(olga).state.sealedKeys.some((k) => k.epoch === 1 && toBase64Url(k.boxKey) === toBase64Url(spare.box.publicKey))).toBe(false);
    expect(everyone.flatMap((m) => m.client.warnings).filter((w) => w.code === 'key-split')).toEqual([]);
    // The invite that died with epoch 0 is told to the owner, who can make a new one.
    expect(olga.client.warnings.map((w) => w.code)).toContain('invites-lapsed');

    // Owner and editor keep seeing each other's edits, and everyone is synced.
    olga.session.doc.getText('t').insert(0, 'olga ');
    await until('eddy gets olga’s edit', () => text(eddy) === 'olga ');
    eddy.session.doc.getText('t').insert(5, 'eddy');
    await until('olga and rita get eddy’s edit', () => text(olga) === 'olga eddy' && text(rita) === 'olga eddy');
    // The lapsed invite stays in Olga's state until she has read it; then everyone is synced.
    for (const m of everyone) m.session.dismissWarnings();
    await until('everyone synced', () => everyone.every((m) => m.session.state().kind === 'synced'));
    expect(everyone.flatMap((m) => m.client.warnings).filter((w) => w.code === 'tampered')).toEqual([]);
    await Promise.all(everyone.map((m) => m.session.close()));
  });

  it('a split that passes the rules (an owner seals the editor another key) raises key-split naming the event and its signer, never "synced", until an owner rotates again', async () => {
    const { owner: anna, members } = await planWith(net, { name: 'anna' }, [
      { name: 'bert', role: 'editor' },
      { name: 'cor', role: 'reader' },
    ]);
    const [bert, cor] = members as [Member, Member];
    const everyone = [anna, bert, cor];
    for (const m of everyone) watchWarnings(m);
    const annaDevice = await deviceOf(anna);
    const bertDevice = await deviceOf(bert);
    const state = logOf(anna).state;
    const bertBox = memberOf(state, bertDevice.sign.publicKey)!.boxKey;
    const keyA = generateEpochKey(s);
    const keyB = generateEpochKey(s);
    const body: EventBody = { type: 'rotate-key', ...splitRotation(state, bertBox, keyA, keyB, null, true) };
    const event = forgeEvent(s, annaDevice.sign, state, body, { timestamp: Date.now() });
    const raw = await RelayTestClient.authenticated(relay.wsUrl, s, annaDevice);
    raw.send({ type: 'member-event', planId: state.planId, event });
    await until('everyone has the rotation', () => everyone.every((m) => logOf(m).state.epoch === 1));
    await raw.close();

    // Anna's and Cor's devices got the committed key; Bert's did not and says so, naming the event and its signer.
    expect(toBase64Url(logOf(cor).keyFor(1)!)).toBe(toBase64Url(keyA));
    await until('bert is alarmed', () => bert.client.warnings.some((w) => w.code === 'key-split'));
    expect(bert.client.warnings.find((w) => w.code === 'key-split')!.concerns).toEqual({
      eventHash: toBase64Url(hash(s, event)),
      devicePub: toBase64Url(annaDevice.sign.publicKey),
      personId: toBase64Url(annaDevice.sign.publicKey),
    });
    expect(logOf(bert).keyFor(1)).toBeUndefined();
    expect(bert.session.state()).toMatchObject({ kind: 'problem', code: 'key-split' });
    // Bert's edits are not sealed under a key nobody else has; he does not show "synced".
    bert.session.doc.getText('t').insert(0, 'x');
    await new Promise((r) => setTimeout(r, 100));
    expect(bert.session.state()).toMatchObject({ kind: 'problem', code: 'key-split' });

    // An owner rotates again (from an honest device): the same key everywhere, and the problem is gone.
    await anna.session.membership.rotateKey();
    await until('everyone in epoch 2', () => everyone.every((m) => logOf(m).state.epoch === 2));
    const key = toBase64Url(logOf(anna).keyFor(2)!);
    for (const m of everyone) expect(toBase64Url(logOf(m).keyFor(2)!)).toBe(key);
    anna.session.doc.getText('t').insert(0, 'anna ');
    await until('bert gets anna’s edit', () => text(bert).includes('anna '));
    bert.session.doc.getText('t').insert(0, 'bert ');
    await until('anna gets bert’s edit', () => text(anna).startsWith('bert '));
    await until('bert synced again', () => bert.session.state().kind === 'synced');
    await Promise.all(everyone.map((m) => m.session.close()));
  });

  it('edits made during a split are kept on the device, survive a reopen, and go out once an owner rotates again', async () => {
    const { owner: anna, members } = await planWith(net, { name: 'ans' }, [{ name: 'ben', role: 'editor' }]);
    const [ben] = members as [Member];
    watchWarnings(ben);
    const annaDevice = await deviceOf(anna);
    const state = logOf(anna).state;
    const benBox = memberOf(state, (await deviceOf(ben)).sign.publicKey)!.boxKey;
    const body: EventBody = { type: 'rotate-key', ...splitRotation(state, benBox, generateEpochKey(s), generateEpochKey(s), null, true) };
    const raw = await RelayTestClient.authenticated(relay.wsUrl, s, annaDevice);
    raw.send({ type: 'member-event', planId: state.planId, event: forgeEvent(s, annaDevice.sign, state, body, { timestamp: Date.now() }) });
    await until('ben is alarmed', () => ben.client.warnings.some((w) => w.code === 'key-split'));
    await raw.close();

    // Ben keeps writing while split; then the app is closed (the tablet restarts).
    ben.session.doc.getText('t').insert(0, 'ben ');
    ben.session.contributions.getText('t').insert(0, 'log');
    await ben.session.flush();
    expect(ben.session.waiting).toBe(2);
    const planId = ben.session.planId;
    await ben.session.close();
    const reopened = (await ben.client.lib.open(planId)) as EngineSession;
    expect(reopened.doc.getText('t').toString()).toBe('ben ');
    expect(reopened.waiting).toBe(2);
    await until('the reopened device is split still', () => reopened.state().kind === 'problem');
    reopened.doc.getText('t').insert(4, 'meer');
    await reopened.flush();

    // An owner rotates again: every held change goes out, in order, by itself.
    await anna.session.membership.rotateKey();
    await until('anna has all of ben’s edits', () => text(anna) === 'ben meer' && anna.session.contributions.getText('t').toString() === 'log', 10_000);
    await until('ben synced', () => reopened.state().kind === 'synced' && reopened.waiting === 0);
    expect(await ben.client.kv.keys(`plans/${planId}/held/`)).toEqual([]);
    await Promise.all([anna.session.close(), reopened.close()]);
  });

  it('a rotation without a key commitment, handed to a client by a colluding relay, is refused by the client itself', async () => {
    const { owner: dirk, members } = await planWith(net, { name: 'dirk' }, [{ name: 'elin', role: 'reader' }]);
    const [elin] = members as [Member];
    watchWarnings(elin);
    const dirkDevice = await deviceOf(dirk);
    const state = logOf(elin).state;
    // The old form (event version 2): nobody could check the keys. No honest relay takes it any more; this one hands it over.
    const elinBox = memberOf(state, (await deviceOf(elin)).sign.publicKey)!.boxKey;
    const body: EventBody = { type: 'rotate-key', ...splitRotation(state, elinBox, generateEpochKey(s), generateEpochKey(s), null, false) };
    const event = forgeEvent(s, dirkDevice.sign, state, body, { timestamp: Date.now() });
    expect(net.inject('elin', encodeRelayFrame({ type: 'log', planId: state.planId, events: [event] }))).toBeGreaterThan(0);
    await until('elin refuses the injected event', () => elin.client.warnings.some((w) => w.code === 'log-forked'));
    expect(logOf(elin).state.epoch).toBe(0);
    expect(logOf(elin).events.length).toBe(3);
    expect(elin.session.state().kind).toBe('problem');
    await Promise.all([dirk.session.close(), elin.session.close()]);
  });
});
