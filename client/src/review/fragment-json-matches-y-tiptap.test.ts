import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import type { JSONContent } from '@tiptap/core';
import { planSchema, samplePlanJSON, emptyPlanJSON } from '@safeplan/schema/plan';
import { fragmentToJSON } from './fragment-json.ts';

/** The sample plan with its first two text runs in bold and italic, so marks are compared too. */
function withMarks(json: JSONContent): JSONContent {
  const copy = structuredClone(json);
  const marks = [[{ type: 'bold' }], [{ type: 'italic' }]];
  const visit = (node: JSONContent): void => {
    if (node.type === 'text' && marks.length > 0) node.marks = marks.shift();
    node.content?.forEach(visit);
  };
  visit(copy);
  expect(marks).toHaveLength(0);
  return copy;
}

describe('the plan fragment as JSON without the editor code', () => {
  for (const [name, json] of [
    ['an empty plan', emptyPlanJSON()],
    ['a filled-in plan with bold and italic text', withMarks(samplePlanJSON())],
  ] as const) {
    it(`gives exactly what y-tiptap gives for ${name}`, () => {
      const doc = new Y.Doc();
      const fragment = doc.getXmlFragment('plan');
      prosemirrorJSONToYXmlFragment(planSchema(), json, fragment);
      expect(fragmentToJSON(fragment)).toEqual(yXmlFragmentToProsemirrorJSON(fragment));
    });
  }
});
