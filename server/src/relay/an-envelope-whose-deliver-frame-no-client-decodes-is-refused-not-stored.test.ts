import { ready } from '@safeplan/schema/crypto';
import { encodeClientFrame, encodeRelayFrame, MAX_FRAME_BYTES } from '@safeplan/schema/protocol';
import { describe, expect, it } from 'vitest';
import { DELIVER_FRAME_OVERHEAD } from './handle-publish.ts';
import { relayPerTest } from '../testing/relay-per-test.ts';
import { inviteAndJoin, newTestPlan, sealTestEnvelope, type TestPlan } from '../testing/relay-test-client.ts';
import type { DeviceKeys } from '@safeplan/schema/crypto';

const sodium = await ready();
const { client, start } = relayPerTest(sodium);

/** A real envelope of exactly `bytes` bytes (its plaintext sized to fit). */
function envelopeOf(plan: TestPlan, author: DeviceKeys, clock: number, bytes: number): Uint8Array {
  const probe = sealTestEnvelope(sodium, plan, author, { clock, plaintext: new Uint8Array(bytes - 1000) });
  const env = sealTestEnvelope(sodium, plan, author, { clock, plaintext: new Uint8Array(bytes - 1000 + bytes - probe.length) });
  expect(env.length).toBe(bytes);
  return env;
}

describe('an envelope whose deliver frame no client decodes is refused, not stored', () => {
  it('refuses the largest envelope a publish frame holds, and delivers the largest it takes in a frame a client decodes', async () => {
    await start();
    const owner = await client();
    const editor = await client();
    const plan = newTestPlan(sodium, owner.device);
    const joined = inviteAndJoin(sodium, plan, owner.device, editor.device);
    await owner.appendMemberEvents(plan.planId, [plan.genesis, joined.invite, joined.join]);
    await owner.subscribeFromStart(plan.planId);
    const written = { ...plan, state: joined.state };

    // The publish frame adds 4 bytes, a deliver frame up to 29: this one fits the first, not the second.
    const tooLarge = envelopeOf(written, editor.device, 1, MAX_FRAME_BYTES - 4);
    expect(encodeClientFrame({ type: 'publish', envelope: tooLarge }).length).toBe(MAX_FRAME_BYTES);
    editor.send({ type: 'publish', envelope: tooLarge });
    expect(await editor.next('error')).toMatchObject({ code: 'too-large', ref: plan.planId });

    // The largest taken: acked, and its deliver frame (with the largest seq there is) decodes at every device.
    const largest = envelopeOf(written, editor.device, 1, MAX_FRAME_BYTES - DELIVER_FRAME_OVERHEAD);
    expect(encodeRelayFrame({ type: 'deliver', planId: plan.planId, seq: Number.MAX_SAFE_INTEGER, envelope: largest }).length).toBe(MAX_FRAME_BYTES);
    editor.send({ type: 'publish', envelope: largest });
    expect(await editor.next('ack')).toMatchObject({ clock: 1, seq: 1 });
    expect(await owner.next('deliver')).toMatchObject({ seq: 1, envelope: largest });
  });
});
