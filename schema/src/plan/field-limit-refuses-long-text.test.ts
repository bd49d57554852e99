import { describe, expect, test } from 'vitest';
import { MAX_FIELD_CHARS } from './sections.ts';
import { newItemJSON } from './json.ts';
import { planJSONWith } from './plan-builder.ts';
import { fieldsOf, planState } from './testing/editor-state.ts';

describe('a field longer than MAX_FIELD_CHARS is refused, not cut', () => {
  const refusals: number[] = [];
  const state = planState(planJSONWith([newItemJSON('agreement', {}, { what: 'Begin' })]), (limit) => refusals.push(limit));
  const what = fieldsOf(state.doc).find((f) => f.node.type.name === 'agreement_what')!;

  test('text up to the limit is accepted', () => {
    const after = state.apply(state.tr.insertText('a'.repeat(MAX_FIELD_CHARS - 5), what.pos + 1));
    expect(after.doc.textContent).toContain('a'.repeat(MAX_FIELD_CHARS - 5));
  });

  test('one character more is refused, the field is unchanged and the UI is told', () => {
    const after = state.apply(state.tr.insertText('a'.repeat(MAX_FIELD_CHARS - 4), what.pos + 1));
    expect(after.doc.eq(state.doc)).toBe(true);
    expect(refusals).toEqual([MAX_FIELD_CHARS]);
  });

  test("a collaborator's change is applied even when it is too long", () => {
    const tr = state.tr.insertText('b'.repeat(MAX_FIELD_CHARS), what.pos + 1).setMeta('y-sync$', { isChangeOrigin: true });
    expect(state.apply(tr).doc.textContent).toContain('b'.repeat(MAX_FIELD_CHARS));
  });

  test('shortening a field that is already too long is allowed', () => {
    const long = state.apply(state.tr.insertText('c'.repeat(MAX_FIELD_CHARS + 10), what.pos + 1).setMeta('y-sync$', { isChangeOrigin: true }));
    const shorter = long.apply(long.tr.delete(what.pos + 1, what.pos + 4));
    expect(shorter.doc.eq(long.doc)).toBe(false);
  });
});
