import { ready } from '@safeplan/schema/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { RelayTestClient, sealTestEnvelope } from '../../server/src/testing/relay-test-client.ts';
import { publishBacklog, stalledReader, type Backlog } from '../support/backlog.ts';
import { startRelayProcess, type RelayProcess } from '../support/relay-process.ts';

/**
 * The bound (docs/threat-model.md, "Availability"): readers that subscribe to a 48 MiB backlog
 * and then stop reading cost the relay about one catch-up page (1 MiB) plus their socket buffers
 * each; 6 of them add less than 60 MB to its resident memory. Without streaming, each would
 * make the relay read and queue the whole backlog.
 */
const READERS = 6;
const RSS_BOUND = 60 * 1024 * 1024;
const STALL_MS = 4000;
const sodium = await ready();
let relay: RelayProcess;
let backlog: Backlog;

beforeAll(async () => {
  relay = await startRelayProcess({
    env: {
      SAFEPLAN_MAX_PLAN_BYTES: String(1024 * 1024 * 1024),
      SAFEPLAN_RATE_BURST_BYTES: String(1024 * 1024 * 1024),
      SAFEPLAN_RATE_BURST_FRAMES: '10000',
      SAFEPLAN_CATCH_UP_STALL_MS: String(STALL_MS),
    },
  });
  backlog = await publishBacklog(sodium, relay.wsUrl, 48, 1_000_000);
}, 60_000);
afterAll(async () => {
  await backlog?.owner.close();
  await relay.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${relay.url}/metrics`)).text();
  return Number(new RegExp(`^safeplan_relay_${name} (\\d+)$`, 'm').exec(text)?.[1]);
}

describe('a slow reader costs the relay bounded memory', () => {
  it(`${READERS} readers that stop reading during a 48 MiB catch-up add less than 60 MB, hold up no one, and are closed when they stall`, async () => {
    await sleep(300);
    const baseline = relay.rss();
    const readers: WebSocket[] = [];
    for (let i = 0; i < READERS; i++) readers.push(await stalledReader(sodium, relay.wsUrl, backlog));
    let peak = baseline;
    for (let i = 0; i < 10; i++) {
      await sleep(200);
      peak = Math.max(peak, relay.rss());
    }
    // The stalled catch-ups are visible to the operator, and bounded per reader.
    const queued = await metric('catch_up_queue_bytes');
    expect(queued).toBeGreaterThan(0);
    expect(queued).toBeLessThan(READERS * 4 * 1024 * 1024);

    // Meanwhile the plan goes on: the owner's publish is stored and acknowledged at once.
    const { owner, plan } = backlog;
    owner.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, owner.device, { clock: 49 }) });
    expect((await owner.next('ack', 5000)).clock).toBe(49);
    // And a reader that does read catches up past the stalled ones.
    const good = await RelayTestClient.authenticated(relay.wsUrl, sodium, owner.device);
    good.send({ type: 'subscribe', planId: plan.planId, afterSeq: 0 });
    await good.next('log');
    let delivered = 0;
    for (;;) {
      const frame = await good.next(undefined, 20_000);
      if (frame.type === 'caught-up') break;
      delivered++;
    }
    expect(delivered).toBe(49);

    // The relay gives up on each stalled reader (a paused client does not see its own socket
    // closing, so the relay's side is what is checked: its log and its connection count).
    const stalledLines = () => relay.output().filter((l) => l.includes('"limit.hit"') && l.includes('"code":"catch-up-stalled"'));
    const deadline = Date.now() + STALL_MS * 3;
    while (stalledLines().length < READERS && Date.now() < deadline) await sleep(200);
    peak = Math.max(peak, relay.rss());
    console.info(`relay RSS ${Math.round(baseline / 2 ** 20)} MB → peak ${Math.round(peak / 2 ** 20)} MB; stalled readers dropped: ${stalledLines().length}`);
    expect(peak - baseline).toBeLessThan(RSS_BOUND);
    expect(stalledLines()).toHaveLength(READERS);
    expect(await metric('connections')).toBe(2); // the owner and the good reader
    expect(await metric('catch_up_queue_bytes')).toBe(0);
    for (const ws of readers) ws.terminate();
    await good.close();
  }, 60_000);
});
