import { expect, test } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { planSchema } from './extensions.ts';
import { planModelFromDoc } from './model.ts';
import { samplePlanJSON } from './sample-plan.ts';
import { assertPlanShape } from './testing/editor-state.ts';

test('a plan with every attr kind survives a trip through Yjs (XML attributes) unchanged', () => {
  const schema = planSchema();
  const doc = schema.nodeFromJSON(samplePlanJSON());
  const ydoc = new Y.Doc();
  prosemirrorJSONToYXmlFragment(schema, doc.toJSON(), ydoc.getXmlFragment('plan'));
  const remote = new Y.Doc();
  Y.applyUpdate(remote, Y.encodeStateAsUpdate(ydoc));
  const back = yXmlFragmentToProseMirrorRootNode(remote.getXmlFragment('plan'), schema);
  assertPlanShape(back);
  expect(back.toJSON()).toEqual(doc.toJSON());
  expect(planModelFromDoc(back)).toEqual(planModelFromDoc(doc));
});
