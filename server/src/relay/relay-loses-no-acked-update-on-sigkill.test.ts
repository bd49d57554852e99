import { randomBytes } from 'node:crypto';
import { ready, type Sodium } from '@safeplan/schema/crypto';
import { decodeEnvelopeHeader } from '@safeplan/schema/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../testing/relay-process.ts';
import { testStoreKinds } from '../testing/relay.ts';
import { newTestPlan, RelayTestClient, sealTestEnvelope } from '../testing/relay-test-client.ts';

let sodium: Sodium;

beforeAll(async () => {
  sodium = await ready();
});

describe.each(testStoreKinds)('a relay killed with SIGKILL loses no acknowledged update (%s store)', (store) => {
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = await startRelayProcess({ store });
  });
  afterAll(async () => {
    await relay.stop();
  });

  it('delivers every acked envelope, byte for byte, after a restart on the same store', async () => {
    const owner = await RelayTestClient.authenticated(relay.wsUrl, sodium);
    const plan = newTestPlan(sodium, owner.device);
    owner.send({ type: 'member-event', planId: plan.planId, event: plan.genesis });
    await owner.next('log');

    const sent = new Map<number, Uint8Array>();
    // Under the default burst (200 frames), so the rate limit plays no part.
    const total = 190;
    // Sealed up front, so the second wave goes out in one tight loop with the kill right behind it
    // (sealing between sends gave a loaded machine's relay time to commit the whole wave).
    for (let clock = 1; clock <= total; clock++) {
      sent.set(clock, sealTestEnvelope(sodium, plan, owner.device, { clock, plaintext: randomBytes(50_000) }));
    }
    const publish = (from: number, to: number) => {
      for (let clock = from; clock <= to; clock++) owner.send({ type: 'publish', envelope: sent.get(clock) as Uint8Array });
    };
    // A first wave, then at its first ack the rest, and the kill right behind it: the relay
    // commits arrivals in batches, so the kill must land while later ones are still on their way.
    publish(1, 40);
    const acked = new Map<number, number>();
    const first = await owner.next('ack', 10_000);
    acked.set(first.clock, first.seq);
    publish(41, total);
    await relay.kill9();
    for (const frame of owner.pending()) if (frame.type === 'ack') acked.set(frame.clock, frame.seq);
    // The test only proves something if the kill cut the stream.
    expect(acked.size).toBeLessThan(total);

    await relay.restart();
    const reader = await RelayTestClient.authenticated(relay.wsUrl, sodium, owner.device);
    reader.send({ type: 'subscribe', planId: plan.planId, afterSeq: 0 });
    expect((await reader.next('log')).events).toEqual([plan.genesis]);
    const stored = new Map<number, { seq: number; envelope: Uint8Array }>();
    for (;;) {
      const frame = await reader.next(undefined, 10_000);
      if (frame.type === 'caught-up') break;
      if (frame.type !== 'deliver') throw new Error(`unexpected ${frame.type}`);
      stored.set(decodeEnvelopeHeader(headerOf(frame.envelope)).clock, { seq: frame.seq, envelope: frame.envelope });
    }

    for (const [clock, seq] of acked) {
      expect(stored.get(clock)?.seq, `acked clock ${clock}`).toBe(seq);
      expect(stored.get(clock)?.envelope, `acked clock ${clock}`).toEqual(sent.get(clock));
    }
    // What survived is a gap-free prefix of the author's clocks.
    const clocks = [...stored.keys()].sort((a, b) => a - b);
    expect(clocks).toEqual(clocks.map((_, i) => i + 1));

    const next = clocks.length + 1;
    reader.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, owner.device, { clock: next }) });
    expect((await reader.next('ack')).clock).toBe(next);
    await reader.close();
  });
});

/** The envelope's first field is its header (varUint8Array); enough to read the clock back. */
function headerOf(envelope: Uint8Array): Uint8Array {
  let len = 0;
  let shift = 0;
  let i = 0;
  for (;;) {
    const b = envelope[i++] as number;
    len += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) break;
    shift += 7;
  }
  return envelope.slice(i, i + len);
}
