import * as Y from 'yjs';
import { fragmentToJSON } from './fragment-json.ts';
import {
  decodeEndorsement,
  encodeEndorsement,
  fixVersion,
  isReviewError,
  openVersion,
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
import { PLAN_FRAGMENT, REVIEW_TYPES } from './review-doc.ts';

export interface FixFromDoc {
  planId: string;
  title: string;
  date: string;
  signer: KeyPair;
  now: number;
  fragmentName?: string;
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
 * Fixes the plan as it is in `doc` now (content + Yjs snapshot) and appends it, sealed, to the
 * document's versions. Append only: a version is never changed or replaced.
 */
export function fixVersionInDoc(s: Sodium, doc: Y.Doc, input: FixFromDoc, seal: Seal, open: Open): PlanVersion {
  const fragment = doc.getXmlFragment(input.fragmentName ?? PLAN_FRAGMENT);
  const version = fixVersion(s, {
    planId: input.planId,
    versionNo: nextVersionNo(doc, open),
    title: input.title,
    date: input.date,
    plan: fragmentToJSON(fragment),
    snapshot: Y.encodeSnapshot(Y.snapshot(doc)),
    signer: input.signer,
    now: input.now,
  });
  const sealed = sealVersion(version, seal);
  doc.transact(() => doc.getArray<Uint8Array>(REVIEW_TYPES.versions).push([sealed]), 'review-version');
  return version;
}

export type StoredVersion = VersionCheck | { ok: false; code: ReviewErrorCode; detail: string; index: number };

/**
 * Every version in the document, each opened and verified: accepted ones by number, refused ones
 * (unreadable, tampered, forged) flagged with their reason and kept for the warning.
 */
export function readVersions(s: Sodium, doc: Y.Doc, planId: string, members: ReviewMembers, open: Open): StoredVersion[] {
  return doc
    .getArray<unknown>(REVIEW_TYPES.versions)
    .toArray()
    .map((sealed, index): StoredVersion => {
      try {
        if (!(sealed instanceof Uint8Array)) return { ok: false, code: 'malformed', detail: 'not bytes', index };
        return verifyVersion(s, openVersion(sealed, open), members, { planId });
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

/** Keyed by version and signing key: one endorsement per device and version, re-endorsing is a no-op. */
export function storeEndorsement(doc: Y.Doc, endorsement: Endorsement): void {
  const key = `${endorsement.versionNo}/${toBase64Url(endorsement.signer)}`;
  const map = doc.getMap<Uint8Array>(REVIEW_TYPES.endorsements);
  if (map.has(key)) return;
  doc.transact(() => map.set(key, encodeEndorsement(endorsement)), 'review-endorsement');
}

/** The endorsements stored for one version, decoded; undecodable ones are counted, never used. */
export function endorsementsOf(doc: Y.Doc, versionNo: number): { endorsements: Endorsement[]; malformed: number } {
  const endorsements: Endorsement[] = [];
  let malformed = 0;
  for (const [key, value] of doc.getMap<unknown>(REVIEW_TYPES.endorsements).entries()) {
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

/** A version's snapshot as a review mark: "what changed since version N". Null when it has none. */
export function versionMark(version: PlanVersion): Y.Snapshot | null {
  if (version.snapshot.length === 0) return null;
  try {
    return Y.decodeSnapshot(version.snapshot);
  } catch {
    return null;
  }
}
