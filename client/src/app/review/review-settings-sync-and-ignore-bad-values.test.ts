import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { commentsReadUntil, markCommentsRead, markNoticeRead, noticeReadUpTo, setUnderYouthProtection, underYouthProtection } from './review-flags.ts';

function synced(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
}

describe('review settings in the documents of the plan', () => {
  it('youth protection (plan document) travels with the plan to another device', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    expect(underYouthProtection(a)).toBe(false);
    setUnderYouthProtection(a, true);
    synced(a, b);
    expect(underYouthProtection(b)).toBe(true);
    setUnderYouthProtection(b, false);
    synced(b, a);
    expect(underYouthProtection(a)).toBe(false);
  });

  it('a read notice (contributions document) never goes back to an older version', () => {
    const doc = new Y.Doc();
    markNoticeRead(doc, 'member-a', 3);
    markNoticeRead(doc, 'member-a', 2);
    expect(noticeReadUpTo(doc, 'member-a')).toBe(3);
    expect(noticeReadUpTo(doc, 'member-b')).toBe(0);
  });

  it('values of another shape read as "not set" and are not trusted', () => {
    const doc = new Y.Doc();
    doc.getMap('review.settings').set('youthProtection', 'yes');
    doc.getMap('review.noticesRead').set('member-a', -4);
    doc.getMap('review.commentsRead').set('member-a', 'later');
    expect(underYouthProtection(doc)).toBe(false);
    expect(noticeReadUpTo(doc, 'member-a')).toBe(0);
    expect(commentsReadUntil(doc, 'member-a')).toBe(0);
    markCommentsRead(doc, 'member-a', 1000);
    expect(commentsReadUntil(doc, 'member-a')).toBe(1000);
  });
});
