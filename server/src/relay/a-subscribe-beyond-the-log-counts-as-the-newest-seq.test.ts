import { generateDeviceKeys, ready } from '@safeplan/schema/crypto';
import { describe, expect, it } from 'vitest';
import type { TestRelay } from '../testing/relay.ts';
import { relayPerTest } from '../testing/relay-per-test.ts';
import { inviteAndJoin, newTestPlan, RelayTestClient, sealTestEnvelope } from '../testing/relay-test-client.ts';

const sodium = await ready();
const { clients, client, start } = relayPerTest(sodium);

/**
 * A member (a reader is enough) who is the first to subscribe, claiming a seq the relay never
 * handed out, once started the plan's room above its log: later publishes reached nobody, and
 * the next subscriber's catch-up read on without end, holding the relay's event loop (no acks,
 * no logins, no /healthz for any plan). Every plan has no room after a restart, so any member could.
 */
describe('a subscribe beyond the log counts as the newest seq', () => {
  it('answers caught-up at the newest seq, delivers later publishes, and serves the next subscriber', async () => {
    const relay: TestRelay = await start();
    const owner = await client();
    const plan = newTestPlan(sodium, owner.device);
    owner.send({ type: 'member-event', planId: plan.planId, event: plan.genesis });
    await owner.next('log');
    const readerKeys = generateDeviceKeys(sodium);
    const { invite, join } = inviteAndJoin(sodium, plan, owner.device, readerKeys, { role: 'reader' });
    owner.send({ type: 'member-event', planId: plan.planId, event: invite });
    await owner.next('log');
    const reader = await RelayTestClient.authenticated(relay.wsUrl, sodium, readerKeys);
    clients.push(reader);
    reader.send({ type: 'member-event', planId: plan.planId, event: join });
    await reader.next('log');
    owner.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, owner.device, { clock: 1 }) });
    expect((await owner.next('ack')).seq).toBe(1);

    // Nobody subscribes yet: the reader is the first, and claims far more than exists.
    reader.send({ type: 'subscribe', planId: plan.planId, afterSeq: 1e12 });
    await reader.next('log');
    expect((await reader.next('caught-up')).seq).toBe(1);
    expect(relay.logLines().some((l) => l.includes('"plan.subscribe-beyond-log"') && l.includes('"latest":1'))).toBe(true);

    // The room starts at the log's end: the next publish reaches the reader.
    const second = sealTestEnvelope(sodium, plan, owner.device, { clock: 2 });
    owner.send({ type: 'publish', envelope: second });
    expect((await owner.next('ack')).seq).toBe(2);
    const live = await reader.next('deliver', 2000);
    expect(live.seq).toBe(2);
    expect(live.envelope).toEqual(second);

    // The next subscriber is served, and the relay still answers everyone else.
    const again = await RelayTestClient.authenticated(relay.wsUrl, sodium, owner.device);
    clients.push(again);
    again.send({ type: 'subscribe', planId: plan.planId, afterSeq: 1 });
    await again.next('log');
    expect((await again.next('deliver', 2000)).seq).toBe(2);
    expect((await again.next('caught-up', 2000)).seq).toBe(2);
    const health = await fetch(`${relay.url}/healthz`, { signal: AbortSignal.timeout(2000) });
    expect(health.status).toBe(200);
  });
});
