import * as Y from 'yjs';
import { REVIEW_TYPES } from './review-doc.ts';
import type { PlanDocs } from './review-doc.ts';
import { snapshotsOf } from './plan-snapshots.ts';
import type { PlanSnapshots } from './plan-snapshots.ts';

/** "I have seen the plan up to here", and when. */
export interface ReviewMark {
  at: number;
  snapshots: PlanSnapshots;
}

interface StoredMark {
  at: number;
  plan: Uint8Array;
  contributions: Uint8Array;
}

/** A mark as stored before the plan had two documents: one snapshot, of the plan document. */
interface StoredPlanOnlyMark {
  at: number;
  snapshot: Uint8Array;
}

function isStoredMark(v: unknown): v is StoredMark {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Record<string, unknown>;
  return typeof m.at === 'number' && m.plan instanceof Uint8Array && m.contributions instanceof Uint8Array;
}

function isPlanOnlyMark(v: unknown): v is StoredPlanOnlyMark {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Record<string, unknown>;
  return typeof m.at === 'number' && m.snapshot instanceof Uint8Array;
}

/**
 * "Mark as reviewed": stores both documents' current snapshots for this reviewer, in the
 * contributions document (so a contributor can mark too). It is synced like any other change, so
 * the reviewer's other devices start from the same mark.
 */
export function markReviewed(docs: PlanDocs, memberId: string, now: number = Date.now()): ReviewMark {
  const snapshots = snapshotsOf(docs);
  const stored: StoredMark = {
    at: now,
    plan: Y.encodeSnapshot(snapshots.plan),
    contributions: Y.encodeSnapshot(snapshots.contributions),
  };
  docs.contributions.transact(() => docs.contributions.getMap<StoredMark>(REVIEW_TYPES.marks).set(memberId, stored), 'review-mark');
  return { at: now, snapshots };
}

/**
 * The reviewer's last mark (read from the contributions document), or null when they never
 * reviewed. An unreadable mark also gives null: showing every change again loses nothing, hiding
 * changes would. A mark of the older one-snapshot shape counts for the plan document only, so
 * everything in the contributions document shows again.
 */
export function reviewMarkOf(contributions: Y.Doc, memberId: string): ReviewMark | null {
  const stored: unknown = contributions.getMap<unknown>(REVIEW_TYPES.marks).get(memberId);
  try {
    if (isStoredMark(stored)) {
      return { at: stored.at, snapshots: { plan: Y.decodeSnapshot(stored.plan), contributions: Y.decodeSnapshot(stored.contributions) } };
    }
    if (isPlanOnlyMark(stored)) {
      return { at: stored.at, snapshots: { plan: Y.decodeSnapshot(stored.snapshot), contributions: Y.emptySnapshot } };
    }
  } catch {
    // Undecodable bytes: as if there were no mark.
  }
  return null;
}
