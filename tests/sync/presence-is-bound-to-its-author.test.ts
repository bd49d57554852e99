import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import { fromBase64Url, NonceSource, ready, type DeviceKeys } from '@safeplan/schema/crypto';
import { encodeRelayFrame, sealEnvelope } from '@safeplan/schema/protocol';
import type { EngineSession } from '../../client/src/sync/plan-session.ts';
import { annaSharesAPlanWithBram, newClient, until } from './support/clients.ts';
import { relayForThisFile } from './support/relay-for-this-file.ts';

const { net } = relayForThisFile();
const s = await ready();

interface Seen {
  user?: { name?: string; device?: string };
  cursor?: string;
  marker?: string;
}
const stateOf = (watcher: EngineSession, clientId: number) => watcher.awareness.getStates().get(clientId) as Seen | undefined;

describe('presence', () => {
  it('is accepted only for the device that signed it: no member shows another one typing somewhere', async () => {
    const { anna, bram, mine, theirs } = await annaSharesAPlanWithBram(net);
    const carla = newClient(net, 'carla');
    const hers = (await carla.lib.join(await anna.lib.createInvite(mine.planId), 'Carla')) as EngineSession;
    const warnings: string[] = [];
    hers.onWarning((w) => warnings.push(`${w.code}:${w.concerns?.devicePub ?? ''}`));
    await until('carla knows both names', () => {
      const names = hers.membership.people().map((p) => p.displayName);
      return names.includes('Anna') && names.includes('Bram');
    });
    const annaId = mine.awareness.clientID;
    const bramId = theirs.awareness.clientID;
    const bramDevice = theirs.membership.me().deviceId;
    mine.awareness.setLocalState({ user: { name: 'Anna', color: '#005f73' }, cursor: 'echt' });
    theirs.awareness.setLocalState({ user: { name: 'Bram', color: '#9b2226' }, marker: 'begin' });
    await until('carla sees both', () => stateOf(hers, annaId)?.cursor === 'echt' && stateOf(hers, bramId)?.marker === 'begin');

    // 0. Anna's device lets Bram's entry go after the awareness timeout: that is Anna's own view,
    //    never presence sent in Bram's name (Carla would rightly call that forged).
    removeAwarenessStates(mine.awareness, [bramId], 'timeout');
    mine.awareness.setLocalStateField('cursor', 'na de timeout');
    await until('carla has anna\'s later state', () => stateOf(hers, annaId)?.cursor === 'na de timeout');
    expect(stateOf(hers, bramId)?.marker).toBe('begin');
    expect(warnings).toEqual([]);

    // 1. Bram calls himself Anna: Carla sees the name the plan knows for Bram's device.
    theirs.awareness.setLocalState({ user: { name: 'Anna', color: '#9b2226' }, marker: 'als anna' });
    await until('carla has bram\'s new state', () => stateOf(hers, bramId)?.marker === 'als anna');
    expect(stateOf(hers, bramId)?.user).toMatchObject({ name: 'Bram', device: bramDevice });

    // 2. Bram's device, outside his app, seals presence for Anna's awareness client (her caret
    //    somewhere she is not); it reaches Carla as any presence does.
    const fakeDoc = new Y.Doc();
    fakeDoc.clientID = annaId;
    const fake = new Awareness(fakeDoc);
    for (let i = 0; i < 50; i++) fake.setLocalState({ user: { name: 'Anna', color: '#005f73' }, cursor: `nep ${i}` });
    const device = (await bram.kv.get<DeviceKeys>('device/identity'))!;
    const epoch = theirs.memberLog.state.epoch;
    const presence = (update: Uint8Array) =>
      encodeRelayFrame({
        type: 'presence',
        envelope: sealEnvelope(s, { planId: fromBase64Url(theirs.planId), epoch, author: device.sign, clock: 0, kind: 'presence' }, theirs.memberLog.keyFor(epoch)!, update, NonceSource.random(s)),
      });
    expect(net.inject('carla', presence(encodeAwarenessUpdate(fake, [annaId])))).toBe(1);
    // Something honest from Bram after it: once it is in, the forged update was handled before it.
    theirs.awareness.setLocalStateField('marker', 'daarna');
    await until('carla has bram\'s later state', () => stateOf(hers, bramId)?.marker === 'daarna');
    expect(stateOf(hers, annaId)?.cursor).toBe('na de timeout');
    expect(warnings).toContain(`presence-forged:${bramDevice}`);
    // Carla's state says so, and who it concerns.
    const st = hers.state();
    expect(st.kind).toBe('attention');
    expect(st.kind === 'attention' && st.warnings.find((w) => w.code === 'presence-forged')?.concerns).toMatchObject({
      devicePub: bramDevice,
      personId: theirs.membership.me().personId,
    });
    // Anna's own presence still goes through.
    mine.awareness.setLocalStateField('cursor', 'verder');
    await until('anna still moves for carla', () => stateOf(hers, annaId)?.cursor === 'verder');
    expect(stateOf(hers, annaId)?.user).toMatchObject({ name: 'Anna', device: mine.membership.me().deviceId });
    fake.destroy();
    await Promise.all([mine.close(), theirs.close(), hers.close()]);
  });
});
