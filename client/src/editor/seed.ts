import * as Y from 'yjs';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import type { JSONContent } from '@tiptap/core';
import { emptyPlanJSON, planSchema } from '@safeplan/schema/plan';

/** The Y.Doc field the editor binds to. */
export const PLAN_FIELD = 'plan';

/**
 * Yjs client id under which the empty plan is written. Every device writes the very same
 * operations under this id, so when two devices both start a plan (or one opens it before the
 * first sync arrives) Yjs sees one set of operations, not two, and the plan never doubles.
 */
const SEED_CLIENT_ID = 0;

/** emptyPlanJSON() gives its fixed items random ids; the seed must be byte-for-byte the same everywhere. */
function withFixedIds(node: JSONContent): JSONContent {
  const out: JSONContent = { ...node };
  if (node.attrs && 'id' in node.attrs && node.type) out.attrs = { ...node.attrs, id: `seed_${node.type}` };
  if (node.content) out.content = node.content.map(withFixedIds);
  return out;
}

let cachedSeed: Uint8Array | undefined;

/** The empty plan as a Yjs update, identical on every device running this schema. */
export function seedUpdate(): Uint8Array {
  if (!cachedSeed) {
    const tmp = new Y.Doc({ gc: false });
    tmp.clientID = SEED_CLIENT_ID;
    prosemirrorJSONToYXmlFragment(planSchema(), withFixedIds(emptyPlanJSON()), tmp.getXmlFragment(PLAN_FIELD));
    cachedSeed = Y.encodeStateAsUpdate(tmp);
    tmp.destroy();
  }
  return cachedSeed;
}

export function isPlanDocEmpty(doc: Y.Doc): boolean {
  return doc.getXmlFragment(PLAN_FIELD).length === 0;
}

/** Writes the empty plan into `doc` unless it already has content. Safe to call on any device. */
export function seedPlanDoc(doc: Y.Doc): boolean {
  if (!isPlanDocEmpty(doc)) return false;
  Y.applyUpdate(doc, seedUpdate(), 'seed');
  return true;
}
