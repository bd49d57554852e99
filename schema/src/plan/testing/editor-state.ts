import { EditorState, TextSelection } from '@tiptap/pm/state';
import type { Command, Transaction } from '@tiptap/pm/state';
import type { Node as PMNode, Slice } from '@tiptap/pm/model';
import type { EditorView } from '@tiptap/pm/view';
import { history, undo } from '@tiptap/pm/history';
import type { JSONContent } from '@tiptap/core';
import { planSchema } from '../extensions.ts';
import { itemIdsPlugin } from '../item-ids.ts';
import { fieldLimitPlugin } from '../field-limit.ts';
import { pasteGuardPlugin } from '../paste-guard.ts';
import { SECTIONS, sectionsOf } from '../sections.ts';
import type { PlanChannel, PlanSectionSpec } from '../sections.ts';

/** Test support: a plan EditorState with the same plugins the editor runs, minus the view. */

export function planState(json: JSONContent, onRefused?: (limit: number) => void): EditorState {
  return EditorState.create({
    doc: planSchema().nodeFromJSON(json),
    plugins: [history(), itemIdsPlugin(), fieldLimitPlugin(onRefused), pasteGuardPlugin()],
  });
}

/** Runs a command like a key press would: returns the new state and whether the command ran. */
export function run(state: EditorState, command: Command): { state: EditorState; ran: boolean } {
  let next = state;
  const ran = command(state, (tr: Transaction) => {
    next = next.apply(tr);
  });
  return { state: next, ran };
}

/** What the view does with a pasted or dropped slice before inserting it: every transformPasted prop. */
export function paste(state: EditorState, slice: Slice): EditorState {
  let out = slice;
  for (const plugin of state.plugins) {
    const transform = plugin.props.transformPasted;
    if (transform) out = transform.call(plugin, out, { state } as EditorView, false);
  }
  return state.apply(state.tr.replaceSelection(out).setMeta('paste', true).setMeta('uiEvent', 'paste'));
}

export function withCursor(state: EditorState, pos: number, head = pos): EditorState {
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, pos, head)));
}

export function undoAll(state: EditorState): EditorState {
  let s = state;
  for (let i = 0; i < 10_000; i++) {
    const r = run(s, undo);
    if (!r.ran) return s;
    s = r.state;
  }
  throw new Error('undo did not stop');
}

export interface FieldAt {
  /** Position just before the field node. */
  pos: number;
  node: PMNode;
  itemId: string | null;
}

export function fieldsOf(doc: PMNode): FieldAt[] {
  const out: FieldAt[] = [];
  doc.descendants((node, pos, parent) => {
    if (node.type.spec.group !== 'plan_field') return true;
    const id: unknown = parent?.attrs.id;
    out.push({ pos, node, itemId: typeof id === 'string' ? id : null });
    return false;
  });
  return out;
}

/** Throws unless the document is valid and holds every section (of the full plan, or of one channel) exactly once, in order. */
export function assertPlanShape(doc: PMNode, channel?: PlanChannel): void {
  doc.check();
  const names: string[] = [];
  doc.forEach((n) => names.push(n.type.name));
  const sections: readonly PlanSectionSpec[] = channel ? sectionsOf(channel) : SECTIONS;
  const expected = sections.map((s) => s.node);
  if (names.join() !== expected.join()) throw new Error(`Sections changed: ${names.join()}`);
}

/** Text of every field keyed by item id and field node name, to see what an edit touched. */
export function fieldTextMap(doc: PMNode): Map<string, string> {
  const map = new Map<string, string>();
  for (const f of fieldsOf(doc)) map.set(`${f.itemId}/${f.node.type.name}`, f.node.textBetween(0, f.node.content.size, '', '\n'));
  return map;
}
