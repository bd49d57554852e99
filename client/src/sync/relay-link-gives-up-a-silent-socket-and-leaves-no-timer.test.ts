import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { generateDeviceKeys, ready } from '@safeplan/schema/crypto';
import { decodeClientFrame, encodeRelayFrame, type ClientFrame, type RelayFrame } from '@safeplan/schema/protocol';
import { RelayLink, type WebSocketLike } from './relay-link.ts';

const s = await ready();
const HEARTBEAT = { heartbeatMs: 1000, deadAfterMs: 500 };
const RECONNECT = { baseMs: 100, maxMs: 100 };

/**
 * A socket on a line the test controls: it opens, carries frames and closes only when told. Its
 * `close()` says nothing back, like a socket whose line is dead (no close event ever comes).
 */
class ScriptedSocket {
  static made: ScriptedSocket[] = [];
  readyState = 0;
  binaryType = 'blob';
  closeCalled = false;
  readonly sent: ClientFrame[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onerror: (() => void) | null = null;
  onclose: (() => void) | null = null;

  constructor(readonly url: string) {
    ScriptedSocket.made.push(this);
  }

  send(bytes: Uint8Array): void {
    this.sent.push(decodeClientFrame(bytes));
  }

  close(): void {
    this.closeCalled = true;
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.();
  }

  receive(frame: RelayFrame): void {
    const bytes = encodeRelayFrame(frame);
    this.onmessage?.({ data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) });
  }
}

function link(): { link: RelayLink; events: string[] } {
  const events: string[] = [];
  const l = new RelayLink(
    'ws://relay.test/',
    ScriptedSocket as unknown as WebSocketLike,
    s,
    generateDeviceKeys(s).sign,
    { onReady: () => events.push('ready'), onFrame: (f) => events.push(f.type), onConnection: (up) => events.push(up ? 'up' : 'down') },
    RECONNECT,
    HEARTBEAT,
  );
  return { link: l, events };
}

/** Opens the newest socket and completes hello → challenge → auth → ready on it. */
function connect(): ScriptedSocket {
  const ws = ScriptedSocket.made.at(-1)!;
  ws.open();
  ws.receive({ type: 'challenge', challenge: new Uint8Array(32) });
  ws.receive({ type: 'ready' });
  return ws;
}

describe('the relay link on a line that goes silent', () => {
  beforeEach(() => {
    ScriptedSocket.made = [];
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('pings after heartbeatMs, and without an answer gives the socket up at once and reconnects', () => {
    const { link: l, events } = link();
    const first = connect();
    expect(events).toEqual(['up', 'ready']);
    vi.advanceTimersByTime(HEARTBEAT.heartbeatMs);
    expect(first.sent.map((f) => f.type)).toEqual(['hello', 'auth', 'ping']);

    vi.advanceTimersByTime(HEARTBEAT.deadAfterMs);
    // No close event came (the line is dead), and the link did not wait for one.
    expect(first.closeCalled).toBe(true);
    expect(events).toEqual(['up', 'ready', 'down']);
    vi.advanceTimersByTime(RECONNECT.maxMs);
    expect(ScriptedSocket.made).toHaveLength(2);

    // Frames of the socket left behind reach nobody; the new one works as ever.
    first.receive({ type: 'caught-up', planId: new Uint8Array(16), seq: 1 });
    connect();
    expect(events).toEqual(['up', 'ready', 'down', 'up', 'ready']);
    l.close();
  });

  it('keeps a line that answers, and takes the pong as its own business', () => {
    const { link: l, events } = link();
    const ws = connect();
    for (let i = 1; i <= 5; i++) {
      vi.advanceTimersByTime(HEARTBEAT.heartbeatMs);
      const ping = ws.sent.at(-1);
      expect(ping).toEqual({ type: 'ping', nonce: i });
      vi.advanceTimersByTime(HEARTBEAT.deadAfterMs - 1);
      ws.receive({ type: 'pong', nonce: i });
    }
    expect(ws.closeCalled).toBe(false);
    expect(events).toEqual(['up', 'ready']);
    l.close();
  });

  it('gives up a connect that hangs, without ever sending on it', () => {
    const { link: l } = link();
    const hanging = ScriptedSocket.made[0]!;
    vi.advanceTimersByTime(HEARTBEAT.heartbeatMs + HEARTBEAT.deadAfterMs);
    expect(hanging.closeCalled).toBe(true);
    expect(hanging.sent).toEqual([]);
    vi.advanceTimersByTime(RECONNECT.maxMs);
    expect(ScriptedSocket.made).toHaveLength(2);
    l.close();
  });

  it('leaves no timer running after close, whatever it was waiting for', () => {
    const phases: [string, () => void][] = [
      ['connecting', () => undefined],
      ['connected and quiet', () => connect()],
      ['waiting for a pong', () => (connect(), vi.advanceTimersByTime(HEARTBEAT.heartbeatMs))],
      ['waiting to reconnect', () => (connect(), vi.advanceTimersByTime(HEARTBEAT.heartbeatMs + HEARTBEAT.deadAfterMs))],
    ];
    for (const [phase, reach] of phases) {
      const { link: l } = link();
      reach();
      expect(vi.getTimerCount(), phase).toBeGreaterThan(0);
      l.close();
      expect(vi.getTimerCount(), phase).toBe(0);
    }
  });
});
