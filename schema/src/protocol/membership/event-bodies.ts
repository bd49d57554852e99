import * as encoding from 'lib0/encoding';
import { CHAINED_KEY_BYTES, HASH_BYTES, PUBLIC_KEY_BYTES, SEALED_EPOCH_KEY_BYTES } from '../../crypto/index.ts';
import { ProtocolError } from '../errors.ts';
import type { Reader } from '../reader.ts';
import { readRecoveryBody, writeRecoveryBody, type RecoveryBody } from './recovery-bodies.ts';
import { ROLES, roleFromNumber, type EventTypeName, type Role } from './event-types.ts';
import {
  functionFromNumber,
  kindFromNumber,
  MEMBER_KINDS,
  PROFESSIONAL_FUNCTIONS,
  type MemberKind,
  type ProfessionalFunction,
} from './member-kinds.ts';

/** A new epoch key sealed to one device's box key (rotations carry one per remaining device). */
export interface SealedTo {
  boxKey: Uint8Array;
  sealed: Uint8Array;
}

/** Optional on create and invite: v1 events had none and mean `DEFAULT_PROFILE`. */
interface ProfileFields {
  kind?: MemberKind;
  function?: ProfessionalFunction;
}

/**
 * v3 rotations end with `epochKeyCommitment` of the new key (32 bytes; empty for a removal that
 * does not rotate). Absent: a v2 event, written before commitments (only valid in a stored log).
 */
interface Commitment {
  keyCommitment?: Uint8Array;
}

/**
 * One device's cap (event version 4): the highest update clock of that device the signer held
 * when taking a right from it. Every client and the relay refuse its updates above the cap on
 * the channels it lost, whatever log position they name (state.ts `writeStanding`).
 */
export interface DeviceCap {
  device: Uint8Array;
  clock: number;
}

/** v4 removals, role changes and closures end with a cap per device they take a right from. Absent: an older event. */
interface Caps {
  caps?: DeviceCap[];
}

/**
 * v5 rotations end with the previous epoch's key sealed under the new one (crypto/key-chain.ts):
 * a device that holds the new key walks back to every older one. Absent: an older event (its
 * older keys reach only the devices they were sealed to).
 */
interface Chain {
  chainedKey?: Uint8Array;
}

export type EventBody =
  /** Genesis: the signer is the creator (owner); epoch 0's key is sealed to the creator's box key. */
  | ({ type: 'create'; boxKey: Uint8Array; sealedEpochKey: Uint8Array } & ProfileFields)
  /** `inviteKey` is the Ed25519 public key derived from the invite secret. */
  | ({ type: 'invite'; inviteKey: Uint8Array; role: Role; expiresAt: number; epoch: number; sealedEpochKey: Uint8Array } & ProfileFields)
  /** Signed by the invite key; the joiner re-seals the epoch key to its own box key. */
  | { type: 'join'; memberKey: Uint8Array; boxKey: Uint8Array; sealedEpochKey: Uint8Array }
  /** `person` is a person id: the signing key of that person's first device. */
  | ({ type: 'set-role'; person: Uint8Array; role: Role } & Caps)
  /** An owner offers ownership to a member, or withdraws a pending offer. */
  | { type: 'offer-ownership'; person: Uint8Array; withdraw: boolean }
  /** Signed by a device of the person the offer was made to. */
  | { type: 'accept-ownership'; person: Uint8Array }
  /**
   * Removes a person (every device) or one device, and rotates the key to `epoch` in the same event
   * (v3: an own-device removal by a non-owner does not rotate; `epoch` stays, no keys, an empty commitment).
   */
  | ({ type: 'remove'; subject: Uint8Array; scope: RemoveScope; epoch: number; sealedKeys: SealedTo[] } & Commitment & Caps & Chain)
  /** Signed by a device of `person`: adds that person's next device with the same role. */
  | { type: 'link-device'; person: Uint8Array; deviceKey: Uint8Array; boxKey: Uint8Array; sealedEpochKey: Uint8Array }
  | ({ type: 'rotate-key'; epoch: number; sealedKeys: SealedTo[] } & Commitment & Chain)
  /** Removes every professional and rotates the key; the household and network keep the plan. */
  | ({ type: 'close-case'; epoch: number; sealedKeys: SealedTo[] } & Commitment & Caps & Chain)
  | { type: 'revoke-invite'; inviteKey: Uint8Array }
  /** The recovery kit: registered by an owner's device, used once by the kit's key (recovery-bodies.ts). */
  | RecoveryBody;

export type RemoveScope = 'person' | 'device';
const SCOPES: Record<RemoveScope, number> = { person: 1, device: 2 };

/** Types v1 decoders know; every other type needs event version 2. */
export const V1_TYPES: ReadonlySet<EventTypeName> = new Set(['create', 'invite', 'join']);

/** Event types that rotate the key and, from version 3 on, carry a key commitment. */
export const ROTATION_TYPES: ReadonlySet<EventTypeName> = new Set(['remove', 'rotate-key', 'close-case']);

/** Event types that take a right from devices and, from version 4 on, carry their caps. */
export const CAP_TYPES: ReadonlySet<EventTypeName> = new Set(['remove', 'set-role', 'close-case']);

/** Whether this body is written as version 5: a rotation that chains the previous epoch's key. */
export function needsVersion5(b: EventBody): boolean {
  return ROTATION_TYPES.has(b.type) && (b as Chain).chainedKey !== undefined;
}

/** Whether this body is written as version 4: a removal, role change or closure with its caps. */
export function needsVersion4(b: EventBody): boolean {
  return CAP_TYPES.has(b.type) && (b as Caps).caps !== undefined;
}

/** Whether this body is written as version 3: a rotation (or a removal) with its key commitment. */
export function needsVersion3(b: EventBody): boolean {
  return ROTATION_TYPES.has(b.type) && (b as Commitment).keyCommitment !== undefined;
}

/** Whether this body is written as version 2 (a new type, or a create/invite that carries a profile). */
export function needsVersion2(b: EventBody): boolean {
  if (!V1_TYPES.has(b.type)) return true;
  return (b.type === 'create' || b.type === 'invite') && b.kind !== undefined;
}

function writeSealedList(e: encoding.Encoder, list: readonly SealedTo[]): void {
  encoding.writeVarUint(e, list.length);
  for (const k of list) {
    encoding.writeVarUint8Array(e, k.boxKey);
    encoding.writeVarUint8Array(e, k.sealed);
  }
}

function writeProfile(e: encoding.Encoder, p: ProfileFields): void {
  if (p.kind === undefined) return;
  encoding.writeVarUint(e, MEMBER_KINDS[p.kind]);
  encoding.writeVarUint(e, p.function ? PROFESSIONAL_FUNCTIONS[p.function] : 0);
}

export function writeBody(e: encoding.Encoder, b: EventBody): void {
  const bytes = (...items: Uint8Array[]) => items.forEach((x) => encoding.writeVarUint8Array(e, x));
  switch (b.type) {
    case 'create':
      bytes(b.boxKey, b.sealedEpochKey);
      return writeProfile(e, b);
    case 'invite':
      bytes(b.inviteKey);
      encoding.writeVarUint(e, ROLES[b.role]);
      encoding.writeVarUint(e, b.expiresAt);
      encoding.writeVarUint(e, b.epoch);
      bytes(b.sealedEpochKey);
      return writeProfile(e, b);
    case 'join':
      return bytes(b.memberKey, b.boxKey, b.sealedEpochKey);
    case 'set-role':
      bytes(b.person);
      encoding.writeVarUint(e, ROLES[b.role]);
      return writeCaps(e, b);
    case 'offer-ownership':
      bytes(b.person);
      return encoding.writeVarUint(e, b.withdraw ? 1 : 0);
    case 'accept-ownership':
      return bytes(b.person);
    case 'remove':
      bytes(b.subject);
      encoding.writeVarUint(e, SCOPES[b.scope]);
      encoding.writeVarUint(e, b.epoch);
      writeSealedList(e, b.sealedKeys);
      writeCommitment(e, b);
      writeCaps(e, b);
      return writeChain(e, b);
    case 'link-device':
      return bytes(b.person, b.deviceKey, b.boxKey, b.sealedEpochKey);
    case 'rotate-key':
      encoding.writeVarUint(e, b.epoch);
      writeSealedList(e, b.sealedKeys);
      writeCommitment(e, b);
      return writeChain(e, b);
    case 'close-case':
      encoding.writeVarUint(e, b.epoch);
      writeSealedList(e, b.sealedKeys);
      writeCommitment(e, b);
      writeCaps(e, b);
      return writeChain(e, b);
    case 'revoke-invite':
      return bytes(b.inviteKey);
    case 'register-recovery':
    case 'use-recovery':
      return writeRecoveryBody(e, b);
  }
}

function writeCommitment(e: encoding.Encoder, b: Commitment & Caps & Chain): void {
  // A version 4 or 5 event always has the version 3 field before its caps (empty: no rotation).
  if (b.keyCommitment !== undefined) encoding.writeVarUint8Array(e, b.keyCommitment);
  else if (b.caps !== undefined || b.chainedKey !== undefined) encoding.writeVarUint8Array(e, new Uint8Array());
}

function writeCaps(e: encoding.Encoder, b: Caps & Chain): void {
  // A version 5 removal or closure always has the version 4 field before its chained key.
  const caps = b.caps ?? (b.chainedKey !== undefined ? [] : undefined);
  if (caps === undefined) return;
  encoding.writeVarUint(e, caps.length);
  for (const c of caps) {
    encoding.writeVarUint8Array(e, c.device);
    encoding.writeVarUint(e, c.clock);
  }
}

function writeChain(e: encoding.Encoder, b: Chain): void {
  if (b.chainedKey !== undefined) encoding.writeVarUint8Array(e, b.chainedKey);
}

function readChain(r: Reader, version: number): Chain {
  if (version < 5) return {};
  const c = r.bytes();
  if (c.length !== CHAINED_KEY_BYTES) throw new ProtocolError('malformed', `a chained key has ${CHAINED_KEY_BYTES} bytes`);
  return { chainedKey: c };
}

function readCaps(r: Reader, version: number): Caps {
  if (version < 4) return {};
  const count = r.uint();
  if (count > 10_000) throw new ProtocolError('malformed', 'too many caps');
  return { caps: Array.from({ length: count }, () => ({ device: key(r, 'capped device'), clock: r.uint() })) };
}

function readCommitment(r: Reader, version: number): Commitment {
  if (version < 3) return {};
  const c = r.bytes();
  if (c.length !== 0 && c.length !== HASH_BYTES) throw new ProtocolError('malformed', 'a key commitment has 32 bytes');
  return { keyCommitment: c };
}

const invalid = (reason: string) => new ProtocolError('invalid-event', reason);
const key = (r: Reader, what: string) => r.fixed(PUBLIC_KEY_BYTES, what);
const sealed = (r: Reader) => r.fixed(SEALED_EPOCH_KEY_BYTES, 'sealed epoch key');

function readRole(r: Reader): Role {
  const role = roleFromNumber(r.uint());
  if (!role) throw invalid('unknown role');
  return role;
}

function readProfile(r: Reader, version: number): ProfileFields {
  if (version < 2) return {};
  const kind = kindFromNumber(r.uint());
  if (!kind) throw invalid('unknown member kind');
  const n = r.uint();
  if (n === 0) return { kind };
  const fn = functionFromNumber(n);
  if (!fn) throw invalid('unknown professional function');
  return { kind, function: fn };
}

function readSealedList(r: Reader): SealedTo[] {
  const count = r.uint();
  // Each entry takes at least 114 bytes; a larger count than the frame can hold is garbage.
  if (count > 10_000) throw new ProtocolError('malformed', 'too many sealed keys');
  return Array.from({ length: count }, () => ({ boxKey: key(r, 'box key'), sealed: sealed(r) }));
}

function readScope(r: Reader): RemoveScope {
  const n = r.uint();
  if (n === SCOPES.person) return 'person';
  if (n === SCOPES.device) return 'device';
  throw invalid('unknown removal scope');
}

export function readBody(r: Reader, type: EventTypeName, version: number): EventBody {
  switch (type) {
    case 'create':
      return { type, boxKey: key(r, 'box key'), sealedEpochKey: sealed(r), ...readProfile(r, version) };
    case 'invite': {
      const inviteKey = key(r, 'invite key');
      const role = readRole(r);
      const fixed = { expiresAt: r.uint(), epoch: r.uint(), sealedEpochKey: sealed(r) };
      return { type, inviteKey, role, ...fixed, ...readProfile(r, version) };
    }
    case 'join':
      return { type, memberKey: key(r, 'member key'), boxKey: key(r, 'box key'), sealedEpochKey: sealed(r) };
    case 'set-role':
      return { type, person: key(r, 'person'), role: readRole(r), ...readCaps(r, version) };
    case 'offer-ownership': {
      const person = key(r, 'person');
      const flag = r.uint();
      if (flag > 1) throw invalid('unknown offer action');
      return { type, person, withdraw: flag === 1 };
    }
    case 'accept-ownership':
      return { type, person: key(r, 'person') };
    case 'remove': {
      const fixed = { subject: key(r, 'subject'), scope: readScope(r), epoch: r.uint(), sealedKeys: readSealedList(r) };
      return { type, ...fixed, ...readCommitment(r, version), ...readCaps(r, version), ...readChain(r, version) };
    }
    case 'link-device':
      return { type, person: key(r, 'person'), deviceKey: key(r, 'device key'), boxKey: key(r, 'box key'), sealedEpochKey: sealed(r) };
    case 'rotate-key':
      return { type, epoch: r.uint(), sealedKeys: readSealedList(r), ...readCommitment(r, version), ...readChain(r, version) };
    case 'close-case':
      return { type, epoch: r.uint(), sealedKeys: readSealedList(r), ...readCommitment(r, version), ...readCaps(r, version), ...readChain(r, version) };
    case 'revoke-invite':
      return { type, inviteKey: key(r, 'invite key') };
    case 'register-recovery':
    case 'use-recovery':
      return readRecoveryBody(r, type);
  }
}
