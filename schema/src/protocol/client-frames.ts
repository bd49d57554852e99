import * as encoding from 'lib0/encoding';
import { PLAN_ID_BYTES, PUBLIC_KEY_BYTES, SIGNATURE_BYTES } from '../crypto/index.ts';
import { ProtocolError } from './errors.ts';
import { decodeStrict, type Reader } from './reader.ts';
import { WIRE_VERSION_WITHOUT_FIELD } from './wire-version.ts';

/** Client → relay frames (docs/protocol.md, "Frames"). Envelopes and events stay raw bytes here. */
export type ClientFrame =
  /** `version`: the app's wire version (wire-version.ts); an old hello without the field reads as 1. */
  | { type: 'hello'; author: Uint8Array; version: number }
  | { type: 'auth'; signature: Uint8Array }
  | { type: 'subscribe'; planId: Uint8Array; afterSeq: number }
  | { type: 'publish'; envelope: Uint8Array }
  | { type: 'member-event'; planId: Uint8Array; event: Uint8Array }
  | { type: 'presence'; envelope: Uint8Array }
  | { type: 'unsubscribe'; planId: Uint8Array }
  /** Heartbeat: the relay answers with a `pong` echoing `nonce` (docs/protocol.md, "Heartbeat"). */
  | { type: 'ping'; nonce: number }
  /**
   * A writer's device compared the snapshot delivered under `seq` with the updates it covers and
   * found them the same (docs/protocol.md "Snapshots"): the relay counts it, never reads anything.
   */
  | { type: 'confirm-snapshot'; planId: Uint8Array; seq: number };

type Of<T extends ClientFrame['type']> = Extract<ClientFrame, { type: T }>;
type Body<T extends ClientFrame['type']> = Omit<Of<T>, 'type'>;

export const CLIENT_FRAME_TYPES = {
  hello: 1,
  auth: 2,
  subscribe: 3,
  publish: 4,
  'member-event': 5,
  presence: 6,
  unsubscribe: 7,
  ping: 8,
  'confirm-snapshot': 9,
} as const satisfies Record<ClientFrame['type'], number>;

const planId = (r: Reader) => r.fixed(PLAN_ID_BYTES, 'planId');

const READERS: Record<number, (r: Reader) => ClientFrame> = {
  1: readHello,
  2: (r) => ({ type: 'auth', signature: r.fixed(SIGNATURE_BYTES, 'signature') }),
  3: (r) => ({ type: 'subscribe', planId: planId(r), afterSeq: r.uint() }),
  4: (r) => ({ type: 'publish', envelope: r.bytes() }),
  5: (r) => ({ type: 'member-event', planId: planId(r), event: r.bytes() }),
  6: (r) => ({ type: 'presence', envelope: r.bytes() }),
  7: (r) => ({ type: 'unsubscribe', planId: planId(r) }),
  8: (r) => ({ type: 'ping', nonce: r.uint() }),
  9: (r) => ({ type: 'confirm-snapshot', planId: planId(r), seq: r.uint() }),
};

/**
 * The version is a trailing field: a hello of an app from before it existed (no field) still
 * decodes, as version 1, so the relay can answer it; version 1 is written the same way.
 */
function readHello(r: Reader): ClientFrame {
  const author = r.fixed(PUBLIC_KEY_BYTES, 'author');
  return { type: 'hello', author, version: r.done ? WIRE_VERSION_WITHOUT_FIELD : r.uint() };
}

function writeBody(e: encoding.Encoder, f: ClientFrame): void {
  switch (f.type) {
    case 'hello':
      encoding.writeVarUint8Array(e, f.author);
      if (f.version !== WIRE_VERSION_WITHOUT_FIELD) encoding.writeVarUint(e, f.version);
      return;
    case 'auth':
      return encoding.writeVarUint8Array(e, f.signature);
    case 'subscribe':
      encoding.writeVarUint8Array(e, f.planId);
      return encoding.writeVarUint(e, f.afterSeq);
    case 'publish':
    case 'presence':
      return encoding.writeVarUint8Array(e, f.envelope);
    case 'member-event':
      encoding.writeVarUint8Array(e, f.planId);
      return encoding.writeVarUint8Array(e, f.event);
    case 'unsubscribe':
      return encoding.writeVarUint8Array(e, f.planId);
    case 'ping':
      return encoding.writeVarUint(e, f.nonce);
    case 'confirm-snapshot':
      encoding.writeVarUint8Array(e, f.planId);
      return encoding.writeVarUint(e, f.seq);
  }
}

export function encodeClientFrame(frame: ClientFrame): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, CLIENT_FRAME_TYPES[frame.type]);
  writeBody(e, frame);
  return encoding.toUint8Array(e);
}

/** Throws ProtocolError (`malformed`, `too-large`) on anything that is not exactly one valid frame. */
export function decodeClientFrame(bytes: Uint8Array): ClientFrame {
  return decodeStrict(bytes, (r) => {
    const read = READERS[r.uint()];
    if (!read) throw new ProtocolError('malformed', 'unknown client frame type');
    return read(r);
  });
}

function decodeOnly<T extends ClientFrame['type']>(type: T): (bytes: Uint8Array) => Body<T> {
  return (bytes) => {
    const f = decodeClientFrame(bytes);
    if (f.type !== type) throw new ProtocolError('malformed', `expected ${type}, got ${f.type}`);
    const { type: _type, ...body } = f as Of<T>;
    return body as Body<T>;
  };
}

function encodeOnly<T extends ClientFrame['type']>(type: T): (body: Body<T>) => Uint8Array {
  return (body) => encodeClientFrame({ type, ...body } as unknown as ClientFrame);
}

export const encodeHello = encodeOnly('hello');
export const decodeHello = decodeOnly('hello');
export const encodeAuth = encodeOnly('auth');
export const decodeAuth = decodeOnly('auth');
export const encodeSubscribe = encodeOnly('subscribe');
export const decodeSubscribe = decodeOnly('subscribe');
export const encodePublish = encodeOnly('publish');
export const decodePublish = decodeOnly('publish');
export const encodeMemberEventFrame = encodeOnly('member-event');
export const decodeMemberEventFrame = decodeOnly('member-event');
export const encodeClientPresence = encodeOnly('presence');
export const decodeClientPresence = decodeOnly('presence');
export const encodeUnsubscribe = encodeOnly('unsubscribe');
export const decodeUnsubscribe = decodeOnly('unsubscribe');
export const encodePing = encodeOnly('ping');
export const decodePing = decodeOnly('ping');
export const encodeConfirmSnapshot = encodeOnly('confirm-snapshot');
export const decodeConfirmSnapshot = decodeOnly('confirm-snapshot');
