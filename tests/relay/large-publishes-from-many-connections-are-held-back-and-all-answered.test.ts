import { ready } from '@safeplan/schema/crypto';
import { describe, expect, it } from 'vitest';
import { newTestPlan, RelayTestClient, sealTestEnvelope } from '../../server/src/testing/relay-test-client.ts';
import { startRelay } from '../support/relay.ts';

/**
 * Each connection's burst is bounded by its rate limiter, but twenty connections bursting 1 MB
 * envelopes at once held about 530 MB more and delayed another client's ack by 2 s (a hostile-
 * client probe). What the relay has read and not yet answered is bounded relay-wide
 * (server/src/relay/input-budget.ts): past it, the heaviest senders are not read until it falls,
 * so TCP pushes back on them; nothing is refused or lost, and a small sender is never held back.
 */
const sodium = await ready();
const MiB = 1024 * 1024;

describe('large publishes from many connections are held back and all answered', () => {
  it('stops reading the heavy senders past the budget, acks every envelope, and keeps serving a small sender', async () => {
    const r = await startRelay({ limits: { maxInFlightBytes: 2 * MiB, burstBytes: 256 * MiB, burstFrames: 10_000 } });
    try {
      const COUNT = 8;
      const plaintext = new Uint8Array(500_000);
      const senders = await Promise.all(
        [0, 1, 2].map(async () => {
          const c = await RelayTestClient.authenticated(r.wsUrl, sodium);
          const plan = newTestPlan(sodium, c.device);
          c.send({ type: 'member-event', planId: plan.planId, event: plan.genesis });
          await c.next('log');
          return { c, plan };
        }),
      );
      const small = await RelayTestClient.authenticated(r.wsUrl, sodium);
      const smallPlan = newTestPlan(sodium, small.device);
      small.send({ type: 'member-event', planId: smallPlan.planId, event: smallPlan.genesis });
      await small.next('log');

      // About 12 MB at once from three connections, against a budget of 2 MiB.
      for (const { c, plan } of senders) {
        for (let clock = 1; clock <= COUNT; clock++) c.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, c.device, { clock, plaintext }) });
      }
      small.send({ type: 'publish', envelope: sealTestEnvelope(sodium, smallPlan, small.device, { clock: 1 }) });
      expect((await small.next('ack', 5000)).clock).toBe(1);

      for (const { c } of senders) {
        const clocks: number[] = [];
        for (let i = 0; i < COUNT; i++) clocks.push((await c.next('ack', 20_000)).clock);
        expect(clocks).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      }
      const heldBack = r.logEvents().filter((e) => e.event === 'limit.hit' && e.code === 'relay-input-full');
      expect(heldBack.length).toBeGreaterThan(0);
      for (const line of heldBack) expect(line.heldBytes).toBeGreaterThan((2 * MiB) / 16);
      // Everything answered: nothing is left in the budget, and the relay reads everyone again.
      const metrics = await (await fetch(`${r.url}/metrics`)).text();
      expect(/^safeplan_relay_input_in_flight_bytes (\d+)$/m.exec(metrics)?.[1]).toBe('0');
      small.send({ type: 'publish', envelope: sealTestEnvelope(sodium, smallPlan, small.device, { clock: 2 }) });
      expect((await small.next('ack', 5000)).clock).toBe(2);
      await Promise.all([...senders.map(({ c }) => c.close()), small.close()]);
    } finally {
      await r.close();
    }
  }, 60_000);
});
