import type * as Y from 'yjs';

/**
 * Small review settings kept in the encrypted documents (so they sync and the relay never sees
 * them). Whether the plan is under youth protection is an owner's decision, so it lives in the
 * plan document; which version notice and which replies each member has read is written by every
 * member who may write at all, contributors too, so it lives in the contributions document.
 */
export const SETTINGS = 'review.settings';
export const NOTICES_READ = 'review.noticesRead';
export const COMMENTS_READ = 'review.commentsRead';
const YOUTH_PROTECTION = 'youthProtection';

export function underYouthProtection(planDoc: Y.Doc): boolean {
  return planDoc.getMap<unknown>(SETTINGS).get(YOUTH_PROTECTION) === true;
}

export function setUnderYouthProtection(planDoc: Y.Doc, on: boolean): void {
  planDoc.transact(() => planDoc.getMap<unknown>(SETTINGS).set(YOUTH_PROTECTION, on), 'review-settings');
}

/** The highest version number whose "new agreements" notice this member has read; 0 for none. */
export function noticeReadUpTo(contributions: Y.Doc, memberId: string): number {
  const v: unknown = contributions.getMap<unknown>(NOTICES_READ).get(memberId);
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : 0;
}

export function markNoticeRead(contributions: Y.Doc, memberId: string, versionNo: number): void {
  if (noticeReadUpTo(contributions, memberId) >= versionNo) return;
  contributions.transact(() => contributions.getMap<unknown>(NOTICES_READ).set(memberId, versionNo), 'review-notice-read');
}

/** Until when this member has read the replies on their changes (ms); 0 when never. */
export function commentsReadUntil(contributions: Y.Doc, memberId: string): number {
  const v: unknown = contributions.getMap<unknown>(COMMENTS_READ).get(memberId);
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

export function markCommentsRead(contributions: Y.Doc, memberId: string, until: number): void {
  if (commentsReadUntil(contributions, memberId) >= until) return;
  contributions.transact(() => contributions.getMap<unknown>(COMMENTS_READ).set(memberId, until), 'review-comments-read');
}
