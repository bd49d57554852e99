import { connect, type Socket } from 'node:net';
import { ready } from '@safeplan/schema/crypto';
import { describe, expect, it } from 'vitest';
import { relayPerTest } from '../testing/relay-per-test.ts';

const sodium = await ready();
const { client, start } = relayPerTest(sodium);

/** A socket from `localAddress` that starts an upgrade request and never finishes its head. */
function slowUpgrade(port: number, localAddress: string): { socket: Socket; answer: () => string; closed: Promise<number> } {
  const started = Date.now();
  let answer = '';
  const socket = connect({ host: '127.0.0.1', port, localAddress });
  socket.on('error', () => {});
  socket.on('data', (d: Buffer) => (answer += d.toString()));
  socket.on('connect', () => socket.write('GET / HTTP/1.1\r\nHost: relay\r\nUpgrade: websocket\r\n'));
  const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now() - started)));
  return { socket, answer: () => answer, closed };
}

async function refusals(url: string, code: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(new RegExp(`^safeplan_relay_refusals_total\\{code="${code}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
}

/** Opens a socket from `localAddress` and closes it at once; resolves with what the relay answered first. */
function openAndClose(port: number, localAddress: string): Promise<string> {
  return new Promise((resolve) => {
    let answer = '';
    const socket = connect({ host: '127.0.0.1', port, localAddress });
    socket.on('error', () => {});
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    socket.on('connect', () => setTimeout(() => socket.destroy(), 20));
    socket.on('close', () => resolve(answer));
  });
}

const limits = { maxConnectionsPerAddress: 20, maxUnauthenticatedPerAddress: 5, loginDeadlineMs: 1000 };

describe('a socket that never finishes its upgrade is bounded per address and in time', () => {
  it('refuses an address past its sockets (WebSockets and logged-out ones: 25 here) with 429 at once, while others log in', async () => {
    const relay = await start({ limits });
    // 127.0.0.2 is the same machine as another address (Linux routes all of 127/8 to loopback).
    const slow = Array.from({ length: 40 }, () => slowUpgrade(relay.port, '127.0.0.2'));
    try {
      await new Promise((r) => setTimeout(r, 500));
      expect(slow.filter((s) => s.answer().startsWith('HTTP/1.1 429'))).toHaveLength(15);
      expect(await refusals(relay.url, 'too-many-sockets-from-address')).toBe(15);
      // One log line a second per code, saying how many refusals it stands for.
      const lines = relay.logEvents().filter((e) => e.event === 'limit.hit' && e.code === 'too-many-sockets-from-address');
      expect(lines.length).toBeGreaterThanOrEqual(1);
      expect(lines.reduce((n, e) => n + Number(e.refused), 0)).toBeLessThanOrEqual(15);
      const other = await client();
      other.send({ type: 'ping', nonce: 1 });
      expect(await other.next('pong')).toMatchObject({ nonce: 1 });
    } finally {
      for (const s of slow) s.socket.destroy();
    }
  });

  it('closes a socket whose request head is not complete at the login deadline, however it trickles', async () => {
    const relay = await start({ limits });
    const slow = Array.from({ length: 10 }, () => slowUpgrade(relay.port, '127.0.0.2'));
    // A header byte now and then does not keep a socket: the whole head is due within the deadline.
    const trickle = setInterval(() => slow.forEach((s) => !s.socket.destroyed && s.socket.write('X')), 200);
    try {
      const lifetimes = await Promise.all(slow.map((s) => Promise.race([s.closed, new Promise<number>((r) => setTimeout(() => r(Infinity), 5000))])));
      // The deadline (1 s) and the check that finds it (every second).
      expect(Math.max(...lifetimes)).toBeLessThan(3000);
    } finally {
      clearInterval(trickle);
      for (const s of slow) s.socket.destroy();
    }
  });

  it('refuses any socket with 503 once all addresses together hold as many as the relay takes', async () => {
    // 10 WebSockets in all, 5 per address (+5 logged out): 10 TCP sockets per address, 20 in all.
    const relay = await start({ limits: { maxConnections: 10, maxConnectionsPerAddress: 5, maxUnauthenticatedPerAddress: 5, loginDeadlineMs: 2000 } });
    const slow = ['127.0.0.2', '127.0.0.3', '127.0.0.4'].flatMap((address) => Array.from({ length: 10 }, () => slowUpgrade(relay.port, address)));
    try {
      await new Promise((r) => setTimeout(r, 500));
      expect(slow.filter((s) => s.answer().startsWith('HTTP/1.1 503'))).toHaveLength(10);
    } finally {
      for (const s of slow) s.socket.destroy();
    }
    // Read once the sockets are gone: while the relay is full, /metrics is refused too.
    await Promise.all(slow.map((s) => s.closed));
    expect(await refusals(relay.url, 'too-many-sockets')).toBe(10);
  });

  it('refuses an address opening and closing sockets faster than its rate, after a burst as large as its bound', async () => {
    const relay = await start({ limits: { ...limits, newSocketsPerAddressPerSecond: 5 } });
    const answers: string[] = [];
    // One after the other, so the address never holds more than one: only the rate can say no.
    for (let i = 0; i < 60; i++) answers.push(await openAndClose(relay.port, '127.0.0.2'));
    const tooFast = answers.filter((a) => a.startsWith('HTTP/1.1 429') && a.includes('new sockets')).length;
    expect(tooFast).toBeGreaterThanOrEqual(20);
    expect(await refusals(relay.url, 'new-sockets-too-fast')).toBe(tooFast);
    expect(relay.logEvents().filter((e) => e.event === 'limit.hit' && e.code === 'new-sockets-too-fast').length).toBeLessThanOrEqual(5);
    // Another address is not held back.
    expect(await openAndClose(relay.port, '127.0.0.3')).toBe('');
  });
});
