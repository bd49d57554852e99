import * as Y from 'yjs';
import { REVIEW_TYPES } from './review-doc.ts';

/** "I have seen the plan up to here": a Yjs snapshot (state vector + delete set) and when it was taken. */
export interface ReviewMark {
  at: number;
  snapshot: Y.Snapshot;
}

interface StoredMark {
  at: number;
  snapshot: Uint8Array;
}

function isStoredMark(v: unknown): v is StoredMark {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as StoredMark).at === 'number' &&
    (v as StoredMark).snapshot instanceof Uint8Array
  );
}

/**
 * "Mark as reviewed": stores the document's current snapshot for this reviewer. It is synced like
 * any other change, so the reviewer's other devices start from the same mark.
 */
export function markReviewed(doc: Y.Doc, memberId: string, now: number = Date.now()): ReviewMark {
  const snapshot = Y.snapshot(doc);
  const stored: StoredMark = { at: now, snapshot: Y.encodeSnapshot(snapshot) };
  doc.transact(() => doc.getMap<StoredMark>(REVIEW_TYPES.marks).set(memberId, stored), 'review-mark');
  return { at: now, snapshot };
}

/**
 * The reviewer's last mark, or null when they never reviewed. An unreadable mark also gives null:
 * showing every change again loses nothing, hiding changes would.
 */
export function reviewMarkOf(doc: Y.Doc, memberId: string): ReviewMark | null {
  const stored: unknown = doc.getMap<unknown>(REVIEW_TYPES.marks).get(memberId);
  if (!isStoredMark(stored)) return null;
  try {
    return { at: stored.at, snapshot: Y.decodeSnapshot(stored.snapshot) };
  } catch {
    return null;
  }
}
