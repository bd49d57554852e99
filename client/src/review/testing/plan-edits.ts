import * as Y from 'yjs';
import { EditorState } from '@tiptap/pm/state';
import type { Transaction } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import { fieldNodeName, joinChannelsJSON, newItemJSON, planSchema, SECTIONS } from '@safeplan/schema/plan';
import type { AttrValue, ItemType, SectionKey } from '@safeplan/schema/plan';
import { seedPlanDocs } from '../plan-seed.ts';
import { fragmentToJSON } from '../fragment-json.ts';
import { applyFullPlan } from '../restore-earlier.ts';
import { CONTRIBUTIONS_FRAGMENT, PLAN_FRAGMENT } from '../review-doc.ts';
import type { PlanDocs } from '../review-doc.ts';

/**
 * Test support: edits a plan's two Y.Docs the way the editors do — a ProseMirror transaction on
 * the full plan, each document's own sections written back through y-prosemirror's
 * updateYFragment — without a browser. A document whose sections did not change gets no change.
 */

/** Origin of the editor binding's writes in these tests (the app's is ySyncPluginKey). */
export const EDITOR_ORIGIN = 'test-editor';

/** Both documents of a plan, keeping deleted content (as the engine's do), seeded like every device seeds them. */
export function seededDocs(): PlanDocs {
  const docs = { plan: new Y.Doc({ gc: false }), contributions: new Y.Doc({ gc: false }) };
  seedPlanDocs(docs);
  return docs;
}

/** The full plan as it is now in both documents. */
export function planNow(docs: PlanDocs): PMNode {
  const full = joinChannelsJSON(
    fragmentToJSON(docs.plan.getXmlFragment(PLAN_FRAGMENT)),
    fragmentToJSON(docs.contributions.getXmlFragment(CONTRIBUTIONS_FRAGMENT)),
  );
  return planSchema().nodeFromJSON(full);
}

export function edit(docs: PlanDocs, change: (tr: Transaction) => void, origin: unknown = EDITOR_ORIGIN): void {
  const state = EditorState.create({ doc: planNow(docs) });
  const tr = state.tr;
  change(tr);
  applyFullPlan(docs, tr.doc.toJSON(), origin);
}

/** Position of the start of a field's content (inside the field node). */
export function fieldPos(node: PMNode, itemId: string, fieldKey: string): { from: number; text: string } {
  let found: { from: number; text: string } | undefined;
  node.descendants((n, pos) => {
    if (found) return false;
    if (n.attrs.id !== itemId) return true;
    n.forEach((child, offset) => {
      if (child.type.name === fieldNodeName(n.type.name, fieldKey)) {
        found = { from: pos + 1 + offset + 1, text: child.textBetween(0, child.content.size, '', '\n') };
      }
    });
    return false;
  });
  if (!found) throw new Error(`No field ${fieldKey} on item ${itemId}`);
  return found;
}

export function typeInto(docs: PlanDocs, itemId: string, fieldKey: string, offset: number, text: string, origin?: unknown): void {
  edit(docs, (tr) => tr.insertText(text, fieldPos(tr.doc, itemId, fieldKey).from + offset), origin);
}

export function deleteIn(docs: PlanDocs, itemId: string, fieldKey: string, from: number, to: number, origin?: unknown): void {
  edit(docs, (tr) => {
    const start = fieldPos(tr.doc, itemId, fieldKey).from;
    tr.delete(start + from, start + to);
  }, origin);
}

export function fieldText(docs: PlanDocs, itemId: string, fieldKey: string): string {
  return fieldPos(planNow(docs), itemId, fieldKey).text;
}

/** Appends a new item to its section; returns its id. */
export function addItem(
  docs: PlanDocs,
  section: SectionKey,
  itemType: ItemType,
  fields: Record<string, string> = {},
  attrs: Record<string, AttrValue> = {},
  origin?: unknown,
): string {
  const json = newItemJSON(itemType, attrs, fields);
  edit(docs, (tr) => {
    const index = SECTIONS.findIndex((s) => s.key === section);
    let pos = 0;
    for (let i = 0; i < index; i++) pos += tr.doc.child(i).nodeSize;
    tr.insert(pos + tr.doc.child(index).nodeSize - 1, planSchema().nodeFromJSON(json));
  }, origin);
  return String(json.attrs?.id);
}

export function removeItem(docs: PlanDocs, itemId: string, origin?: unknown): void {
  edit(docs, (tr) => {
    let range: [number, number] | undefined;
    tr.doc.descendants((n, pos) => {
      if (range) return false;
      if (n.attrs.id === itemId) {
        range = [pos, pos + n.nodeSize];
        return false;
      }
      return true;
    });
    if (!range) throw new Error(`No item ${itemId}`);
    tr.delete(range[0], range[1]);
  }, origin);
}

export function setItemAttr(docs: PlanDocs, itemId: string, attr: string, value: AttrValue, origin?: unknown): void {
  edit(docs, (tr) => {
    let at: number | undefined;
    tr.doc.descendants((n, pos) => {
      if (at !== undefined) return false;
      if (n.attrs.id === itemId) at = pos;
      return at === undefined;
    });
    if (at === undefined) throw new Error(`No item ${itemId}`);
    tr.setNodeAttribute(at, attr, value);
  }, origin);
}

/** Sends every update of `from` that `to` lacks, in both documents: one device syncing with another through the relay. */
export function sync(from: PlanDocs, to: PlanDocs): void {
  syncDoc(from.plan, to.plan);
  syncDoc(from.contributions, to.contributions);
}

/** The same for one document. */
export function syncDoc(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), 'remote');
}
