import { ready } from '@safeplan/schema/crypto';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { testRelayForThisFile } from '../testing/relay-for-this-file.ts';
import { RelayTestClient } from '../testing/relay-test-client.ts';

const sodium = await ready();
const HEARTBEAT_MS = 100;
const relay = testRelayForThisFile({ limits: { heartbeatMs: HEARTBEAT_MS } });

/** A socket whose other end went away without a word: it answers no protocol ping. */
async function silentSocket(): Promise<{ ws: WebSocket; closed: Promise<number> }> {
  const ws = new WebSocket(relay.wsUrl, { autoPong: false });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, closed };
}

describe('the relay drops a connection that stops answering protocol pings', () => {
  it('terminates the silent one within two intervals and keeps one that answers', async () => {
    const answering = await RelayTestClient.connect(relay.wsUrl, sodium);
    const { ws, closed } = await silentSocket();
    let pings = 0;
    ws.on('ping', () => pings++);
    const started = Date.now();

    // Terminated, not closed: no close frame reaches a line that is gone (1006 = no close frame).
    expect(await closed).toBe(1006);
    expect(pings).toBeGreaterThanOrEqual(1);
    expect(Date.now() - started).toBeLessThan(HEARTBEAT_MS * 2 + 1000);

    // Several intervals later the answering socket (ws answers pings like a browser) still works.
    await new Promise((r) => setTimeout(r, HEARTBEAT_MS * 4));
    expect(answering.closed).toBe(false);
    answering.send({ type: 'ping', nonce: 3 });
    expect((await answering.next('pong')).nonce).toBe(3);
    await answering.close();
  });
});
