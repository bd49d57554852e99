import * as encoding from 'lib0/encoding';
import { PLAN_ID_BYTES, PUBLIC_KEY_BYTES } from '../crypto/index.ts';
import { ProtocolError, WIRE_ERROR_CODES, wireErrorCodeFromNumber, type WireErrorCode } from './errors.ts';
import { decodeStrict, type Reader } from './reader.ts';
import { CHALLENGE_BYTES } from './auth.ts';

/** Relay → client frames (docs/protocol.md, "Frames"). */
export type RelayFrame =
  | { type: 'challenge'; challenge: Uint8Array }
  | { type: 'ready' }
  | { type: 'ack'; planId: Uint8Array; author: Uint8Array; clock: number; seq: number }
  | { type: 'deliver'; planId: Uint8Array; seq: number; envelope: Uint8Array }
  | { type: 'log'; planId: Uint8Array; events: Uint8Array[] }
  | { type: 'caught-up'; planId: Uint8Array; seq: number }
  | { type: 'presence'; envelope: Uint8Array }
  | { type: 'error'; code: WireErrorCode; detail: string; ref?: Uint8Array }
  /** The answer to a client's `ping`, with its `nonce` unchanged. */
  | { type: 'pong'; nonce: number }
  /**
   * The relay does not speak the hello's wire version: it speaks `min` to `max` (wire-version.ts).
   * The socket is closed after it (UPDATE_REQUIRED_CLOSE_CODE).
   */
  | { type: 'update-required'; min: number; max: number };

type Of<T extends RelayFrame['type']> = Extract<RelayFrame, { type: T }>;
type Body<T extends RelayFrame['type']> = Omit<Of<T>, 'type'>;

export const RELAY_FRAME_TYPES = {
  challenge: 64,
  ready: 65,
  ack: 66,
  deliver: 67,
  log: 68,
  'caught-up': 69,
  presence: 70,
  error: 71,
  pong: 72,
  'update-required': 73,
} as const satisfies Record<RelayFrame['type'], number>;

const planId = (r: Reader) => r.fixed(PLAN_ID_BYTES, 'planId');

function readEvents(r: Reader): Uint8Array[] {
  const count = r.uint();
  const events: Uint8Array[] = [];
  // Each event costs at least one byte, so a lying count fails at the end of the frame.
  for (let i = 0; i < count; i++) events.push(r.bytes());
  return events;
}

function readError(r: Reader): RelayFrame {
  const code = wireErrorCodeFromNumber(r.uint());
  if (!code) throw new ProtocolError('malformed', 'unknown error code');
  const detail = r.string();
  // Always present (empty when there is no ref), so a cut-off frame cannot pass as one without ref.
  const ref = r.bytes();
  if (ref.length === 0) return { type: 'error', code, detail };
  if (ref.length !== PLAN_ID_BYTES) throw new ProtocolError('malformed', 'ref must be a planId');
  return { type: 'error', code, detail, ref };
}

const READERS: Record<number, (r: Reader) => RelayFrame> = {
  64: (r) => ({ type: 'challenge', challenge: r.fixed(CHALLENGE_BYTES, 'challenge') }),
  65: () => ({ type: 'ready' }),
  66: (r) => ({ type: 'ack', planId: planId(r), author: r.fixed(PUBLIC_KEY_BYTES, 'author'), clock: r.uint(), seq: r.uint() }),
  67: (r) => ({ type: 'deliver', planId: planId(r), seq: r.uint(), envelope: r.bytes() }),
  68: (r) => ({ type: 'log', planId: planId(r), events: readEvents(r) }),
  69: (r) => ({ type: 'caught-up', planId: planId(r), seq: r.uint() }),
  70: (r) => ({ type: 'presence', envelope: r.bytes() }),
  71: readError,
  72: (r) => ({ type: 'pong', nonce: r.uint() }),
  73: (r) => ({ type: 'update-required', min: r.uint(), max: r.uint() }),
};

function writeBody(e: encoding.Encoder, f: RelayFrame): void {
  switch (f.type) {
    case 'challenge':
      return encoding.writeVarUint8Array(e, f.challenge);
    case 'ready':
      return;
    case 'ack':
      encoding.writeVarUint8Array(e, f.planId);
      encoding.writeVarUint8Array(e, f.author);
      encoding.writeVarUint(e, f.clock);
      return encoding.writeVarUint(e, f.seq);
    case 'deliver':
      encoding.writeVarUint8Array(e, f.planId);
      encoding.writeVarUint(e, f.seq);
      return encoding.writeVarUint8Array(e, f.envelope);
    case 'log':
      encoding.writeVarUint8Array(e, f.planId);
      encoding.writeVarUint(e, f.events.length);
      for (const ev of f.events) encoding.writeVarUint8Array(e, ev);
      return;
    case 'caught-up':
      encoding.writeVarUint8Array(e, f.planId);
      return encoding.writeVarUint(e, f.seq);
    case 'presence':
      return encoding.writeVarUint8Array(e, f.envelope);
    case 'error':
      encoding.writeVarUint(e, WIRE_ERROR_CODES[f.code]);
      encoding.writeVarString(e, f.detail);
      return encoding.writeVarUint8Array(e, f.ref ?? new Uint8Array(0));
    case 'pong':
      return encoding.writeVarUint(e, f.nonce);
    case 'update-required':
      encoding.writeVarUint(e, f.min);
      return encoding.writeVarUint(e, f.max);
  }
}

/** Bytes lib0's writeVarUint takes for `n`. */
function varUintLength(n: number): number {
  let length = 1;
  for (; n > 127; length++) n = Math.floor(n / 128);
  return length;
}

/** lib0's writeVarUint, into a buffer of the right size; returns the next offset. */
function putVarUint(out: Uint8Array, at: number, n: number): number {
  for (; n > 127; n = Math.floor(n / 128)) out[at++] = 128 | n % 128;
  out[at++] = n;
  return at;
}

function putVarBytes(out: Uint8Array, at: number, bytes: Uint8Array): number {
  at = putVarUint(out, at, bytes.length);
  out.set(bytes, at);
  return at + bytes.length;
}

const varBytesLength = (bytes: Uint8Array) => varUintLength(bytes.length) + bytes.length;

/**
 * `ack` and `deliver`, the frames the relay sends per envelope, written in one allocation of
 * their exact size: the same bytes as the encoder path below, without its growing buffers.
 */
function encodePerEnvelopeFrame(f: Of<'ack'> | Of<'deliver'>): Uint8Array {
  if (f.type === 'ack') {
    const out = new Uint8Array(1 + varBytesLength(f.planId) + varBytesLength(f.author) + varUintLength(f.clock) + varUintLength(f.seq));
    out[0] = RELAY_FRAME_TYPES.ack;
    putVarUint(out, putVarUint(out, putVarBytes(out, putVarBytes(out, 1, f.planId), f.author), f.clock), f.seq);
    return out;
  }
  const out = new Uint8Array(1 + varBytesLength(f.planId) + varUintLength(f.seq) + varBytesLength(f.envelope));
  out[0] = RELAY_FRAME_TYPES.deliver;
  putVarBytes(out, putVarUint(out, putVarBytes(out, 1, f.planId), f.seq), f.envelope);
  return out;
}

export function encodeRelayFrame(frame: RelayFrame): Uint8Array {
  if ((frame.type === 'ack' || frame.type === 'deliver') && Number.isSafeInteger(frame.seq) && frame.seq >= 0) {
    if (frame.type === 'deliver' || (Number.isSafeInteger(frame.clock) && frame.clock >= 0)) return encodePerEnvelopeFrame(frame);
  }
  return encodeRelayFrameWithLib0(frame);
}

/** Every frame through lib0's growing encoder (also the reference the per-envelope path is checked against). */
export function encodeRelayFrameWithLib0(frame: RelayFrame): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, RELAY_FRAME_TYPES[frame.type]);
  writeBody(e, frame);
  return encoding.toUint8Array(e);
}

/** Throws ProtocolError (`malformed`, `too-large`) on anything that is not exactly one valid frame. */
export function decodeRelayFrame(bytes: Uint8Array): RelayFrame {
  return decodeStrict(bytes, (r) => {
    const read = READERS[r.uint()];
    if (!read) throw new ProtocolError('malformed', 'unknown relay frame type');
    return read(r);
  });
}

function decodeOnly<T extends RelayFrame['type']>(type: T): (bytes: Uint8Array) => Body<T> {
  return (bytes) => {
    const f = decodeRelayFrame(bytes);
    if (f.type !== type) throw new ProtocolError('malformed', `expected ${type}, got ${f.type}`);
    const { type: _type, ...body } = f as Of<T>;
    return body as Body<T>;
  };
}

function encodeOnly<T extends RelayFrame['type']>(type: T): (body: Body<T>) => Uint8Array {
  return (body) => encodeRelayFrame({ type, ...body } as RelayFrame);
}

export const encodeChallenge = encodeOnly('challenge');
export const decodeChallenge = decodeOnly('challenge');
export const encodeReady = (): Uint8Array => encodeRelayFrame({ type: 'ready' });
export const decodeReady = decodeOnly('ready');
export const encodeAck = encodeOnly('ack');
export const decodeAck = decodeOnly('ack');
export const encodeDeliver = encodeOnly('deliver');
export const decodeDeliver = decodeOnly('deliver');
export const encodeLog = encodeOnly('log');
export const decodeLog = decodeOnly('log');
export const encodeCaughtUp = encodeOnly('caught-up');
export const decodeCaughtUp = decodeOnly('caught-up');
export const encodeRelayPresence = encodeOnly('presence');
export const decodeRelayPresence = decodeOnly('presence');
export const encodeError = encodeOnly('error');
export const decodeError = decodeOnly('error');
export const encodePong = encodeOnly('pong');
export const decodePong = decodeOnly('pong');
export const encodeUpdateRequired = encodeOnly('update-required');
export const decodeUpdateRequired = decodeOnly('update-required');
