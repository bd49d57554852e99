import * as encoding from 'lib0/encoding';
import {
  HASH_BYTES,
  PLAN_ID_BYTES,
  PUBLIC_KEY_BYTES,
  SEALED_EPOCH_KEY_BYTES,
  SIGNATURE_BYTES,
} from '../../crypto/index.ts';
import { ProtocolError } from '../errors.ts';
import { decodeStrict, plainBytes, type Reader } from '../reader.ts';
import { EVENT_TYPES, ROLES, roleFromNumber, type Role } from './event-types.ts';

export const EVENT_VERSION = 1;

export type EventBody =
  /** Genesis: the signer is the creator (owner); epoch 0's key is sealed to the creator's box key. */
  | { type: 'create'; boxKey: Uint8Array; sealedEpochKey: Uint8Array }
  /** `inviteKey` is the Ed25519 public key derived from the invite secret. */
  | { type: 'invite'; inviteKey: Uint8Array; role: Role; expiresAt: number; epoch: number; sealedEpochKey: Uint8Array }
  /** Signed by the invite key; the joiner re-seals the epoch key to its own box key. */
  | { type: 'join'; memberKey: Uint8Array; boxKey: Uint8Array; sealedEpochKey: Uint8Array };

export interface EventFields {
  planId: Uint8Array;
  prev: Uint8Array;
  signer: Uint8Array;
  timestamp: number;
  body: EventBody;
}

export interface DecodedEvent extends EventFields {
  /** The bytes the signature covers (everything before it). */
  signed: Uint8Array;
  signature: Uint8Array;
}

/** Everything before the signature; sign these (domain member-event) and pass to `finishEvent`. */
export function encodeUnsignedEvent(f: EventFields): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, EVENT_VERSION);
  encoding.writeVarUint8Array(e, f.planId);
  encoding.writeVarUint8Array(e, f.prev);
  encoding.writeVarUint(e, EVENT_TYPES[f.body.type]);
  encoding.writeVarUint8Array(e, f.signer);
  encoding.writeVarUint(e, f.timestamp);
  const b = f.body;
  switch (b.type) {
    case 'create':
      encoding.writeVarUint8Array(e, b.boxKey);
      encoding.writeVarUint8Array(e, b.sealedEpochKey);
      break;
    case 'invite':
      encoding.writeVarUint8Array(e, b.inviteKey);
      encoding.writeVarUint(e, ROLES[b.role]);
      encoding.writeVarUint(e, b.expiresAt);
      encoding.writeVarUint(e, b.epoch);
      encoding.writeVarUint8Array(e, b.sealedEpochKey);
      break;
    case 'join':
      encoding.writeVarUint8Array(e, b.memberKey);
      encoding.writeVarUint8Array(e, b.boxKey);
      encoding.writeVarUint8Array(e, b.sealedEpochKey);
      break;
  }
  return encoding.toUint8Array(e);
}

export function finishEvent(unsigned: Uint8Array, signature: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeUint8Array(e, unsigned);
  encoding.writeVarUint8Array(e, signature);
  return encoding.toUint8Array(e);
}

const key = (r: Reader, what: string) => r.fixed(PUBLIC_KEY_BYTES, what);
const sealed = (r: Reader) => r.fixed(SEALED_EPOCH_KEY_BYTES, 'sealed epoch key');

function readBody(r: Reader, type: number): EventBody {
  switch (type) {
    case EVENT_TYPES.create:
      return { type: 'create', boxKey: key(r, 'box key'), sealedEpochKey: sealed(r) };
    case EVENT_TYPES.invite: {
      const inviteKey = key(r, 'invite key');
      const role = roleFromNumber(r.uint());
      if (!role) throw new ProtocolError('invalid-event', 'unknown role');
      return { type: 'invite', inviteKey, role, expiresAt: r.uint(), epoch: r.uint(), sealedEpochKey: sealed(r) };
    }
    case EVENT_TYPES.join:
      return { type: 'join', memberKey: key(r, 'member key'), boxKey: key(r, 'box key'), sealedEpochKey: sealed(r) };
    default:
      throw new ProtocolError('invalid-event', `unknown or unsupported event type ${type}`);
  }
}

/** Shape only; signature and rules are checked by `appendEvent`. */
export function decodeEvent(bytes: Uint8Array): DecodedEvent {
  return decodeStrict(bytes, (r) => {
    const version = r.uint();
    if (version !== EVENT_VERSION) throw new ProtocolError('invalid-event', `unknown event version ${version}`);
    const planId = r.fixed(PLAN_ID_BYTES, 'planId');
    const prev = r.fixed(HASH_BYTES, 'prev');
    const type = r.uint();
    const signer = key(r, 'signer');
    const timestamp = r.uint();
    const body = readBody(r, type);
    const signed = plainBytes(bytes).slice(0, r.position);
    const signature = r.fixed(SIGNATURE_BYTES, 'signature');
    return { planId, prev, signer, timestamp, body, signed, signature };
  });
}
