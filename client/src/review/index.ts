/** The review area's framework-free core: attribution, changes since a review, comments, undo, restore, versions. */
export { REVIEW_TYPES, PLAN_FRAGMENT, CONTRIBUTIONS_FRAGMENT, SEED_CLIENT_ID } from './review-doc.ts';
export type { PlanDocs } from './review-doc.ts';
export { recordChanges, RECORDER_ORIGIN } from './change-recorder.ts';
export type { ChangeRecord, RecorderOptions } from './change-recorder.ts';
export { Attribution } from './attribution.ts';
export type { Author } from './attribution.ts';
export type { TextRun } from './change-runs.ts';
export { changesSince, changesInDoc, changeAuthors } from './changes-since.ts';
export type { SectionChanges, ItemChanges, FieldChanges, AttrChange, ChangeFilter } from './changes-since.ts';
export { markReviewed, reviewMarkOf } from './review-marks.ts';
export { snapshotsOf, encodePlanSnapshots, decodePlanSnapshots } from './plan-snapshots.ts';
export type { PlanSnapshots } from './plan-snapshots.ts';
export type { ReviewMark } from './review-marks.ts';
export {
  addChangeComment,
  allChangeComments,
  commentsForAuthor,
  commentsOnItem,
  CommentError,
  MAX_COMMENT_CHARS,
} from './change-comments.ts';
export type { ChangeComment, CommentProblem, NewComment } from './change-comments.ts';
export { ownUndoManager } from './own-undo.ts';
export { planAt, applyPlan, applyFullPlan, restoreEarlier, RestoreError } from './restore-earlier.ts';
export {
  fixVersionInDoc,
  nextVersionNo,
  readVersions,
  storeEndorsement,
  endorsementsOf,
  versionMark,
} from './versions-in-doc.ts';
export type { FixFromDoc, StoredVersion } from './versions-in-doc.ts';
export { reviewMessages } from './review-messages.ts';
