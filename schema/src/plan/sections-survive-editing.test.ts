import { describe, expect, test } from 'vitest';
import { AllSelection, NodeSelection } from '@tiptap/pm/state';
import type { Command, EditorState } from '@tiptap/pm/state';
import {
  baseKeymap,
  chainCommands,
  deleteSelection,
  joinBackward,
  joinDown,
  joinForward,
  joinUp,
  lift,
  liftEmptyBlock,
  selectAll,
  selectNodeBackward,
  selectNodeForward,
  splitBlock,
} from '@tiptap/pm/commands';
import { samplePlanJSON } from './sample-plan.ts';
import { assertPlanShape, fieldTextMap, fieldsOf, planState, run, undoAll, withCursor } from './testing/editor-state.ts';

const backspace = chainCommands(deleteSelection, joinBackward, selectNodeBackward);
const del = chainCommands(deleteSelection, joinForward, selectNodeForward);
const enter = baseKeymap.Enter as Command;

function start(): EditorState {
  return planState(samplePlanJSON());
}

/** Fields other than the one at `exceptPos` must keep their text; the edited one may only lose or gain text. */
function expectOnlyFieldChanged(before: EditorState, after: EditorState, key: string | null): void {
  const a = fieldTextMap(before.doc);
  const b = fieldTextMap(after.doc);
  expect([...b.keys()]).toEqual([...a.keys()]);
  for (const [k, v] of a) if (k !== key) expect(b.get(k), k).toBe(v);
}

describe('sections and fields survive editing', () => {
  const base = start();
  const fields = fieldsOf(base.doc);

  test('the sample plan has filled and empty fields to work on', () => {
    expect(fields.length).toBeGreaterThan(35);
    expect(fields.some((f) => f.node.content.size === 0)).toBe(true);
  });

  test.each([
    ['Backspace at the start of', backspace, 'start'],
    ['Delete at the end of', del, 'end'],
    ['joinBackward at the start of', joinBackward, 'start'],
    ['joinForward at the end of', joinForward, 'end'],
    ['Enter in the middle of', enter, 'middle'],
    ['splitBlock at the start of', splitBlock, 'start'],
    ['liftEmptyBlock in', liftEmptyBlock, 'start'],
    ['lift in', lift, 'middle'],
    ['joinUp in', joinUp, 'start'],
    ['joinDown in', joinDown, 'end'],
  ] as const)('%s every field never merges, drops or moves fields or sections', (_name, command, where) => {
    for (const field of fields) {
      const inside = field.pos + 1;
      const end = inside + field.node.content.size;
      const at = where === 'start' ? inside : where === 'end' ? end : inside + Math.floor(field.node.content.size / 2);
      const before = withCursor(base, at);
      const after = run(before, command).state;
      assertPlanShape(after.doc);
      expectOnlyFieldChanged(before, after, `${field.itemId}/${field.node.type.name}`);
      expect(fieldsOf(after.doc).length).toBe(fields.length);
    }
  });

  test('select all + delete keeps every section in order, and undo brings everything back', () => {
    const all = run(base, selectAll).state;
    expect(all.selection).toBeInstanceOf(AllSelection);
    const cleared = run(all, deleteSelection).state;
    assertPlanShape(cleared.doc);
    expect(cleared.doc.textContent).toBe('');
    // The header and monitoring details are filled in again by ProseMirror; they get fresh ids.
    expect(fieldsOf(cleared.doc).every((f) => typeof f.itemId === 'string')).toBe(true);
    const restored = undoAll(cleared);
    assertPlanShape(restored.doc);
    expect(restored.doc.toJSON()).toEqual(base.doc.toJSON());
  });

  test('deleting a selection that spans several sections keeps them all, and undo restores it', () => {
    for (let i = 0; i + 7 < fields.length; i += 3) {
      const from = fields[i]!;
      const to = fields[i + 7]!;
      const sel = withCursor(base, from.pos + 1 + Math.min(2, from.node.content.size), to.pos + 1);
      const after = run(sel, backspace).state;
      assertPlanShape(after.doc);
      const restored = undoAll(after);
      expect(restored.doc.eq(base.doc)).toBe(true);
    }
  });

  test('typing and deleting text stays inside the field', () => {
    const target = fields.find((f) => f.node.type.name === 'agreement_who')!;
    let s = withCursor(base, target.pos + 1);
    s = s.apply(s.tr.insertText('Oma en '));
    const after = run(withCursor(s, target.pos + 1, target.pos + 4), backspace).state;
    assertPlanShape(after.doc);
    expect(fieldTextMap(after.doc).get(`${target.itemId}/agreement_who`)).toBe(' en Papa');
    expect(undoAll(after).doc.eq(base.doc)).toBe(true);
  });

  test('a whole item can be selected and deleted, its section stays', () => {
    let itemPos = -1;
    base.doc.descendants((node, pos) => {
      if (node.type.name === 'agreement') itemPos = pos;
      return itemPos < 0;
    });
    const selected = base.apply(base.tr.setSelection(NodeSelection.create(base.doc, itemPos)));
    const after = run(selected, backspace).state;
    assertPlanShape(after.doc);
    expect(after.doc.child(7).childCount).toBe(0);
    expect(undoAll(after).doc.eq(base.doc)).toBe(true);
  });
});
