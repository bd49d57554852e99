import * as Y from 'yjs';
import { EditorState } from '@tiptap/pm/state';
import type { Transaction } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { fieldNodeName, newItemJSON, planSchema, SECTIONS } from '@safeplan/schema/plan';
import type { AttrValue, ItemType, SectionKey } from '@safeplan/schema/plan';
import { applyPlan } from '../restore-earlier.ts';
import { PLAN_FRAGMENT } from '../review-doc.ts';

/**
 * Test support: edits a plan Y.Doc the way the editor does — a ProseMirror transaction on the
 * current content, written back through y-prosemirror's updateYFragment — without a browser.
 */

/** Origin of the editor binding's writes in these tests (the app's is ySyncPluginKey). */
export const EDITOR_ORIGIN = 'test-editor';

export function planNow(doc: Y.Doc): PMNode {
  return yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(PLAN_FRAGMENT), planSchema());
}

export function edit(doc: Y.Doc, change: (tr: Transaction) => void, origin: unknown = EDITOR_ORIGIN): void {
  const state = EditorState.create({ doc: planNow(doc) });
  const tr = state.tr;
  change(tr);
  applyPlan(doc, PLAN_FRAGMENT, tr.doc, origin);
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

export function typeInto(doc: Y.Doc, itemId: string, fieldKey: string, offset: number, text: string, origin?: unknown): void {
  edit(doc, (tr) => tr.insertText(text, fieldPos(tr.doc, itemId, fieldKey).from + offset), origin);
}

export function deleteIn(doc: Y.Doc, itemId: string, fieldKey: string, from: number, to: number, origin?: unknown): void {
  edit(doc, (tr) => {
    const start = fieldPos(tr.doc, itemId, fieldKey).from;
    tr.delete(start + from, start + to);
  }, origin);
}

export function fieldText(doc: Y.Doc, itemId: string, fieldKey: string): string {
  return fieldPos(planNow(doc), itemId, fieldKey).text;
}

/** Appends a new item to its section; returns its id. */
export function addItem(
  doc: Y.Doc,
  section: SectionKey,
  itemType: ItemType,
  fields: Record<string, string> = {},
  attrs: Record<string, AttrValue> = {},
  origin?: unknown,
): string {
  const json = newItemJSON(itemType, attrs, fields);
  edit(doc, (tr) => {
    const index = SECTIONS.findIndex((s) => s.key === section);
    let pos = 0;
    for (let i = 0; i < index; i++) pos += tr.doc.child(i).nodeSize;
    tr.insert(pos + tr.doc.child(index).nodeSize - 1, planSchema().nodeFromJSON(json));
  }, origin);
  return String(json.attrs?.id);
}

export function removeItem(doc: Y.Doc, itemId: string, origin?: unknown): void {
  edit(doc, (tr) => {
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

export function setItemAttr(doc: Y.Doc, itemId: string, attr: string, value: AttrValue, origin?: unknown): void {
  edit(doc, (tr) => {
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

/** Sends every update of `from` that `to` lacks: one device syncing with another through the relay. */
export function sync(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)), 'remote');
}
