import { ready } from '@safeplan/schema/crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startRelay, type TestRelay } from '../testing/relay.ts';
import { newTestPlan, RelayTestClient, sealTestEnvelope } from '../testing/relay-test-client.ts';

/**
 * Two relays on one PostgreSQL schema, without any fan-out between them: what the store alone
 * must make true. A device that moves from one relay to the other finds its receipts there
 * (a resend is re-acked with its seq, not stored twice), and seqs continue where the other
 * relay left them.
 */
const sodium = await ready();
const relays: TestRelay[] = [];
const clients: RelayTestClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  // The relay that made the schema drops it, so it closes last.
  for (const relay of relays.splice(0).reverse()) await relay.close();
});

async function connect(relay: TestRelay, device?: RelayTestClient['device']) {
  const c = await RelayTestClient.authenticated(relay.wsUrl, sodium, device);
  clients.push(c);
  return c;
}

describe('two relays on one PostgreSQL database', () => {
  it('re-ack on one what the other stored, continue each other\'s clocks and seqs, and serve one history from both', async () => {
    const a = await startRelay({ store: 'postgres' });
    relays.push(a);
    const b = await startRelay({ pgSchema: a.pgSchema });
    relays.push(b);

    const onA = await connect(a);
    const plan = newTestPlan(sodium, onA.device);
    onA.send({ type: 'member-event', planId: plan.planId, event: plan.genesis });
    await onA.next('log');
    const sent = [1, 2, 3, 4].map((clock) => sealTestEnvelope(sodium, plan, onA.device, { clock }));
    for (const envelope of sent.slice(0, 3)) {
      onA.send({ type: 'publish', envelope });
      await onA.next('ack');
    }

    // The device reconnects to relay b (a's ack of clock 3 was lost) and sends clock 3 again, then 4.
    const onB = await connect(b, onA.device);
    onB.send({ type: 'publish', envelope: sent[2]! });
    expect(await onB.next('ack')).toMatchObject({ clock: 3, seq: 3 });
    onB.send({ type: 'publish', envelope: sent[3]! });
    expect(await onB.next('ack')).toMatchObject({ clock: 4, seq: 4 });
    // A reused clock with other bytes is refused on b too.
    onB.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, onA.device, { clock: 4 }) });
    expect((await onB.next('error')).code).toBe('replayed');
    // Back on a: it must know of clock 4 (stored by b), so clock 5 is next, not a gap.
    const five = sealTestEnvelope(sodium, plan, onA.device, { clock: 5 });
    sent.push(five);
    onA.send({ type: 'publish', envelope: five });
    expect(await onA.next('ack')).toMatchObject({ clock: 5, seq: 5 });

    for (const relay of [a, b]) {
      const reader = await connect(relay, onA.device);
      reader.send({ type: 'subscribe', planId: plan.planId, afterSeq: 0 });
      await reader.next('log');
      const delivered: Array<{ seq: number; envelope: Uint8Array }> = [];
      for (;;) {
        const f = await reader.next();
        if (f.type === 'caught-up') break;
        if (f.type === 'deliver') delivered.push({ seq: f.seq, envelope: f.envelope });
      }
      expect(delivered).toEqual(sent.map((envelope, i) => ({ seq: i + 1, envelope })));
    }
  });
});
