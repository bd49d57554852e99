import { ready } from '@safeplan/schema/crypto';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { testRelayForThisFile } from '../../server/src/testing/relay-for-this-file.ts';
import { RelayTestClient } from '../../server/src/testing/relay-test-client.ts';

const sodium = await ready();
// Small numbers so each flood is over in well under a second of the test's time; the window is
// long, so a steady flood cannot hide between two refills.
const relay = testRelayForThisFile({
  limits: {
    burstFrames: 20,
    framesPerSecond: 20,
    burstBytes: 3 * 1024 * 1024,
    bytesPerSecond: 512 * 1024,
    floodCloseAfter: 40,
    floodWindowMs: 10_000,
  },
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function closedWithin(isClosed: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (isClosed()) return true;
    await sleep(20);
  }
  return isClosed();
}

async function rawSocket(): Promise<WebSocket> {
  const ws = new WebSocket(relay.wsUrl);
  await new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('error', reject));
  return ws;
}

const floodsLogged = () => relay.logEvents().filter((e) => e.event === 'limit.hit' && e.code === 'flood');

describe('floods are throttled and closed', () => {
  it('text frames pay the rate limit too: past the burst they are refused, and a flood of them is closed', async () => {
    const flooder = await RelayTestClient.authenticated(relay.wsUrl, sodium);
    for (let i = 0; i < 30; i++) flooder.sendRaw('x'.repeat(100));
    const codes: string[] = [];
    for (let i = 0; i < 30; i++) codes.push((await flooder.next('error')).code);
    // hello and auth took 2 tokens of 20: 18 text frames answered as malformed, the rest throttled.
    expect(codes.filter((c) => c === 'malformed').length).toBeLessThanOrEqual(18);
    expect(codes.filter((c) => c === 'rate-limited').length).toBeGreaterThanOrEqual(12);
    for (let i = 0; i < 100; i++) flooder.sendRaw('x'.repeat(100));
    expect(await closedWithin(() => flooder.closed, 3000)).toBe(true);
  });

  it('large text frames are throttled by bytes, not only by count', async () => {
    const flooder = await RelayTestClient.authenticated(relay.wsUrl, sodium);
    const mib = 'y'.repeat(1024 * 1024);
    for (let i = 0; i < 6; i++) flooder.sendRaw(mib);
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) codes.push((await flooder.next('error', 10_000)).code);
    // A 3 MiB byte burst: three 1 MiB frames at most get an answer, the others are refused unread.
    expect(codes.filter((c) => c === 'rate-limited').length).toBeGreaterThanOrEqual(3);
    await flooder.close();
  });

  it('a steady flood just above the rate is closed, although tokens keep refilling', async () => {
    const flooder = await RelayTestClient.authenticated(relay.wsUrl, sodium);
    // 20 frames/s are allowed; send 40/s in small steps, for at most 6 s.
    const started = Date.now();
    let nonce = 0;
    while (!flooder.closed && Date.now() - started < 6000) {
      for (let i = 0; i < 2; i++) flooder.send({ type: 'ping', nonce: nonce++ });
      await sleep(50);
    }
    expect(flooder.closed).toBe(true);
    // Most pings were answered: the limit throttles a fast client before it closes a flooding one.
    expect(flooder.pending().filter((f) => f.type === 'pong').length).toBeGreaterThan(20);
  });

  it('a burst of binary frames before login is closed', async () => {
    const flooder = await RelayTestClient.connect(relay.wsUrl, sodium);
    for (let nonce = 0; nonce < 200; nonce++) flooder.send({ type: 'ping', nonce });
    expect(await closedWithin(() => flooder.closed, 3000)).toBe(true);
  });

  // 60 a second against a rate of 20 frames a second, for at most 5 s. Pongs sent unasked too:
  // ws answers neither with app code, so only the rate limit stops them.
  it.each(['ping', 'pong'] as const)('WebSocket %s frames count as frames: a flood of them is closed', async (kind) => {
    const ws = await rawSocket();
    let closed = false;
    ws.on('close', () => (closed = true));
    ws.on('error', () => undefined);
    const started = Date.now();
    while (!closed && Date.now() - started < 5000) {
      for (let i = 0; i < 3; i++) ws[kind]();
      await sleep(50);
    }
    expect(closed).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('every flood closed is a log line with its code and counts, and a refusal in /metrics', async () => {
    const lines = floodsLogged();
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const line of lines) {
      expect(Object.keys(line).sort()).toEqual(['code', 'conn', 'event', 'frame', 'refused', 'time']);
      expect(line.refused).toBeGreaterThanOrEqual(40);
    }
    const metrics = await (await fetch(`${relay.url}/metrics`)).text();
    const floods = /^safeplan_relay_refusals_total\{code="flood"\} (\d+)$/m.exec(metrics);
    expect(Number(floods?.[1])).toBe(lines.length);
  });

  it('a calm connection keeps its answers while others flood', async () => {
    const calm = await RelayTestClient.authenticated(relay.wsUrl, sodium);
    const flooders = await Promise.all([0, 1, 2].map(() => RelayTestClient.authenticated(relay.wsUrl, sodium)));
    for (const f of flooders) for (let i = 0; i < 300; i++) f.sendRaw('z');
    for (let nonce = 0; nonce < 10; nonce++) {
      calm.send({ type: 'ping', nonce });
      expect((await calm.next('pong', 2000)).nonce).toBe(nonce);
    }
    for (const f of flooders) expect(await closedWithin(() => f.closed, 3000)).toBe(true);
    await calm.close();
  });
});
