import * as Y from 'yjs';
import type { JSONContent } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { updateYFragment } from '@tiptap/y-tiptap';
import { channelSchema, joinChannelsJSON, PLAN_CHANNELS, planSchema, splitChannelsJSON } from '@safeplan/schema/plan';
import type { PlanChannel } from '@safeplan/schema/plan';
import { fragmentToJSON } from './fragment-json.ts';
import { CONTRIBUTIONS_FRAGMENT, PLAN_FRAGMENT } from './review-doc.ts';
import type { PlanDocs } from './review-doc.ts';
import type { PlanSnapshots } from './plan-snapshots.ts';

/** Raised when earlier content cannot be read (unknown snapshot, gc'd document, invalid plan). */
export class RestoreError extends Error {
  override name = 'RestoreError';
}

const FRAGMENT: Record<PlanChannel, string> = { plan: PLAN_FRAGMENT, contributions: CONTRIBUTIONS_FRAGMENT };

function why(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** One document's fragment as it was at `snapshot`, as ProseMirror JSON, read from the document's history. */
function fragmentAt(doc: Y.Doc, fragmentName: string, snapshot: Y.Snapshot): unknown {
  if (doc.gc) throw new RestoreError('This document forgets deleted content (gc is on), so earlier states cannot be read.');
  let earlier: Y.Doc;
  try {
    earlier = Y.createDocFromSnapshot(doc, snapshot, new Y.Doc({ gc: false }));
  } catch (err) {
    throw new RestoreError(`The earlier state is not in this document: ${why(err)}`);
  }
  try {
    return fragmentToJSON(earlier.getXmlFragment(fragmentName));
  } finally {
    earlier.destroy();
  }
}

/** The full plan (both documents joined) as it was at `snapshots` (a review mark or a version's snapshots). */
export function planAt(docs: PlanDocs, snapshots: PlanSnapshots): PMNode {
  const plan = fragmentAt(docs.plan, PLAN_FRAGMENT, snapshots.plan);
  const contributions = fragmentAt(docs.contributions, CONTRIBUTIONS_FRAGMENT, snapshots.contributions);
  return parsed(() => joinChannelsJSON(plan, contributions));
}

function parsed(json: () => unknown): PMNode {
  try {
    const node = planSchema().nodeFromJSON(json());
    node.check();
    return node;
  } catch (err) {
    throw new RestoreError(`The earlier content is not a valid plan: ${why(err)}`);
  }
}

/**
 * Makes a fragment equal to `node` with the smallest edits y-prosemirror finds (the same diff the
 * editor binding uses), in one transaction with `origin`. History is never rewritten: the result
 * is a new change, attributed and undoable like any other. `node` must be of the fragment's own
 * schema (the full plan for a single-document plan, a channel's document for a channel).
 */
export function applyPlan(doc: Y.Doc, fragmentName: string, node: PMNode, origin: unknown): void {
  const fragment = doc.getXmlFragment(fragmentName);
  const y = { transact: (f: () => void) => doc.transact(f, origin) };
  updateYFragment(y, fragment, node, { mapping: new Map(), isOMark: new Map() });
}

/**
 * Makes the documents of `channels` hold their part of `full` (a full plan), each as a new change.
 * Throws RestoreError, changing nothing, when `full` is not a plan.
 */
export function applyFullPlan(docs: PlanDocs, full: unknown, origin: unknown, channels: readonly PlanChannel[] = PLAN_CHANNELS): void {
  let nodes: Record<PlanChannel, PMNode>;
  try {
    const split = splitChannelsJSON(full);
    nodes = {
      plan: channelSchema('plan').nodeFromJSON(split.plan),
      contributions: channelSchema('contributions').nodeFromJSON(split.contributions),
    };
  } catch (err) {
    throw new RestoreError(`The earlier content is not a valid plan: ${why(err)}`);
  }
  for (const channel of channels) applyPlan(docs[channel], FRAGMENT[channel], nodes[channel], origin);
}

/**
 * "Restore this earlier version": the plan as it was (a mark's or a version's snapshots, or a
 * version's full-plan JSON), applied now as a new change. By default only the plan document goes
 * back: the safety log and the scores record what happened and what people think since, which a
 * plan version does not undo. Pass both channels to take everything back. Documents already as they
 * were get no change at all.
 */
export function restoreEarlier(
  docs: PlanDocs,
  earlier: PlanSnapshots | JSONContent,
  origin: unknown,
  channels: readonly PlanChannel[] = ['plan'],
): void {
  const full = isSnapshots(earlier) ? planAt(docs, earlier).toJSON() : earlier;
  applyFullPlan(docs, full, origin, channels);
}

function isSnapshots(v: PlanSnapshots | JSONContent): v is PlanSnapshots {
  return (v as PlanSnapshots).plan instanceof Y.Snapshot && (v as PlanSnapshots).contributions instanceof Y.Snapshot;
}
