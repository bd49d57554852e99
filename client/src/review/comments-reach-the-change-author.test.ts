import { expect, test } from 'vitest';
import * as Y from 'yjs';
import { addChangeComment, allChangeComments, CommentError, commentsForAuthor, commentsOnItem, MAX_COMMENT_CHARS } from './change-comments.ts';
import { REVIEW_TYPES } from './review-doc.ts';
import { seededDocs, sync } from './testing/plan-edits.ts';

test('a comment on a change reaches its author on their own device, through the contributions document only', () => {
  const pro = seededDocs();
  const parent = seededDocs();
  addChangeComment(
    pro.contributions,
    { author: 'pro', about: 'parent', section: 'safetyAgreements', itemId: 'a1', field: 'what', changeAt: 2_000, text: '  Wie belt oma als papa niet kan?  ' },
    5_000,
  );
  addChangeComment(pro.contributions, { author: 'pro', about: 'grandma', section: 'safetyLog', itemId: null, field: null, changeAt: null, text: 'Dank je.' }, 6_000);
  const planBefore = Y.encodeStateVector(pro.plan);
  sync(pro, parent);

  expect(commentsForAuthor(parent.contributions, 'parent')).toMatchObject([
    { author: 'pro', section: 'safetyAgreements', itemId: 'a1', changeAt: 2_000, at: 5_000, text: 'Wie belt oma als papa niet kan?' },
  ]);
  expect(commentsOnItem(parent.contributions, 'safetyLog', null).map((c) => c.about)).toEqual(['grandma']);
  // A contributor may reply: nothing of it is written in the plan document, which they may not write.
  expect(Y.encodeStateVector(pro.plan)).toEqual(planBefore);
  expect(pro.plan.getArray(REVIEW_TYPES.comments).length).toBe(0);
});

test('an empty, too long or misplaced comment is refused and nothing is stored; foreign entries are skipped', () => {
  const doc = new Y.Doc({ gc: false });
  const base = { author: 'pro', about: 'parent', section: 'safetyAgreements' as const, itemId: null, field: null, changeAt: null };
  expect(() => addChangeComment(doc, { ...base, text: '   ' })).toThrow(CommentError);
  expect(() => addChangeComment(doc, { ...base, text: 'x'.repeat(MAX_COMMENT_CHARS + 1) })).toThrow(/too-long/);
  expect(() => addChangeComment(doc, { ...base, section: 'nope' as 'safetyLog', text: 'Hoi' })).toThrow(/unknown-section/);
  expect(doc.getArray(REVIEW_TYPES.comments).length).toBe(0);

  doc.getArray<unknown>(REVIEW_TYPES.comments).push([{ junk: true }, 'text']);
  addChangeComment(doc, { ...base, text: 'Goed zo.' });
  expect(allChangeComments(doc).map((c) => c.text)).toEqual(['Goed zo.']);
  expect(doc.getArray(REVIEW_TYPES.comments).length).toBe(3);
});
