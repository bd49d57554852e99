import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import { SECTIONS, planSchema } from '@safeplan/schema/plan';
import { PLAN_FIELD, seedPlanDoc } from './seed.ts';

function sectionsOf(doc: Y.Doc): string[] {
  const json = yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(PLAN_FIELD)) as { content?: { type: string }[] };
  return (json.content ?? []).map((n) => n.type);
}

describe('seeding the empty plan', () => {
  it('gives a document the schema accepts, with every section once', () => {
    const doc = new Y.Doc();
    expect(seedPlanDoc(doc)).toBe(true);
    const json = yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(PLAN_FIELD));
    expect(() => planSchema().nodeFromJSON(json).check()).not.toThrow();
    expect(sectionsOf(doc)).toEqual(SECTIONS.map((s) => s.node));
  });

  it('keeps one plan when two devices both seed and then sync', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    seedPlanDoc(a);
    seedPlanDoc(b);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(sectionsOf(a)).toEqual(SECTIONS.map((s) => s.node));
    expect(sectionsOf(b)).toEqual(sectionsOf(a));
  });

  it('never writes over a document that has content', () => {
    const a = new Y.Doc();
    seedPlanDoc(a);
    const before = Y.encodeStateVector(a);
    expect(seedPlanDoc(a)).toBe(false);
    expect(Y.encodeStateVector(a)).toEqual(before);
  });
});
