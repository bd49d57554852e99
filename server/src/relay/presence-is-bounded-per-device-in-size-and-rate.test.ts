import { ready } from '@safeplan/schema/crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from './context.ts';
import { relayPerTest } from '../testing/relay-per-test.ts';
import { inviteAndJoin, newTestPlan, RelayTestClient, sealTestEnvelope, type TestPlan } from '../testing/relay-test-client.ts';
import type { DeviceKeys } from '@safeplan/schema/crypto';

const sodium = await ready();
const { client, clients, start } = relayPerTest(sodium);

/** A presence envelope of about `bytes` bytes (its plaintext sized to fit). */
const presenceOf = (plan: TestPlan, author: DeviceKeys, bytes: number) =>
  sealTestEnvelope(sodium, plan, author, { clock: 0, kind: 'presence', plaintext: new Uint8Array(bytes - 200) });

/** Takes frames until `ms` pass without one; counts them by type (and error code). */
async function drainCounts(c: RelayTestClient, ms = 300): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (;;) {
    const frame = await c.next(undefined, ms).catch(() => null);
    if (!frame) return counts;
    const key = frame.type === 'error' ? `error:${frame.code}` : frame.type;
    counts[key] = (counts[key] ?? 0) + 1;
  }
}

describe('presence is bounded per device, in size and in rate', () => {
  it("a reader's presence past its size is too-large, and past its device's budget rate-limited on every socket it opens", async () => {
    const relay = await start();
    const owner = await client();
    const reader = await client();
    const plan = newTestPlan(sodium, owner.device);
    const joined = inviteAndJoin(sodium, plan, owner.device, reader.device, { role: 'reader' });
    await owner.appendMemberEvents(plan.planId, [plan.genesis, joined.invite, joined.join]);
    await owner.subscribeFromStart(plan.planId);
    await reader.subscribeFromStart(plan.planId);
    // The same device on a second socket shares the budget.
    const again = await RelayTestClient.authenticated(relay.wsUrl, sodium, reader.device);
    clients.push(again);
    await again.subscribeFromStart(plan.planId);

    reader.send({ type: 'presence', envelope: presenceOf(plan, reader.device, DEFAULT_LIMITS.maxPresenceBytes + 100) });
    expect(await reader.next('error')).toMatchObject({ code: 'too-large', ref: plan.planId });

    // 8 KiB a frame, 40 frames from two sockets at once: the burst (128 KiB) lets about 16 through.
    const big = presenceOf(plan, reader.device, 8 * 1024);
    for (let i = 0; i < 20; i++) {
      reader.send({ type: 'presence', envelope: big });
      again.send({ type: 'presence', envelope: big });
    }
    const relayed = (await drainCounts(owner)).presence ?? 0;
    expect(relayed).toBeGreaterThanOrEqual(15);
    expect(relayed).toBeLessThanOrEqual(18);
    const refused = ((await drainCounts(reader))['error:rate-limited'] ?? 0) + ((await drainCounts(again))['error:rate-limited'] ?? 0);
    expect(refused).toBe(40 - relayed);
    expect(relay.logEvents().some((e) => e.event === 'limit.hit' && e.code === 'presence-budget')).toBe(true);
  });

  it('a caret moving with every keystroke, 20 a second, is all relayed', async () => {
    await start();
    const owner = await client();
    const editor = await client();
    const plan = newTestPlan(sodium, owner.device);
    const joined = inviteAndJoin(sodium, plan, owner.device, editor.device);
    await owner.appendMemberEvents(plan.planId, [plan.genesis, joined.invite, joined.join]);
    await owner.subscribeFromStart(plan.planId);
    await editor.subscribeFromStart(plan.planId);
    for (let i = 0; i < 40; i++) {
      editor.send({ type: 'presence', envelope: presenceOf(plan, editor.device, 600) });
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await drainCounts(owner)).toEqual({ presence: 40 });
    expect(await drainCounts(editor)).toEqual({});
  });
});
