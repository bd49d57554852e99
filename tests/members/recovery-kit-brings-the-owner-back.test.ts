import { describe, expect, it } from 'vitest';
import {
  deriveRecoveryKeys,
  formatRecoveryCode,
  generateDeviceKeys,
  generateRecoverySecret,
  parseRecoveryCode,
  ready,
  type Sodium,
} from '@safeplan/schema/crypto';
import { appendEvent, keyId, type MembershipState } from '@safeplan/schema/protocol';
import { forgeEvent, refusal } from '../../schema/src/protocol/membership/testing/handover-world.ts';
import { loadOrCreateIdentity } from '../../client/src/sync/identity.ts';
import { exchangeOnLog } from '../../client/src/sync/log-exchange.ts';
import { SyncError } from '../../client/src/sync/sync-error.ts';
import type { EngineSession } from '../../client/src/sync/plan-session.ts';
import { newClient, until, type TestClient } from '../sync/support/clients.ts';
import { relayForThisFile } from '../sync/support/relay-for-this-file.ts';
import { personIdOf, planWith, type Member } from './support/members-world.ts';

const { net } = relayForThisFile();

const text = (s: EngineSession) => s.doc.getText('t').toString();

/** Whether anything this device keeps holds `needle` (bytes or text), however deep. */
async function deviceHolds(client: TestClient, needle: { bytes: Uint8Array; text: string }): Promise<boolean> {
  const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
  const wanted = hex(needle.bytes);
  const walk = (v: unknown): boolean => {
    if (v instanceof Uint8Array) return hex(v).includes(wanted);
    if (typeof v === 'string') return v.toUpperCase().replace(/-/g, '').includes(needle.text);
    if (Array.isArray(v)) return v.some(walk);
    if (v && typeof v === 'object') return Object.values(v).some(walk);
    return false;
  };
  for (const key of await client.kv.keys('')) if (walk(await client.kv.get(key))) return true;
  return false;
}

/** Appends `event` through the relay on a connection of `signer`'s: resolves when the log holds it, rejects with the relay's refusal. */
function sendThroughRelay(s: Sodium, planId: Uint8Array, signer: { publicKey: Uint8Array; privateKey: Uint8Array }, build: (state: MembershipState) => Uint8Array, log: (events: readonly Uint8Array[]) => MembershipState): Promise<void> {
  return exchangeOnLog<{ event: Uint8Array }, void>({
    s,
    url: 'ws://relay.invalid/',
    WebSocket: net.socketClass('forger'),
    planId,
    signer,
    timeoutMs: 5_000,
    timeoutError: () => new SyncError('offline'),
    refused: (code) => new SyncError('invalid-event', code),
    onLog: (exchange, { confirmed }) => {
      if (confirmed) return exchange.done();
      exchange.send({ event: build(log(exchange.log)) });
    },
  });
}

describe('a recovery kit brings the owner back', () => {
  it('after every device of hers is lost: same person, owner again, can invite and remove; one use only; forgeries refused by relay and clients; everyone sees it', async () => {
    const s = await ready();
    const { owner: anna, members } = await planWith(net, { name: 'Anna' }, [{ name: 'Bram', role: 'editor' }]);
    const [bram] = members as [Member];
    const annaPerson = personIdOf(anna);
    const lostDevice = anna.session.membership.me().deviceId;
    const planId = anna.session.memberLog.state.planId;

    // Written before any kit exists, under epoch 0: the restored device reads it too.
    bram.session.doc.getText('t').insert(0, 'eerst. ');
    await until('anna has bram’s first edit', () => text(anna.session) === 'eerst. ');

    // Only an owner makes a kit.
    await expect(bram.session.membership.createRecoveryKit()).rejects.toMatchObject({ code: 'not-allowed' });

    // A first kit, then a new one: the old kit is removed on the way (and the key rotates away from it).
    const oldCode = await anna.session.membership.createRecoveryKit();
    const oldKit = deriveRecoveryKeys(s, planId, parseRecoveryCode(s, oldCode).secret);
    const code = await anna.session.membership.createRecoveryKit();
    expect(code).not.toBe(oldCode);
    expect(anna.session.memberLog.state.removed.has(keyId(oldKit.sign.publicKey))).toBe(true);
    expect(anna.session.memberLog.state.epoch).toBe(1);
    expect(code).toMatch(/^([0-9A-Z]{4}-){13}[0-9A-Z]{3}$/);
    const { secret } = parseRecoveryCode(s, code);
    expect(await deviceHolds(anna.client, { bytes: secret, text: code.replace(/-/g, '') }), 'the code is on paper only, not on the device').toBe(false);
    expect(anna.session.membership.recoveryKitSince()).not.toBeNull();
    // The kit is no device anyone holds: it is not listed among Anna's devices.
    await until('bram sees that Anna made a kit', () => bram.session.membership.timeline().some((e) => e.type === 'register-recovery' && e.actor.displayName === 'Anna'));
    expect(bram.session.membership.people().find((p) => p.personId === annaPerson)?.devices.map((d) => d.deviceId)).toEqual([lostDevice]);

    // Later rotations seal the new key to the kit too: Anna rotates before she loses her tablet.
    await anna.session.membership.rotateKey();
    await until('bram has the new key', () => bram.session.memberLog.state.epoch === 2);
    bram.session.doc.getText('t').insert(7, 'daarna.');
    await until('anna has bram’s edit', () => text(anna.session) === 'eerst. daarna.');

    // Every device of Anna's is lost: her engine and store are thrown away.
    await anna.session.close();
    await anna.client.lib.close();

    const fresh = newClient(net, 'anna-new-phone');
    const back = (await fresh.lib.recover(` ${code.toLowerCase().replace(/-/g, ' ')} `, 'Anna')) as EngineSession;
    await until('the new phone is synced', () => back.state().kind === 'synced');
    expect(back.membership.me()).toMatchObject({ personId: annaPerson, role: 'owner' });
    expect(back.membership.me().deviceId).toBe(await fresh.lib.deviceId());
    await until('the plan text is back', () => text(back) === 'eerst. daarna.', 10_000, () => `${JSON.stringify(back.state())} ${text(back)} epoch ${back.memberLog.state.epoch}`);
    // The kit holder knew the current key: the restored owner's device rotates it at once.
    const epochAtUse = back.memberLog.state.epoch;
    await until('the key rotated after the kit was used', () => back.memberLog.state.epoch === epochAtUse + 1 && !back.memberLog.state.rotationOwed);

    // Everyone sees it, signed, in the regie timeline.
    await until('bram sees that Anna used a recovery code', () =>
      bram.session.membership.timeline().some((e) => e.type === 'use-recovery' && e.actor.displayName === 'Anna' && e.actor.personId === annaPerson),
    );
    expect(bram.session.membership.people().find((p) => p.personId === annaPerson)?.devices.length).toBe(2);

    // Owner again: removes her lost tablet, invites, and removes again.
    await back.membership.removeDevice(lostDevice);
    await until('bram sees one device of Anna', () => bram.session.membership.people().find((p) => p.personId === annaPerson)?.devices.length === 1);
    const cas = newClient(net, 'cas');
    const casSession = (await cas.lib.join(await fresh.lib.createInvite(back.planId, { role: 'reader' }), 'Cas')) as EngineSession;
    await until('cas is synced', () => casSession.state().kind === 'synced', 10_000, () => JSON.stringify(casSession.state()));
    await back.membership.removePerson(casSession.membership.me().personId);
    await until('cas lost access', () => casSession.state().kind === 'problem');
    bram.session.doc.getText('t').insert(0, '+');
    await until('the restored owner gets bram’s edit', () => text(back) === '+eerst. daarna.');

    // A second use of the same kit: the relay refuses it at the door and nothing is stored.
    const thief = newClient(net, 'thief');
    await expect(thief.lib.recover(code, 'X')).rejects.toMatchObject({ code: 'invite-invalid' });
    expect(await thief.lib.list()).toEqual([]);
    // The kit that was replaced before it was ever used: the same.
    await expect(thief.lib.recover(oldCode, 'X')).rejects.toMatchObject({ code: 'invite-invalid' });
    // A forged kit (a code of the right shape for this plan that was never registered): the same.
    const forgedCode = formatRecoveryCode(s, planId, generateRecoverySecret(s));
    await expect(thief.lib.recover(forgedCode, 'X')).rejects.toMatchObject({ code: 'invite-invalid' });
    // A mistyped code never reaches the relay.
    await expect(thief.lib.recover(code.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')), 'X')).rejects.toMatchObject({
      code: 'invite-invalid',
      detail: 'recovery-code: typo',
    });
    expect(await thief.lib.list()).toEqual([]);

    // Every client refuses a use of the spent kit or of a forged one, by the rules the relay runs too.
    const state = bram.session.memberLog.state;
    const stranger = generateDeviceKeys(s);
    const useBody = { type: 'use-recovery' as const, deviceKey: stranger.sign.publicKey, boxKey: stranger.box.publicKey, sealedEpochKey: new Uint8Array(80) };
    const spentKit = deriveRecoveryKeys(s, planId, secret);
    const forgedKit = deriveRecoveryKeys(s, planId, generateRecoverySecret(s));
    for (const client of [bram.session, back, casSession]) {
      const known = client.memberLog.state;
      expect(refusal(() => appendEvent(s, known, forgeEvent(s, spentKit.sign, known, useBody, { timestamp: Date.now() }), Date.now()))).toBe(
        'invalid-event: this device was removed and may sign nothing',
      );
      expect(refusal(() => appendEvent(s, known, forgeEvent(s, forgedKit.sign, known, useBody, { timestamp: Date.now() }), Date.now()))).toBe(
        'invalid-event: only a recovery kit signs its use',
      );
    }
    // A member's own device cannot pass itself off as a kit either: the relay refuses it.
    const bramKeys = await loadOrCreateIdentity(bram.client.kv, s);
    const fromBram = (st: MembershipState) => forgeEvent(s, bramKeys.sign, st, useBody, { timestamp: Date.now() });
    await expect(sendThroughRelay(s, planId, bramKeys.sign, fromBram, () => bram.session.memberLog.state)).rejects.toMatchObject({
      code: 'invalid-event',
      detail: 'invalid-event',
    });
    expect(bram.session.memberLog.state.length).toBe(state.length);
    expect(bram.session.memberLog.state.members.has(keyId(stranger.sign.publicKey))).toBe(false);

    await Promise.all([back.close(), bram.session.close(), casSession.close()]);
  });

  it('withdrawn by its owner (someone may have seen it), it works no more and gets no later key', async () => {
    const s = await ready();
    const { owner: anna, members } = await planWith(net, { name: 'Anna' }, [{ name: 'Bram', role: 'editor' }]);
    const [bram] = members as [Member];
    const code = await anna.session.membership.createRecoveryKit();
    const kit = deriveRecoveryKeys(s, anna.session.memberLog.state.planId, parseRecoveryCode(s, code).secret);
    await anna.session.membership.removeRecoveryKit();
    expect(anna.session.membership.recoveryKitSince()).toBeNull();
    const state = anna.session.memberLog.state;
    expect(state.removed.has(keyId(kit.sign.publicKey))).toBe(true);
    expect(state.epoch).toBe(1);
    expect(state.sealedKeys.some((k) => k.epoch === 1 && keyId(k.boxKey) === keyId(kit.box.publicKey))).toBe(false);
    const finder = newClient(net, 'finder');
    await expect(finder.lib.recover(code, 'X')).rejects.toMatchObject({ code: 'invite-invalid' });
    expect(await finder.lib.list()).toEqual([]);
    await Promise.all([anna.session.close(), bram.session.close()]);
  });
});
