import * as Y from 'yjs';
// The spec alone: the sync engine loads this on the home screen, which must not load Tiptap.
import { SECTIONS } from '@safeplan/schema/plan-spec';
import type { SectionKey } from '@safeplan/schema/plan-spec';
import { PLAN_FRAGMENT, REVIEW_TYPES } from './review-doc.ts';

/**
 * One local transaction that touched the plan: the Yjs clocks it wrote (`from` ≤ clock < `to` of
 * `client`) and the delete set it made, so every inserted and every deleted character can be
 * traced to a member and a time.
 */
export interface ChangeRecord {
  member: string;
  client: number;
  from: number;
  to: number;
  at: number;
  sections: SectionKey[];
  /** Y.encodeSnapshot of (this transaction's delete set, empty state vector); empty when it deleted nothing. */
  deleted: Uint8Array;
}

export interface RecorderOptions {
  memberId: string;
  fragmentName?: string;
  now?: () => number;
}

/** Origin of the recorder's own writes, so they are never recorded (nor undone) themselves. */
export const RECORDER_ORIGIN = Symbol('safeplan-review-recorder');

const sectionByNode = new Map<string, SectionKey>(SECTIONS.map((s) => [s.node, s.key]));

function sectionsTouched(tr: Y.Transaction, fragment: Y.XmlFragment): SectionKey[] {
  const found = new Set<SectionKey>();
  for (const type of tr.changedParentTypes.keys()) {
    const item = type._item;
    if (item && item.parent === fragment && type instanceof Y.XmlElement) {
      const key = sectionByNode.get(type.nodeName);
      if (key) found.add(key);
    }
  }
  return SECTIONS.map((s) => s.key).filter((k) => found.has(k));
}

function touches(tr: Y.Transaction, fragment: Y.XmlFragment): boolean {
  for (const type of tr.changedParentTypes.keys()) if ((type as unknown) === fragment) return true;
  return false;
}

function encodeDeleteSet(ds: Y.Snapshot['ds']): Uint8Array {
  if (ds.clients.size === 0) return new Uint8Array(0);
  return Y.encodeSnapshot(Y.createSnapshot(ds, new Map()));
}

/**
 * Records every local change to the fragment of `doc` (PLAN_FRAGMENT unless `fragmentName` says
 * otherwise) as a ChangeRecord, written in a follow-up transaction of its own, into the same
 * document: a plan runs one recorder per document (plan and contributions), so a contributor's
 * records land where they may write. Remote updates (applyUpdate) are not local and are recorded
 * by their author's device. Returns a function that stops recording.
 */
export function recordChanges(doc: Y.Doc, options: RecorderOptions): () => void {
  const fragment = doc.getXmlFragment(options.fragmentName ?? PLAN_FRAGMENT);
  const changes = doc.getArray<ChangeRecord>(REVIEW_TYPES.changes);
  const clients = doc.getMap<string>(REVIEW_TYPES.clients);
  const now = options.now ?? Date.now;

  const claim = () => {
    // A device keeps one client id per Y.Doc; say once whose it is, before its first change.
    if (clients.get(String(doc.clientID)) !== options.memberId) {
      doc.transact(() => clients.set(String(doc.clientID), options.memberId), RECORDER_ORIGIN);
    }
  };

  const onAfter = (tr: Y.Transaction) => {
    if (!tr.local || tr.origin === RECORDER_ORIGIN || !touches(tr, fragment)) return;
    const client = doc.clientID;
    const record: ChangeRecord = {
      member: options.memberId,
      client,
      from: tr.beforeState.get(client) ?? 0,
      to: tr.afterState.get(client) ?? 0,
      at: now(),
      sections: sectionsTouched(tr, fragment),
      deleted: encodeDeleteSet(tr.deleteSet),
    };
    claim();
    doc.transact(() => changes.push([record]), RECORDER_ORIGIN);
  };
  doc.on('afterTransaction', onAfter);
  return () => doc.off('afterTransaction', onAfter);
}
