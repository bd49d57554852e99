import { describe, expect, test } from 'vitest';
import { newItemJSON } from './json.ts';
import { planJSONWith } from './plan-builder.ts';
import { itemsNeedingId } from './item-ids.ts';
import { planSchema } from './extensions.ts';
import { planState } from './testing/editor-state.ts';

function ids(state: ReturnType<typeof planState>): unknown[] {
  const out: unknown[] = [];
  state.doc.descendants((n) => {
    if (n.type.spec.group !== 'plan_item') return true;
    out.push(n.attrs.id);
    return false;
  });
  return out;
}

describe('item ids stay unique', () => {
  test('a duplicated item gets a new id, the original keeps its own', () => {
    const state = planState(planJSONWith([newItemJSON('danger_statement', {}, { text: 'Jan' })]));
    const original = state.doc.child(3).child(0);
    const sectionEnd = state.doc.child(0).nodeSize + state.doc.child(1).nodeSize + state.doc.child(2).nodeSize + state.doc.child(3).nodeSize - 1;
    const after = state.apply(state.tr.insert(sectionEnd, original));
    const [first, second] = [after.doc.child(3).child(0).attrs.id, after.doc.child(3).child(1).attrs.id];
    expect(first).toBe(original.attrs.id);
    expect(second).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(second).not.toBe(first);
  });

  test('an item without an id gets one on the next local change', () => {
    const json = planJSONWith([{ type: 'safety_goal', attrs: { id: null }, content: [{ type: 'safety_goal_text' }] }]);
    const state = planState(json);
    expect(itemsNeedingId(state.doc)).toHaveLength(1);
    const after = state.apply(state.tr.insertText('x', 3));
    expect(itemsNeedingId(after.doc)).toEqual([]);
    expect(new Set(ids(after)).size).toBe(ids(after).length);
  });

  test("a collaborator's change is never rewritten", () => {
    const state = planState(planJSONWith([newItemJSON('agreement')]));
    const copy = planSchema().nodeFromJSON(newItemJSON('agreement')).type.create({ id: null }, state.doc.child(7).child(0).content);
    const pos = ids(state).length;
    const remote = state.tr.setMeta('y-sync$', { isChangeOrigin: true });
    let sectionStart = 0;
    state.doc.forEach((n, offset, i) => {
      if (i === 7) sectionStart = offset;
    });
    remote.insert(sectionStart + 1, copy);
    const after = state.apply(remote);
    expect(ids(after)).toHaveLength(pos + 1);
    expect(itemsNeedingId(after.doc)).toHaveLength(1);
  });
});
