import { randomBytes } from 'node:crypto';

/**
 * What one relay tells the other relays on the same store. Never an envelope of the plan: a
 * notification only says that the store holds more (the receiver reads it from the store, in seq
 * order), so a lost notification loses nothing (plan-follower.ts catches up on the next one, on a
 * reconnect of the bus and on a periodic poll). Presence is the exception: it is never stored, so
 * its (small, sealed) envelope travels on the bus itself, and a lost one is simply not seen; each
 * device announces itself again on its next change.
 *
 * Plan ids are the base64url routing ids the relay already logs; nothing here is content.
 */
export type BusMessage =
  /**
   * The plan's store holds envelopes up to `seq`, written by members of the log's first
   * `logLength` events (the receiver sends its devices those events first).
   */
  | { type: 'seq'; plan: string; seq: number; logLength: number }
  /** The plan's member log holds `length` events. */
  | { type: 'log'; plan: string; length: number }
  /** A presence envelope for the plan's subscribers, of a member of the log's first `logLength` events. */
  | { type: 'presence'; plan: string; envelope: Uint8Array; logLength: number };

export interface RelayBus {
  /** `local`: one relay, nothing to tell; anything else names the channel (metrics, logs). */
  readonly kind: string;
  /**
   * Hands the message to the other relays. Never throws and never waits for them: a message that
   * cannot be sent is counted and logged by the bus, and the others catch up from the store.
   */
  publish(message: BusMessage): void;
  /** Every message of the other relays (never this relay's own). */
  onMessage(handler: (message: BusMessage) => void): void;
  /** The bus (re)connected: whatever was sent meanwhile may be lost, so catch up from the store. */
  onReconnect(handler: () => void): void;
  /** False when presence of this size cannot travel (the channel's payload bound). */
  carriesPresence(envelopeBytes: number): boolean;
  close(): Promise<void>;
}

/** One relay on its own store (SQLite): there is nobody to tell, and nothing costs anything. */
export function createLocalBus(): RelayBus {
  return {
    kind: 'local',
    publish: () => undefined,
    onMessage: () => undefined,
    onReconnect: () => undefined,
    carriesPresence: () => true,
    close: async () => undefined,
  };
}

/** This relay's id on the bus: random per process, so a relay ignores its own messages. */
export function newRelayId(): string {
  return randomBytes(9).toString('base64url');
}

interface WireMessage {
  /** The sending relay. */
  r: string;
  t: 's' | 'l' | 'p';
  p: string;
  n?: number;
  /** A seq or presence message's log length. */
  l?: number;
  e?: string;
}

/** A message as the text a channel carries (PostgreSQL NOTIFY payloads are text). */
export function encodeBusMessage(relayId: string, message: BusMessage): string {
  switch (message.type) {
    case 'seq':
      return JSON.stringify({ r: relayId, t: 's', p: message.plan, n: message.seq, l: message.logLength } satisfies WireMessage);
    case 'log':
      return JSON.stringify({ r: relayId, t: 'l', p: message.plan, n: message.length } satisfies WireMessage);
    case 'presence':
      return JSON.stringify({ r: relayId, t: 'p', p: message.plan, l: message.logLength, e: Buffer.from(message.envelope).toString('base64') } satisfies WireMessage);
    default: {
      const never: never = message;
      throw new Error(`unknown bus message ${String((never as { type?: unknown }).type)}`);
    }
  }
}

/** The sender's id and the message; throws on text no relay of this version writes. */
export function decodeBusMessage(text: string): { from: string; message: BusMessage } {
  const w = JSON.parse(text) as Partial<WireMessage>;
  if (typeof w.r !== 'string' || typeof w.p !== 'string' || w.p.length === 0) throw new Error('malformed bus message');
  const count = (n: unknown = w.n) => {
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new Error('malformed bus message');
    return n;
  };
  switch (w.t) {
    case 's':
      return { from: w.r, message: { type: 'seq', plan: w.p, seq: count(), logLength: count(w.l) } };
    case 'l':
      return { from: w.r, message: { type: 'log', plan: w.p, length: count() } };
    case 'p':
      if (typeof w.e !== 'string') throw new Error('malformed bus message');
      return { from: w.r, message: { type: 'presence', plan: w.p, envelope: new Uint8Array(Buffer.from(w.e, 'base64')), logLength: count(w.l) } };
    case undefined:
    default:
      throw new Error('malformed bus message');
  }
}
