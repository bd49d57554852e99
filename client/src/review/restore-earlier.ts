import * as Y from 'yjs';
import type { JSONContent } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { updateYFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { planSchema } from '@safeplan/schema/plan';

/** Raised when earlier content cannot be read (unknown snapshot, gc'd document, invalid plan). */
export class RestoreError extends Error {
  override name = 'RestoreError';
}

/** The plan as it was at `snapshot` (a review mark or a version's snapshot), read from the document's history. */
export function planAt(doc: Y.Doc, fragmentName: string, snapshot: Y.Snapshot): PMNode {
  if (doc.gc) throw new RestoreError('This document forgets deleted content (gc is on), so earlier states cannot be read.');
  let earlier: Y.Doc;
  try {
    earlier = Y.createDocFromSnapshot(doc, snapshot, new Y.Doc({ gc: false }));
  } catch (err) {
    throw new RestoreError(`The earlier state is not in this document: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    return checked(yXmlFragmentToProseMirrorRootNode(earlier.getXmlFragment(fragmentName), planSchema()));
  } finally {
    earlier.destroy();
  }
}

function checked(node: PMNode): PMNode {
  try {
    node.check();
  } catch (err) {
    throw new RestoreError(`The earlier content is not a valid plan: ${err instanceof Error ? err.message : String(err)}`);
  }
  return node;
}

/**
 * Makes the plan fragment equal to `node` with the smallest edits y-prosemirror finds (the same
 * diff the editor binding uses), in one transaction with `origin`. History is never rewritten: the
 * result is a new change, attributed and undoable like any other.
 */
export function applyPlan(doc: Y.Doc, fragmentName: string, node: PMNode, origin: unknown): void {
  const fragment = doc.getXmlFragment(fragmentName);
  const y = { transact: (f: () => void) => doc.transact(f, origin) };
  updateYFragment(y, fragment, node, { mapping: new Map(), isOMark: new Map() });
}

/** "Restore this earlier version": its content, applied now as a new change. */
export function restoreEarlier(
  doc: Y.Doc,
  fragmentName: string,
  earlier: Y.Snapshot | JSONContent,
  origin: unknown,
): void {
  const node =
    earlier instanceof Y.Snapshot ? planAt(doc, fragmentName, earlier) : checked(parsePlan(earlier));
  applyPlan(doc, fragmentName, node, origin);
}

function parsePlan(json: JSONContent): PMNode {
  try {
    return planSchema().nodeFromJSON(json);
  } catch (err) {
    throw new RestoreError(`The earlier content is not a valid plan: ${err instanceof Error ? err.message : String(err)}`);
  }
}
