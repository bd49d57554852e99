import type * as Y from 'yjs';
import { SECTION_ORDER } from '@safeplan/schema/plan';
import type { SectionKey } from '@safeplan/schema/plan';
import { REVIEW_TYPES } from './review-doc.ts';

/** A reviewer's remark on someone's change; shown to that person next to their change. */
export interface ChangeComment {
  id: string;
  /** Member who wrote the comment. */
  author: string;
  /** Member whose change it is about: the one who sees it. */
  about: string;
  section: SectionKey;
  itemId: string | null;
  field: string | null;
  /** Time of the change it is about (from the change's `by.at`), so it stays next to that change. */
  changeAt: number | null;
  at: number;
  text: string;
}

export const MAX_COMMENT_CHARS = 2000;

export type CommentProblem = 'empty' | 'too-long' | 'unknown-section';

/** Thrown for a comment that cannot be stored; `problem` maps to `review.comment.<problem>` in i18n. */
export class CommentError extends Error {
  override name = 'CommentError';
  constructor(readonly problem: CommentProblem) {
    super(`comment refused: ${problem}`);
  }
}

export type NewComment = Omit<ChangeComment, 'id' | 'at'>;

/**
 * Stores a comment in `doc`, the plan's contributions document (contributors reply too); throws
 * CommentError (and stores nothing) when it is empty, too long or misplaced.
 */
export function addChangeComment(doc: Y.Doc, input: NewComment, now: number = Date.now()): ChangeComment {
  const text = input.text.trim();
  if (!text) throw new CommentError('empty');
  if (text.length > MAX_COMMENT_CHARS) throw new CommentError('too-long');
  if (!SECTION_ORDER.includes(input.section)) throw new CommentError('unknown-section');
  const comment: ChangeComment = { ...input, text, at: now, id: `${doc.clientID.toString(36)}-${now.toString(36)}-${Math.random().toString(36).slice(2, 8)}` };
  doc.transact(() => doc.getArray<ChangeComment>(REVIEW_TYPES.comments).push([comment]), 'review-comment');
  return comment;
}

function isComment(v: unknown): v is ChangeComment {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  return (
    typeof c.id === 'string' &&
    typeof c.author === 'string' &&
    typeof c.about === 'string' &&
    typeof c.section === 'string' &&
    (SECTION_ORDER as readonly string[]).includes(c.section) &&
    (c.itemId === null || typeof c.itemId === 'string') &&
    (c.field === null || typeof c.field === 'string') &&
    (c.changeAt === null || typeof c.changeAt === 'number') &&
    typeof c.at === 'number' &&
    typeof c.text === 'string'
  );
}

/** Every readable comment, oldest first; entries of another shape are skipped, never removed. */
export function allChangeComments(doc: Y.Doc): ChangeComment[] {
  return doc
    .getArray<unknown>(REVIEW_TYPES.comments)
    .toArray()
    .filter(isComment)
    .sort((a, b) => a.at - b.at);
}

/** Comments on the changes of `memberId`: what the author of the changes sees. */
export function commentsForAuthor(doc: Y.Doc, memberId: string): ChangeComment[] {
  return allChangeComments(doc).filter((c) => c.about === memberId);
}

/** Comments placed on one item (the review view shows them next to its changes). */
export function commentsOnItem(doc: Y.Doc, section: SectionKey, itemId: string | null): ChangeComment[] {
  return allChangeComments(doc).filter((c) => c.section === section && c.itemId === itemId);
}
