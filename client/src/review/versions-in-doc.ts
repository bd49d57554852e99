import type * as Y from 'yjs';
import type { JSONContent } from '@tiptap/core';
import { joinChannelsJSON, PlanInputError } from '@safeplan/schema/plan';
import { fragmentToJSON } from './fragment-json.ts';
import { decodePlanSnapshots, encodePlanSnapshots, snapshotsOf } from './plan-snapshots.ts';
import type { PlanSnapshots } from './plan-snapshots.ts';
import {
  decodeEndorsement,
  encodeEndorsement,
  fixVersion,
  isReviewError,
  openVersion,
  ReviewError,
  sealVersion,
  verifyVersion,
} from '@safeplan/schema/review';
import type {
  Endorsement,
  Open,
  PlanVersion,
  ReviewErrorCode,
  ReviewMembers,
  Seal,
  VersionCheck,
} from '@safeplan/schema/review';
import type { KeyPair, Sodium } from '@safeplan/schema/crypto';
import { toBase64Url } from '@safeplan/schema/crypto';
import { CONTRIBUTIONS_FRAGMENT, PLAN_FRAGMENT, REVIEW_TYPES } from './review-doc.ts';
import type { PlanDocs } from './review-doc.ts';

export interface FixFromDoc {
  planId: string;
  title: string;
  date: string;
  signer: KeyPair;
  now: number;
}

/** The next free version number: one above every number already in the document, readable or not. */
export function nextVersionNo(doc: Y.Doc, open: Open): number {
  let highest = 0;
  for (const sealed of doc.getArray<unknown>(REVIEW_TYPES.versions).toArray()) {
    if (!(sealed instanceof Uint8Array)) continue;
    try {
      highest = Math.max(highest, openVersion(sealed, open).versionNo);
    } catch {
      // Unreadable entries are reported by readVersions; they do not block fixing a new version.
    }
  }
  return highest + 1;
}

/**
 * Fixes the whole plan as it is now (both documents joined, plus a snapshot of each) and appends
 * it, sealed, to the versions in the plan document: only owners write versions, and only owners
 * and editors write that document. Append only: a version is never changed or replaced. Throws
 * ReviewError ('malformed', 'invalid-plan') and writes nothing when it cannot be fixed.
 */
export function fixVersionInDoc(s: Sodium, docs: PlanDocs, input: FixFromDoc, seal: Seal, open: Open): PlanVersion {
  const version = fixVersion(s, {
    planId: input.planId,
    versionNo: nextVersionNo(docs.plan, open),
    title: input.title,
    date: input.date,
    plan: joinedPlan(docs),
    snapshot: encodePlanSnapshots(snapshotsOf(docs)),
    signer: input.signer,
    now: input.now,
  });
  const sealed = sealVersion(version, seal);
  docs.plan.transact(() => docs.plan.getArray<Uint8Array>(REVIEW_TYPES.versions).push([sealed]), 'review-version');
  return version;
}

/** The full plan from both fragments, read with Yjs alone (the engine calls this; see fragment-json.ts). */
function joinedPlan(docs: PlanDocs): JSONContent {
  try {
    return joinChannelsJSON(
      fragmentToJSON(docs.plan.getXmlFragment(PLAN_FRAGMENT)),
      fragmentToJSON(docs.contributions.getXmlFragment(CONTRIBUTIONS_FRAGMENT)),
    );
  } catch (err) {
    if (err instanceof PlanInputError) throw new ReviewError('invalid-plan', err.message);
    throw err;
  }
}

export type StoredVersion = VersionCheck | { ok: false; code: ReviewErrorCode; detail: string; index: number };

/**
 * Every version in the document, each opened and verified: accepted ones by number, refused ones
 * (unreadable, tampered, forged) flagged with their reason and kept for the warning.
 */
export function readVersions(
  s: Sodium,
  doc: Y.Doc,
  planId: string,
  members: ReviewMembers | ((sealed: Uint8Array) => ReviewMembers),
  open: Open,
): StoredVersion[] {
  return doc
    .getArray<unknown>(REVIEW_TYPES.versions)
    .toArray()
    .map((sealed, index): StoredVersion => {
      try {
        if (!(sealed instanceof Uint8Array)) return { ok: false, code: 'malformed', detail: 'not bytes', index };
        // A function judges the fixer by the role they held when the version was sealed.
        return verifyVersion(s, openVersion(sealed, open), typeof members === 'function' ? members(sealed) : members, { planId });
      } catch (err) {
        if (isReviewError(err)) return { ok: false, code: err.code, detail: err.message, index };
        throw err;
      }
    })
    .sort((a, b) => order(a) - order(b));
}

/** Accepted versions by number; refused ones after them, in the order they were stored (sort is stable). */
function order(v: StoredVersion): number {
  return v.ok ? v.version.versionNo : Number.MAX_SAFE_INTEGER;
}

/**
 * Stores an endorsement in the contributions document (contributors endorse too). Keyed by
 * version and signing key: one endorsement per device and version, re-endorsing is a no-op.
 */
export function storeEndorsement(contributions: Y.Doc, endorsement: Endorsement): void {
  const key = `${endorsement.versionNo}/${toBase64Url(endorsement.signer)}`;
  const map = contributions.getMap<Uint8Array>(REVIEW_TYPES.endorsements);
  if (map.has(key)) return;
  contributions.transact(() => map.set(key, encodeEndorsement(endorsement)), 'review-endorsement');
}

/** The endorsements of one version in the contributions document, decoded; undecodable ones are counted, never used. */
export function endorsementsOf(contributions: Y.Doc, versionNo: number): { endorsements: Endorsement[]; malformed: number } {
  const endorsements: Endorsement[] = [];
  let malformed = 0;
  for (const [key, value] of contributions.getMap<unknown>(REVIEW_TYPES.endorsements).entries()) {
    if (!key.startsWith(`${versionNo}/`)) continue;
    try {
      if (!(value instanceof Uint8Array)) throw new Error('not bytes');
      endorsements.push(decodeEndorsement(value));
    } catch {
      malformed++;
    }
  }
  return { endorsements, malformed };
}

/** A version's snapshots as a review mark: "what changed since version N". Null when it has none. */
export function versionMark(version: PlanVersion): PlanSnapshots | null {
  return decodePlanSnapshots(version.snapshot);
}
