import type * as Y from 'yjs';

/**
 * Small review settings kept in the encrypted plan document (so they sync and the relay never
 * sees them): whether the plan is under youth protection, and which version notice each member
 * has read.
 */
export const SETTINGS = 'review.settings';
const NOTICES_READ = 'review.noticesRead';
const YOUTH_PROTECTION = 'youthProtection';

export function underYouthProtection(doc: Y.Doc): boolean {
  return doc.getMap<unknown>(SETTINGS).get(YOUTH_PROTECTION) === true;
}

export function setUnderYouthProtection(doc: Y.Doc, on: boolean): void {
  doc.transact(() => doc.getMap<unknown>(SETTINGS).set(YOUTH_PROTECTION, on), 'review-settings');
}

/** The highest version number whose "new agreements" notice this member has read; 0 for none. */
export function noticeReadUpTo(doc: Y.Doc, memberId: string): number {
  const v: unknown = doc.getMap<unknown>(NOTICES_READ).get(memberId);
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : 0;
}

export function markNoticeRead(doc: Y.Doc, memberId: string, versionNo: number): void {
  if (noticeReadUpTo(doc, memberId) >= versionNo) return;
  doc.transact(() => doc.getMap<unknown>(NOTICES_READ).set(memberId, versionNo), 'review-notice-read');
}

const COMMENTS_READ = 'review.commentsRead';

/** Until when this member has read the replies on their changes (ms); 0 when never. */
export function commentsReadUntil(doc: Y.Doc, memberId: string): number {
  const v: unknown = doc.getMap<unknown>(COMMENTS_READ).get(memberId);
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

export function markCommentsRead(doc: Y.Doc, memberId: string, until: number): void {
  if (commentsReadUntil(doc, memberId) >= until) return;
  doc.transact(() => doc.getMap<unknown>(COMMENTS_READ).set(memberId, until), 'review-comments-read');
}
