import * as encoding from 'lib0/encoding';
import { HASH_BYTES, PLAN_ID_BYTES, PUBLIC_KEY_BYTES, SIGNATURE_BYTES } from '../../crypto/index.ts';
import { ProtocolError } from '../errors.ts';
import { decodeStrict, plainBytes } from '../reader.ts';
import { CAP_TYPES, needsVersion2, needsVersion3, needsVersion4, needsVersion5, readBody, ROTATION_TYPES, V1_TYPES, writeBody, type EventBody } from './event-bodies.ts';
import { EVENT_TYPES, eventTypeFromNumber } from './event-types.ts';

export type { DeviceCap, EventBody, RemoveScope, SealedTo } from './event-bodies.ts';

/** v1: create, invite and join, without member profiles. Still written for those, byte for byte. */
export const EVENT_VERSION = 1;
/** v2: every event type; create and invite end with the member's kind and function. */
export const EVENT_VERSION_2 = 2;
/** v3: rotations (remove, rotate-key, close-case) end with a commitment to the new epoch key. */
export const EVENT_VERSION_3 = 3;
/** v4: removals, role changes and closures end with the cap of each device they take a right from. */
export const EVENT_VERSION_4 = 4;
/** v5: rotations end with the previous epoch's key sealed under the new one (the backward key chain). */
export const EVENT_VERSION_5 = 5;

function versionOf(b: EventBody): number {
  if (needsVersion5(b)) return EVENT_VERSION_5;
  if (needsVersion4(b)) return EVENT_VERSION_4;
  return needsVersion3(b) ? EVENT_VERSION_3 : needsVersion2(b) ? EVENT_VERSION_2 : EVENT_VERSION;
}

export interface EventFields {
  planId: Uint8Array;
  prev: Uint8Array;
  signer: Uint8Array;
  timestamp: number;
  body: EventBody;
}

export interface DecodedEvent extends EventFields {
  version: number;
  /** The bytes the signature covers (everything before it). */
  signed: Uint8Array;
  signature: Uint8Array;
}

/** Everything before the signature; sign these (domain member-event) and pass to `finishEvent`. */
export function encodeUnsignedEvent(f: EventFields): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, versionOf(f.body));
  encoding.writeVarUint8Array(e, f.planId);
  encoding.writeVarUint8Array(e, f.prev);
  encoding.writeVarUint(e, EVENT_TYPES[f.body.type]);
  encoding.writeVarUint8Array(e, f.signer);
  encoding.writeVarUint(e, f.timestamp);
  writeBody(e, f.body);
  return encoding.toUint8Array(e);
}

export function finishEvent(unsigned: Uint8Array, signature: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeUint8Array(e, unsigned);
  encoding.writeVarUint8Array(e, signature);
  return encoding.toUint8Array(e);
}

/** Shape only; signature and rules are checked by `appendEvent`. */
export function decodeEvent(bytes: Uint8Array): DecodedEvent {
  return decodeStrict(bytes, (r) => {
    const version = r.uint();
    if (version !== EVENT_VERSION && version !== EVENT_VERSION_2 && version !== EVENT_VERSION_3 && version !== EVENT_VERSION_4 && version !== EVENT_VERSION_5) {
      throw new ProtocolError('invalid-event', `unknown event version ${version}`);
    }
    const planId = r.fixed(PLAN_ID_BYTES, 'planId');
    const prev = r.fixed(HASH_BYTES, 'prev');
    const typeNumber = r.uint();
    const type = eventTypeFromNumber(typeNumber);
    if (!type) throw new ProtocolError('invalid-event', `unknown or unsupported event type ${typeNumber}`);
    if (version === EVENT_VERSION && !V1_TYPES.has(type)) {
      throw new ProtocolError('invalid-event', `event type ${typeNumber} needs event version 2`);
    }
    if (version === EVENT_VERSION_4 && !CAP_TYPES.has(type)) {
      throw new ProtocolError('invalid-event', `event type ${typeNumber} has no version 4`);
    }
    if (version === EVENT_VERSION_5 && !ROTATION_TYPES.has(type)) {
      throw new ProtocolError('invalid-event', `event type ${typeNumber} has no version 5`);
    }
    const signer = r.fixed(PUBLIC_KEY_BYTES, 'signer');
    const timestamp = r.uint();
    const body = readBody(r, type, version);
    const signed = plainBytes(bytes).slice(0, r.position);
    const signature = r.fixed(SIGNATURE_BYTES, 'signature');
    return { version, planId, prev, signer, timestamp, body, signed, signature };
  });
}
