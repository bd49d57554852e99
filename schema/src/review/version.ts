import type { JSONContent } from '@tiptap/core';
import type { KeyPair, Sodium } from '../crypto/index.ts';
import { constantTimeEqual } from '../crypto/index.ts';
import { isIsoDate, planModelFromJSON } from '../plan/index.ts';
import type { PlanModel } from '../plan/index.ts';
import { canonicalPlanText, contentHashOfText } from './canonical-content.ts';
import { ReviewError } from './errors.ts';
import type { ReviewErrorCode } from './errors.ts';
import { reviewMemberOf } from './members.ts';
import type { ReviewMember, ReviewMembers } from './members.ts';
import { REVIEW_SIGN_DOMAINS, reviewSign, reviewVerify } from './signing.ts';
import { decodeVersion, encodeVersion, fixMessage } from './version-codec.ts';
import type { PlanVersion } from './version-codec.ts';

/** Encrypts with the plan's current key; injected so review never holds key material itself. */
export type Seal = (plaintext: Uint8Array) => Uint8Array;
/** Decrypts what Seal made; throws when the bytes were altered or the key is wrong. */
export type Open = (sealed: Uint8Array) => Uint8Array;

export interface FixVersionInput {
  planId: string;
  versionNo: number;
  title: string;
  date: string;
  /** The plan as ProseMirror JSON (e.g. from the Y.Doc's fragment). */
  plan: JSONContent;
  /** Y.encodeSnapshot of the live document, so a review can later show "since this version". */
  snapshot?: Uint8Array;
  /** The owner device's signing keys. */
  signer: KeyPair;
  now: number;
}

/** An owner fixes (*stelt vast*) the plan as it is now. Throws ReviewError for a bad title, date or plan. */
export function fixVersion(s: Sodium, input: FixVersionInput): PlanVersion {
  if (!Number.isSafeInteger(input.versionNo) || input.versionNo < 1) {
    throw new ReviewError('malformed', 'versionNo must be a whole number from 1');
  }
  if (!input.title.trim()) throw new ReviewError('malformed', 'a version needs a title');
  if (!isIsoDate(input.date)) throw new ReviewError('malformed', 'date must be YYYY-MM-DD');
  const content = canonicalPlanText(input.plan);
  const header = {
    planId: input.planId,
    versionNo: input.versionNo,
    title: input.title.trim(),
    date: input.date,
    contentHash: contentHashOfText(s, content),
    fixedBy: input.signer.publicKey,
    fixedAt: Math.floor(input.now),
  };
  const fixSignature = reviewSign(s, REVIEW_SIGN_DOMAINS.versionFix, fixMessage(header), input.signer.privateKey);
  return { ...header, content, snapshot: input.snapshot ?? new Uint8Array(0), fixSignature };
}

export function sealVersion(version: PlanVersion, seal: Seal): Uint8Array {
  return seal(encodeVersion(version));
}

/** Throws ReviewError('unreadable') when the sealed bytes do not open, 'malformed' when they do not decode. */
export function openVersion(sealed: Uint8Array, open: Open): PlanVersion {
  let plain: Uint8Array;
  try {
    plain = open(sealed);
  } catch {
    throw new ReviewError('unreadable', 'the version could not be opened with the plan key');
  }
  return decodeVersion(plain);
}

export type VersionCheck =
  | { ok: true; version: PlanVersion; model: PlanModel; fixer: ReviewMember }
  | { ok: false; code: ReviewErrorCode; detail: string };

const refuse = (code: ReviewErrorCode, detail: string): VersionCheck => ({ ok: false, code, detail });

/**
 * Accepts a version only when its content is a valid plan whose hash is the one it names, and an
 * owner of the plan signed it. `expect` pins the plan (and optionally the number) it must belong to.
 */
export function verifyVersion(
  s: Sodium,
  version: PlanVersion,
  members: ReviewMembers,
  expect: { planId: string; versionNo?: number },
): VersionCheck {
  if (version.planId !== expect.planId) return refuse('wrong-version', 'the version belongs to another plan');
  if (expect.versionNo !== undefined && version.versionNo !== expect.versionNo) {
    return refuse('wrong-version', `expected version ${expect.versionNo}, got ${version.versionNo}`);
  }
  if (!constantTimeEqual(contentHashOfText(s, version.content), version.contentHash)) {
    return refuse('content-mismatch', 'the content does not match its hash');
  }
  let model: PlanModel;
  try {
    // The canonical text must be exactly what canonicalPlanText prints, so one plan has one hash.
    const json: unknown = JSON.parse(version.content);
    if (canonicalPlanText(json) !== version.content) return refuse('invalid-plan', 'the content is not in canonical form');
    model = planModelFromJSON(json);
  } catch (err) {
    return refuse('invalid-plan', err instanceof Error ? err.message : 'not a valid plan');
  }
  const fixer = reviewMemberOf(members, version.fixedBy);
  if (!fixer) return refuse('not-a-member', 'the version was fixed by someone who is not a member');
  if (!reviewVerify(s, REVIEW_SIGN_DOMAINS.versionFix, fixMessage(version), version.fixSignature, version.fixedBy)) {
    return refuse('bad-signature', 'the owner signature on the version does not verify');
  }
  if (fixer.role !== 'owner') return refuse('not-an-owner', 'only an owner can fix a version');
  return { ok: true, version, model, fixer };
}
