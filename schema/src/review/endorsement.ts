import * as encoding from 'lib0/encoding';
import type { KeyPair, Sodium } from '../crypto/index.ts';
import { PUBLIC_KEY_BYTES, SIGNATURE_BYTES, HASH_BYTES, constantTimeEqual } from '../crypto/index.ts';
import { decodeRecord, encodeRecord, type RecordFormat } from './record-codec.ts';
import type { ReviewErrorCode } from './errors.ts';
import { reviewMemberOf } from './members.ts';
import type { ReviewMember, ReviewMembers } from './members.ts';
import { REVIEW_SIGN_DOMAINS, reviewSign, reviewVerify } from './signing.ts';
import type { VersionHeader } from './version-codec.ts';

/** A member's signed "I agree with this version" (*onderschrijven*). */
export interface Endorsement {
  planId: string;
  versionNo: number;
  contentHash: Uint8Array;
  /** Signing key of the endorsing device. */
  signer: Uint8Array;
  /** When they endorsed; signed, so "who and when" cannot be moved afterwards. */
  at: number;
  signature: Uint8Array;
}

/** planId || versionNo || contentHash || at: binds the signature to one plan, one version and one content. */
function endorsementMessage(e: Omit<Endorsement, 'signer' | 'signature'>): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarString(enc, e.planId);
  encoding.writeVarUint(enc, e.versionNo);
  encoding.writeVarUint8Array(enc, e.contentHash);
  encoding.writeVarUint(enc, e.at);
  return encoding.toUint8Array(enc);
}

export function endorseVersion(s: Sodium, version: VersionHeader, signer: KeyPair, now: number): Endorsement {
  const body = { planId: version.planId, versionNo: version.versionNo, contentHash: version.contentHash, at: Math.floor(now) };
  const signature = reviewSign(s, REVIEW_SIGN_DOMAINS.endorsement, endorsementMessage(body), signer.privateKey);
  return { ...body, signer: signer.publicKey, signature };
}

export type EndorsementCheck =
  | { ok: true; endorsement: Endorsement; member: ReviewMember }
  | { ok: false; code: ReviewErrorCode; detail: string; endorsement: Endorsement };

/**
 * Accepts an endorsement only when it names exactly this version (plan, number and content hash),
 * the signer is a member now, and the signature verifies.
 */
export function verifyEndorsement(
  s: Sodium,
  endorsement: Endorsement,
  version: VersionHeader,
  members: ReviewMembers,
): EndorsementCheck {
  const refuse = (code: ReviewErrorCode, detail: string): EndorsementCheck => ({ ok: false, code, detail, endorsement });
  if (
    endorsement.planId !== version.planId ||
    endorsement.versionNo !== version.versionNo ||
    !constantTimeEqual(endorsement.contentHash, version.contentHash)
  ) {
    return refuse('wrong-version', 'the endorsement is for another version');
  }
  const member = reviewMemberOf(members, endorsement.signer);
  if (!member) return refuse('not-a-member', 'the endorsement is signed by someone who is not a member');
  if (!reviewVerify(s, REVIEW_SIGN_DOMAINS.endorsement, endorsementMessage(endorsement), endorsement.signature, endorsement.signer)) {
    return refuse('bad-signature', 'the endorsement signature does not verify');
  }
  return { ok: true, endorsement, member };
}

const ENDORSEMENT_RECORD: RecordFormat = { what: 'endorsement', format: 1, maxBytes: 4096 };

export function encodeEndorsement(e: Endorsement): Uint8Array {
  return encodeRecord(ENDORSEMENT_RECORD, (enc) => {
    encoding.writeVarString(enc, e.planId);
    encoding.writeVarUint(enc, e.versionNo);
    encoding.writeVarUint8Array(enc, e.contentHash);
    encoding.writeVarUint8Array(enc, e.signer);
    encoding.writeVarUint(enc, e.at);
    encoding.writeVarUint8Array(enc, e.signature);
  });
}

/** Throws ReviewError('malformed') for anything that is not exactly one encoded endorsement. */
export function decodeEndorsement(bytes: Uint8Array): Endorsement {
  return decodeRecord(ENDORSEMENT_RECORD, bytes, (r) => ({
    planId: r.string(),
    versionNo: r.uint(),
    contentHash: r.fixed(HASH_BYTES, 'content hash'),
    signer: r.fixed(PUBLIC_KEY_BYTES, 'signing key'),
    at: r.uint(),
    signature: r.fixed(SIGNATURE_BYTES, 'signature'),
  }));
}
