import * as encoding from 'lib0/encoding';
import {
  constantTimeEqual,
  PLAN_ID_BYTES,
  PUBLIC_KEY_BYTES,
  SIGN_DOMAINS,
  SIGNATURE_BYTES,
  signDetached,
  verifyDetached,
  type KeyPair,
  type Sodium,
} from '../crypto/index.ts';
import { ProtocolError } from './errors.ts';
import { keyId, memberOf, type MembershipState } from './membership/state.ts';
import { decodeStrict } from './reader.ts';

/**
 * A member's name, relation and phone number as kept in the encrypted contributions document,
 * signed by the device that wrote them. Every writer of that document could otherwise put words
 * in someone else's mouth, such as another phone number for the network chair.
 */
export interface PersonDetails {
  displayName: string;
  relation: string;
  phone: string;
  /** When these details were written (the writer's clock, whole milliseconds). */
  at: number;
}

export interface SignedPersonDetails extends PersonDetails {
  planId: Uint8Array;
  /** The person the details are about. */
  personId: Uint8Array;
  /** Signing key of the device that wrote them. */
  signer: Uint8Array;
  signature: Uint8Array;
}

/** Enough for any real name or phone number; anything longer is refused, not cut. */
export const MAX_DETAIL_CHARS = 200;

export const PERSON_DETAILS_FORMAT = 1;

/** Above any record of three fields of MAX_DETAIL_CHARS (at most 3 UTF-8 bytes per UTF-16 unit). */
const MAX_RECORD_BYTES = 4096;

const TEXT_FIELDS = ['displayName', 'relation', 'phone'] as const;

/** format || planId || personId || signer || displayName || relation || phone || at, in lib0 encoding. */
function detailsMessage(d: Omit<SignedPersonDetails, 'signature'>): encoding.Encoder {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, PERSON_DETAILS_FORMAT);
  encoding.writeVarUint8Array(e, d.planId);
  encoding.writeVarUint8Array(e, d.personId);
  encoding.writeVarUint8Array(e, d.signer);
  for (const field of TEXT_FIELDS) encoding.writeVarString(e, d[field]);
  encoding.writeVarUint(e, d.at);
  return e;
}

function checkFields(d: PersonDetails): void {
  for (const field of TEXT_FIELDS) {
    if (d[field].length > MAX_DETAIL_CHARS) throw new ProtocolError('malformed', `${field} is longer than ${MAX_DETAIL_CHARS} characters`);
  }
  if (!Number.isSafeInteger(d.at) || d.at < 0) throw new ProtocolError('malformed', 'at is not a time');
}

/** The stored record: the signed message followed by the signature. */
export function signPersonDetails(
  s: Sodium,
  opts: { planId: Uint8Array; personId: Uint8Array; details: PersonDetails; signer: KeyPair },
): Uint8Array {
  const { displayName, relation, phone } = opts.details;
  const details = { displayName, relation, phone, at: Math.floor(opts.details.at) };
  checkFields(details);
  const unsigned = { ...details, planId: opts.planId, personId: opts.personId, signer: opts.signer.publicKey };
  const signature = signDetached(s, SIGN_DOMAINS.personDetails, encoding.toUint8Array(detailsMessage(unsigned)), opts.signer.privateKey);
  return encodePersonDetails({ ...unsigned, signature });
}

/** The record as stored: the message, then the signature. Encodes what it is given, signed or not. */
export function encodePersonDetails(d: SignedPersonDetails): Uint8Array {
  const e = detailsMessage(d);
  encoding.writeVarUint8Array(e, d.signature);
  return encoding.toUint8Array(e);
}

/** Throws ProtocolError('malformed') for anything that is not exactly one record. Does not verify. */
export function decodePersonDetails(bytes: Uint8Array): SignedPersonDetails {
  if (bytes instanceof Uint8Array && bytes.length > MAX_RECORD_BYTES) throw new ProtocolError('malformed', 'person details too large');
  const d = decodeStrict(bytes, (r) => {
    if (r.uint() !== PERSON_DETAILS_FORMAT) throw new ProtocolError('malformed', 'unknown person details format');
    return {
      planId: r.fixed(PLAN_ID_BYTES, 'plan id'),
      personId: r.fixed(PUBLIC_KEY_BYTES, 'person id'),
      signer: r.fixed(PUBLIC_KEY_BYTES, 'signing key'),
      displayName: r.string(),
      relation: r.string(),
      phone: r.string(),
      at: r.uint(),
      signature: r.fixed(SIGNATURE_BYTES, 'signature'),
    };
  });
  checkFields(d);
  return d;
}

/**
 * Decodes and checks the signature over the canonical re-encoding of the fields (so only the signed
 * values count, whatever bytes carried them). Throws ProtocolError 'malformed' or 'bad-signature'.
 */
export function openPersonDetails(s: Sodium, bytes: Uint8Array): SignedPersonDetails {
  const d = decodePersonDetails(bytes);
  if (!verifyDetached(s, SIGN_DOMAINS.personDetails, encoding.toUint8Array(detailsMessage(d)), d.signature, d.signer)) {
    throw new ProtocolError('bad-signature', 'person details signature does not verify');
  }
  return d;
}

/**
 * Who may sign a person's details, per the member log: any device of that person, current or
 * removed (a replaced phone's entry stays theirs, and a removed member's name stays on the
 * timeline), or a device that is an owner now. Not a removed owner device: a device is removed
 * because it may be in the wrong hands, and no owner writes others' details yet (nothing is lost).
 */
export function maySignDetailsOf(state: MembershipState, personId: Uint8Array, signer: Uint8Array): boolean {
  const member = memberOf(state, signer);
  if (member) return member.role === 'owner' || keyId(member.personId) === keyId(personId);
  const gone = state.removed.get(keyId(signer));
  return gone !== undefined && keyId(gone.personId) === keyId(personId);
}

export type DetailsRefusal = 'malformed' | 'bad-signature' | 'other-plan' | 'other-person' | 'not-allowed';

/** Why the details of `personId` in this plan are not to be shown, or undefined when they hold. */
export function refuseDetails(state: MembershipState, personId: Uint8Array, d: SignedPersonDetails): DetailsRefusal | undefined {
  if (!constantTimeEqual(d.planId, state.planId)) return 'other-plan';
  if (keyId(d.personId) !== keyId(personId)) return 'other-person';
  return maySignDetailsOf(state, personId, d.signer) ? undefined : 'not-allowed';
}

export type DetailsCheck = { ok: true; details: SignedPersonDetails } | { ok: false; reason: DetailsRefusal };

/** Everything a reader checks of one stored entry for `personId`: format, signature, plan, person and signer. */
export function checkPersonDetails(s: Sodium, state: MembershipState, personId: Uint8Array, bytes: Uint8Array): DetailsCheck {
  let d: SignedPersonDetails;
  try {
    d = openPersonDetails(s, bytes);
  } catch (err) {
    if (err instanceof ProtocolError && err.code === 'bad-signature') return { ok: false, reason: 'bad-signature' };
    if (err instanceof ProtocolError) return { ok: false, reason: 'malformed' };
    throw err;
  }
  const reason = refuseDetails(state, personId, d);
  return reason ? { ok: false, reason } : { ok: true, details: d };
}
