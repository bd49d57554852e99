import * as Y from 'yjs';
import { PLAN_FRAGMENT } from './review-doc.ts';

/**
 * Undo of one's own changes only: Y.UndoManager tracks the local editor's origin, so a remote
 * member's edits (applied with another origin) are never undone, and the recorder's own records
 * stay. An undo is a new local change, recorded and attributed like any other.
 * A Y.UndoManager covers one document, so a plan needs one per document (its fragment name says
 * which: PLAN_FRAGMENT or CONTRIBUTIONS_FRAGMENT).
 * (The app's Collaboration extension creates the same kind of manager for the editor; use that
 * one in the editor and this one where no editor is bound.)
 */
export function ownUndoManager(doc: Y.Doc, localOrigin: unknown, fragmentName: string = PLAN_FRAGMENT): Y.UndoManager {
  return new Y.UndoManager(doc.getXmlFragment(fragmentName), {
    trackedOrigins: new Set([localOrigin]),
    captureTimeout: 0,
  });
}
