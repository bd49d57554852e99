import { generateDeviceKeys, ready } from '@safeplan/schema/crypto';
import { describe, expect, it } from 'vitest';
import { testRelayForThisFile } from '../testing/relay-for-this-file.ts';
import { inviteAndJoin, newTestPlan, RelayTestClient, sealTestEnvelope } from '../testing/relay-test-client.ts';

const sodium = await ready();
const relay = testRelayForThisFile();

/** Every 12-byte window of `bytes` in the encodings a careless log line might use. */
function fingerprints(bytes: Uint8Array): string[] {
  const out: string[] = [];
  for (let i = 0; i + 12 <= bytes.length; i += 5) {
    const w = Buffer.from(bytes.subarray(i, i + 12));
    out.push(w.toString('hex'), w.toString('base64').slice(0, 12), w.toString('base64url').slice(0, 12));
  }
  return out;
}

describe('the relay logs events, ids, sizes and codes, never content', () => {
  it('keeps envelope bodies, ciphertext, member events and presence out of its log lines', async () => {
    const owner = await RelayTestClient.authenticated(relay.wsUrl, sodium);
    const plan = newTestPlan(sodium, owner.device);
    const joinerKeys = generateDeviceKeys(sodium);
    const { invite, join } = inviteAndJoin(sodium, plan, owner.device, joinerKeys);
    const secrets: Uint8Array[] = [plan.genesis, invite, join];
    for (const event of [plan.genesis, invite]) {
      owner.send({ type: 'member-event', planId: plan.planId, event });
      await owner.next('log');
    }
    const joiner = await RelayTestClient.authenticated(relay.wsUrl, sodium, joinerKeys);
    joiner.send({ type: 'member-event', planId: plan.planId, event: join });
    await joiner.next('log');
    for (const c of [owner, joiner]) await c.subscribeFromStart(plan.planId);
    for (let clock = 1; clock <= 3; clock++) {
      const envelope = sealTestEnvelope(sodium, plan, owner.device, { clock });
      secrets.push(envelope);
      owner.send({ type: 'publish', envelope });
      await owner.next('ack');
      await joiner.next('deliver');
    }
    const presence = sealTestEnvelope(sodium, plan, joiner.device, { clock: 0, kind: 'presence' });
    secrets.push(presence);
    joiner.send({ type: 'presence', envelope: presence });
    await owner.next('presence');
    const bad = sealTestEnvelope(sodium, plan, owner.device, { clock: 9 });
    secrets.push(bad);
    owner.send({ type: 'publish', envelope: bad });
    await owner.next('error');
    await owner.close();
    await joiner.close();

    const lines = relay.logLines();
    const events = relay.logEvents();
    expect(events.map((e) => e.event)).toEqual(expect.arrayContaining(['envelope.stored', 'member.appended', 'frame.refused']));
    for (const line of lines) expect(line.length).toBeLessThan(400);
    // Plan ids are routing data and may be logged; everything else in these bytes may not.
    const id = Buffer.from(plan.planId);
    const allowed = [id.toString('hex'), id.toString('base64'), id.toString('base64url')];
    const prints = secrets.flatMap(fingerprints).filter((p) => !allowed.some((a) => a.includes(p)));
    expect(prints.length).toBeGreaterThan(100);
    for (const line of lines) {
      for (const p of prints) expect(line.includes(p), `log line holds envelope or event bytes: ${line}`).toBe(false);
    }
  });
});
