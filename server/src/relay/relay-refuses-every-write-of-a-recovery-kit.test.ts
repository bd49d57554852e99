import { deriveRecoveryKeys, generateRecoverySecret, ready } from '@safeplan/schema/crypto';
import { createRecoveryRegistration } from '@safeplan/schema/protocol';
import { describe, expect, it } from 'vitest';
import { relayPerTest } from '../testing/relay-per-test.ts';
import { newTestPlan, RelayTestClient, sealTestEnvelope } from '../testing/relay-test-client.ts';

const sodium = await ready();
const { client, clients, start } = relayPerTest(sodium);

describe('the relay and a recovery kit', () => {
  it('lets the kit’s key in to read the log (to use the kit) but stores and forwards nothing it writes', async () => {
    const relay = await start();
    const owner = await client();
    const plan = newTestPlan(sodium, owner.device);
    owner.send({ type: 'member-event', planId: plan.planId, event: plan.genesis });
    await owner.next('log');
    const kit = deriveRecoveryKeys(sodium, plan.planId, generateRecoverySecret(sodium));
    const registered = createRecoveryRegistration(sodium, plan.state, {
      owner: owner.device,
      epochKeys: new Map([[0, plan.epochKey]]),
      kit: { signKey: kit.sign.publicKey, boxKey: kit.box.publicKey },
      now: Date.now(),
    });
    owner.send({ type: 'member-event', planId: plan.planId, event: registered.event });
    expect((await owner.next('log')).events).toEqual([registered.event]);
    owner.send({ type: 'subscribe', planId: plan.planId, afterSeq: 0 });
    await owner.next('log');
    while ((await owner.next()).type !== 'caught-up');

    const holder = await RelayTestClient.authenticated(relay.wsUrl, sodium, kit);
    clients.push(holder);
    holder.send({ type: 'subscribe', planId: plan.planId, afterSeq: 0 });
    expect((await holder.next('log')).events).toEqual([plan.genesis, registered.event]);
    while ((await holder.next()).type !== 'caught-up');

    // An owner's role on paper, but no write: not on the plan, not on the contributions, no presence.
    const at = { ...plan, state: registered.state };
    holder.send({ type: 'publish', envelope: sealTestEnvelope(sodium, at, kit, { clock: 1 }) });
    expect(await holder.next('error')).toMatchObject({ code: 'not-allowed' });
    holder.send({ type: 'publish', envelope: sealTestEnvelope(sodium, at, kit, { clock: 2, channel: 'contributions' }) });
    expect(await holder.next('error')).toMatchObject({ code: 'not-allowed' });
    holder.send({ type: 'presence', envelope: sealTestEnvelope(sodium, at, kit, { clock: 0, kind: 'presence' }) });
    expect(await holder.next('error')).toMatchObject({ code: 'not-allowed' });
    expect(await owner.silentFor(200)).toBe(true);
  });
});
