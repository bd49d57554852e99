import { randomBytes } from 'node:crypto';
import { ready } from '@safeplan/schema/crypto';
import { WIRE_VERSION } from '@safeplan/schema/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { newTestPlan, RelayTestClient, sealTestEnvelope } from '../../server/src/testing/relay-test-client.ts';
import { startRelayProcess, type RelayProcess } from '../support/relay-process.ts';
import { startRelay } from '../support/relay.ts';

/**
 * The bound this test holds the relay to (docs/threat-model.md, "Availability"): 500 logged-out
 * sockets, each with a large frame it never finishes and each answering the relay's pings, add
 * less than 100 MB to the relay's resident memory. Before login a frame may be 1 KiB, so a
 * socket costs its kernel buffers and a few KiB of the relay's; without that bound each one
 * could park up to 4 MiB in the relay.
 */
const ATTACKERS = 500;
const RSS_BOUND = 100 * 1024 * 1024;
const sodium = await ready();
let relay: RelayProcess;

beforeAll(async () => {
  relay = await startRelayProcess({
    env: {
      // Every attacker is admitted (as from 500 addresses); the deadline is longer than the test
      // part that measures, so only the frame bound keeps memory down there.
      SAFEPLAN_MAX_UNAUTHENTICATED_PER_ADDRESS: String(ATTACKERS + 10),
      SAFEPLAN_LOGIN_DEADLINE_MS: '20000',
      SAFEPLAN_HEARTBEAT_MS: '1000',
    },
  });
}, 60_000);
afterAll(async () => {
  await relay.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A WebSocket client that starts a binary message and never finishes it: the first fragment
 * (FIN unset) of `sent` bytes; its pongs are whole control frames after that fragment, which the
 * protocol allows, so it keeps answering the relay's pings. `declared` is that fragment's length.
 */
async function halfFrame(url: string, declared: number, sent: number): Promise<WebSocket> {
  const ws = new WebSocket(url);
  ws.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('error', reject));
  const header = Buffer.alloc(14);
  header[0] = 0x02; // binary, FIN unset: more fragments would follow
  header[1] = 0x80 | 127; // masked, 64-bit length
  header.writeBigUInt64BE(BigInt(declared), 2);
  randomBytes(4).copy(header, 10);
  (ws as unknown as { _socket: { write(b: Buffer): void } })._socket.write(Buffer.concat([header, randomBytes(sent)]));
  return ws;
}

async function editorsDeliver(owner: RelayTestClient, reader: RelayTestClient, plan: ReturnType<typeof newTestPlan>, clock: number): Promise<number> {
  const started = Date.now();
  owner.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, owner.device, { clock }) });
  await owner.next('ack', 10_000);
  expect((await reader.next('deliver', 10_000)).seq).toBeGreaterThan(0);
  return Date.now() - started;
}

describe('unauthenticated sockets cannot exhaust the relay’s memory', () => {
  it(`holds ${ATTACKERS} logged-out sockets with unfinished large frames under +100 MB while editors keep delivering`, async () => {
    const owner = await RelayTestClient.authenticated(relay.wsUrl, sodium);
    const plan = newTestPlan(sodium, owner.device);
    owner.send({ type: 'member-event', planId: plan.planId, event: plan.genesis });
    await owner.next('log');
    const reader = await RelayTestClient.authenticated(relay.wsUrl, sodium, owner.device);
    await reader.subscribeFromStart(plan.planId);
    let clock = 1;
    await editorsDeliver(owner, reader, plan, clock++);
    await sleep(500);
    const baseline = relay.rss();

    const attackers: WebSocket[] = [];
    let peak = baseline;
    for (let i = 0; i < ATTACKERS; i++) {
      // Half of them send a 1 MiB first fragment; the other half stay under the 1 KiB login
      // bound (a 900-byte fragment), so they stay open until the login deadline.
      attackers.push(i % 2 === 0 ? await halfFrame(relay.wsUrl, 1024 * 1024, 1024 * 1024) : await halfFrame(relay.wsUrl, 900, 900));
      if (i % 50 === 49) {
        peak = Math.max(peak, relay.rss());
        // Stop early on a relay that buffers them: the bound is already broken.
        expect(peak - baseline, `after ${i + 1} sockets`).toBeLessThan(RSS_BOUND);
        await editorsDeliver(owner, reader, plan, clock++);
      }
    }
    // Several heartbeats: the attackers answer every ping, so only the relay's bounds help.
    for (let i = 0; i < 4; i++) {
      await sleep(1000);
      peak = Math.max(peak, relay.rss());
      expect(await editorsDeliver(owner, reader, plan, clock++)).toBeLessThan(5000);
    }
    const stillOpen = attackers.filter((ws) => ws.readyState === WebSocket.OPEN).length;
    console.info(`relay RSS ${Math.round(baseline / 2 ** 20)} MB → peak ${Math.round(peak / 2 ** 20)} MB with ${stillOpen} attackers open`);
    expect(peak - baseline).toBeLessThan(RSS_BOUND);
    // The big fragments were refused at their header; the small ones still wait for the deadline.
    expect(stillOpen).toBeLessThanOrEqual(ATTACKERS / 2);
    expect(stillOpen).toBeGreaterThan(ATTACKERS / 4);
    for (const ws of attackers) ws.terminate();
    await Promise.all([owner.close(), reader.close()]);
  }, 60_000);
});

describe('who may open a socket at all', () => {
  it('refuses an address past its open sockets, logged in or not, and lets it in again once one closes', async () => {
    // Logging in needs only a fresh key: before this bound one address could log in every slot
    // of maxConnections, so no one else could connect at all.
    const r = await startRelay({ limits: { maxConnectionsPerAddress: 3, maxConnections: 100 } });
    try {
      const mine = await Promise.all([0, 1, 2].map(() => RelayTestClient.authenticated(r.wsUrl, sodium)));
      await expect(RelayTestClient.connect(r.wsUrl, sodium)).rejects.toThrow(/429/);
      const refusals = r.logEvents().filter((e) => e.event === 'limit.hit' && e.code === 'too-many-from-address');
      expect(refusals).toHaveLength(1);
      await mine[0]!.close();
      await sleep(100);
      const again = await RelayTestClient.authenticated(r.wsUrl, sodium);
      await Promise.all([again.close(), mine[1]!.close(), mine[2]!.close()]);
    } finally {
      await r.close();
    }
  });

  it('closes a socket that has not logged in by the deadline, and refuses an address past its logged-out sockets', async () => {
    const r = await startRelay({ limits: { loginDeadlineMs: 300, maxUnauthenticatedPerAddress: 3 } });
    try {
      const waiting = await Promise.all([0, 1, 2].map(() => RelayTestClient.connect(r.wsUrl, sodium)));
      await expect(RelayTestClient.connect(r.wsUrl, sodium)).rejects.toThrow(/429/);
      // Logging in frees the address's slot; the others are closed at the deadline.
      waiting[0]!.send({ type: 'hello', author: waiting[0]!.device.sign.publicKey, version: WIRE_VERSION });
      const { challenge } = await waiting[0]!.next('challenge');
      const { signChallenge } = await import('@safeplan/schema/protocol');
      waiting[0]!.send({ type: 'auth', signature: signChallenge(sodium, challenge, waiting[0]!.device.sign.privateKey) });
      await waiting[0]!.next('ready');
      await sleep(600);
      expect(waiting.map((c) => c.closed)).toEqual([false, true, true]);
      // The ones closed are told why, not just cut: a slow but honest device knows to try again.
      for (const late of waiting.slice(1)) {
        expect(await late.closedWith()).toBe(1008);
        expect(late.pending()).toEqual([{ type: 'error', code: 'not-authenticated', detail: 'log in within 300 ms of connecting' }]);
      }
      const deadlines = r.logEvents().filter((e) => e.event === 'limit.hit' && e.code === 'login-deadline');
      expect(deadlines).toHaveLength(2);
      const later = await RelayTestClient.authenticated(r.wsUrl, sodium);
      await later.close();
      await waiting[0]!.close();
    } finally {
      await r.close();
    }
  });

  it('refuses connections past the total (503), and a browser page from another origin (403)', async () => {
    const r = await startRelay({ limits: { maxConnections: 2 } });
    try {
      const open = await Promise.all([0, 1].map(() => RelayTestClient.connect(r.wsUrl, sodium)));
      await expect(RelayTestClient.connect(r.wsUrl, sodium)).rejects.toThrow(/503/);
      await Promise.all(open.map((c) => c.close()));
      await sleep(50);
      const origin = (o: string) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(r.wsUrl, { origin: o });
          ws.once('open', () => {
            ws.close();
            resolve('open');
          });
          ws.once('error', (err) => resolve(err.message));
        });
      expect(await origin('https://evil.example')).toMatch(/403/);
      expect(await origin(r.url)).toBe('open'); // the app's own origin
      const codes = r.logEvents().filter((e) => e.event === 'limit.hit').map((e) => e.code);
      expect(codes).toEqual(['too-many-connections', 'origin-not-allowed']);
    } finally {
      await r.close();
    }
  });
});
