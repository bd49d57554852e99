import * as Y from 'yjs';
import type { Channel } from '@safeplan/schema/protocol';
import type { PlanDocs } from '../review/review-doc.ts';
import type { SnapshotContent } from './snapshot-content.ts';

export type { PlanDocs } from '../review/review-doc.ts';

/**
 * The two documents of a plan, one per channel (docs/protocol.md "Roles and what each may do").
 * An envelope's channel is signed and bound into the AEAD, so routing by it means a contributor's
 * update can never reach the plan document, whatever its bytes say.
 */
export function newPlanDocs(): PlanDocs {
  // gc off: deleted text must stay in the documents so review can show what was deleted.
  return { plan: new Y.Doc({ gc: false }), contributions: new Y.Doc({ gc: false }) };
}

export function docFor(docs: PlanDocs, channel: Channel): Y.Doc {
  return channel === 'contributions' ? docs.contributions : docs.plan;
}

export function applyToChannel(docs: PlanDocs, channel: Channel, update: Uint8Array, origin: unknown): void {
  Y.applyUpdate(docFor(docs, channel), update, origin);
}

export function applySnapshotContent(docs: PlanDocs, content: SnapshotContent, origin: unknown): void {
  Y.applyUpdate(docs.plan, content.state, origin);
  if (content.contributions.length > 0) Y.applyUpdate(docs.contributions, content.contributions, origin);
}

export function snapshotContentOf(
  docs: PlanDocs,
  clocks: ReadonlyMap<string, number>,
  proofs: ReadonlyMap<string, Uint8Array> = new Map(),
): SnapshotContent {
  return {
    state: Y.encodeStateAsUpdate(docs.plan),
    contributions: Y.encodeStateAsUpdate(docs.contributions),
    clocks: new Map(clocks),
    proofs: new Map([...proofs].filter(([author]) => clocks.has(author))),
  };
}

/** Whether two pairs of documents hold the same content: the same items and the same deletions. */
export function sameContent(a: PlanDocs, b: PlanDocs): boolean {
  return (
    Y.equalSnapshots(Y.snapshot(a.plan), Y.snapshot(b.plan)) &&
    Y.equalSnapshots(Y.snapshot(a.contributions), Y.snapshot(b.contributions))
  );
}
