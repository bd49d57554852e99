import { ready } from '@safeplan/schema/crypto';
import { describe, expect, it } from 'vitest';
import { newTestPlan, RelayTestClient, sealTestEnvelope } from '../../server/src/testing/relay-test-client.ts';
import { readerThatStops } from '../support/backlog.ts';
import { startRelay } from '../support/relay.ts';

/**
 * Each connection's queued output has its own bound (maxBufferedBytes), but many readers that stop
 * reading, each just under it, added up without limit (30 of them: +540 MB). The total is bounded
 * too (docs/threat-model.md, "Availability"): past it the relay drops the connections holding the
 * most, and a reader of ordinary speed keeps getting everything.
 */
const sodium = await ready();
const MiB = 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('readers that stop reading are dropped once all queued output passes its bound', () => {
  it('drops the connections holding the most, while a reader that reads gets every envelope', async () => {
    const r = await startRelay({ limits: { maxTotalBufferedBytes: 8 * MiB, maxBufferedBytes: 64 * MiB, burstBytes: 256 * MiB, burstFrames: 10_000 } });
    try {
      const owner = await RelayTestClient.authenticated(r.wsUrl, sodium);
      const plan = newTestPlan(sodium, owner.device);
      owner.send({ type: 'member-event', planId: plan.planId, event: plan.genesis });
      await owner.next('log');
      const reading = await RelayTestClient.authenticated(r.wsUrl, sodium, owner.device);
      reading.send({ type: 'subscribe', planId: plan.planId, afterSeq: 0 });
      await reading.next('log');
      await reading.next('caught-up');
      const stopped = await Promise.all([0, 1, 2, 3].map(() => readerThatStops(sodium, r.wsUrl, plan, owner.device, 'caught-up')));

      // 12 envelopes of about 1 MB to 4 readers that do not read: about 48 MB queued without the bound.
      const COUNT = 12;
      const plaintext = new Uint8Array(1_000_000);
      for (let clock = 1; clock <= COUNT; clock++) {
        owner.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, owner.device, { clock, plaintext }) });
        expect((await owner.next('ack', 10_000)).clock).toBe(clock);
      }
      for (let seq = 1; seq <= COUNT; seq++) expect((await reading.next('deliver', 10_000)).seq).toBe(seq);

      const dropped = () => r.logEvents().filter((e) => e.event === 'limit.hit' && e.code === 'relay-output-full');
      const deadline = Date.now() + 5000;
      while (dropped().length === 0 && Date.now() < deadline) await sleep(100);
      expect(dropped().length).toBeGreaterThan(0);
      expect(dropped().length).toBeLessThanOrEqual(stopped.length);
      for (const line of dropped()) expect(line.bufferedBytes).toBeGreaterThan(MiB);
      // The reader that reads is still served.
      owner.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, owner.device, { clock: COUNT + 1 }) });
      expect((await reading.next('deliver', 5000)).seq).toBe(COUNT + 1);
      for (const ws of stopped) ws.terminate();
      await Promise.all([owner.close(), reading.close()]);
    } finally {
      await r.close();
    }
  }, 60_000);
});
