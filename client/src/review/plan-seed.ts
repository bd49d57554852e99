import * as Y from 'yjs';
import { prosemirrorJSONToYXmlFragment } from '@tiptap/y-tiptap';
import type { JSONContent } from '@tiptap/core';
import { channelSchema, emptyChannelJSON, PLAN_CHANNELS, type PlanChannel } from '@safeplan/schema/plan';
import { CONTRIBUTIONS_FRAGMENT, PLAN_FRAGMENT, SEED_CLIENT_ID, type PlanDocs } from './review-doc.ts';

/** The Y.Doc field the plan editor binds to. */
export const PLAN_FIELD = PLAN_FRAGMENT;

/** The Y.XmlFragment each channel's editor binds to, in that channel's document. */
export const CHANNEL_FIELD: Record<PlanChannel, string> = { plan: PLAN_FRAGMENT, contributions: CONTRIBUTIONS_FRAGMENT };

/** emptyChannelJSON() gives its fixed items random ids; the seed must be byte-for-byte the same everywhere. */
function withFixedIds(node: JSONContent): JSONContent {
  const out: JSONContent = { ...node };
  if (node.attrs && 'id' in node.attrs && node.type) out.attrs = { ...node.attrs, id: `seed_${node.type}` };
  if (node.content) out.content = node.content.map(withFixedIds);
  return out;
}

const cachedSeeds = new Map<PlanChannel, Uint8Array>();

/**
 * The empty document of a channel as a Yjs update, identical on every device running this schema.
 * It is written under SEED_CLIENT_ID, the same operations everywhere, so when two devices both
 * start a plan (or one opens it before the first sync arrives) Yjs sees one set of operations, not
 * two, and the plan never doubles.
 */
export function seedUpdate(channel: PlanChannel = 'plan'): Uint8Array {
  let seed = cachedSeeds.get(channel);
  if (!seed) {
    const tmp = new Y.Doc({ gc: false });
    tmp.clientID = SEED_CLIENT_ID;
    prosemirrorJSONToYXmlFragment(channelSchema(channel), withFixedIds(emptyChannelJSON(channel)), tmp.getXmlFragment(CHANNEL_FIELD[channel]));
    seed = Y.encodeStateAsUpdate(tmp);
    tmp.destroy();
    cachedSeeds.set(channel, seed);
  }
  return seed;
}

export function isChannelDocEmpty(doc: Y.Doc, channel: PlanChannel): boolean {
  return doc.getXmlFragment(CHANNEL_FIELD[channel]).length === 0;
}

/** Writes the channel's empty document into `doc` unless it already has content. The caller checks this device may write it. */
export function seedChannelDoc(doc: Y.Doc, channel: PlanChannel): boolean {
  if (!isChannelDocEmpty(doc, channel)) return false;
  Y.applyUpdate(doc, seedUpdate(channel), 'seed');
  return true;
}

/** The plan document's seed (its twelve sections); see seedChannelDoc. */
export function seedPlanDoc(doc: Y.Doc): boolean {
  return seedChannelDoc(doc, 'plan');
}

/** The contributions document's seed (safety scale and safety log); see seedChannelDoc. */
export function seedContributionsDoc(doc: Y.Doc): boolean {
  return seedChannelDoc(doc, 'contributions');
}

/**
 * Seeds each empty document of a plan that this device may write; a reader must never write, not
 * even the seed (the relay would refuse it, and it would wait on this device forever).
 * Returns the channels it seeded.
 */
export function seedPlanDocs(docs: PlanDocs, mayWrite: (channel: PlanChannel) => boolean = () => true): PlanChannel[] {
  const docOf: Record<PlanChannel, Y.Doc> = { plan: docs.plan, contributions: docs.contributions };
  return PLAN_CHANNELS.filter((channel) => mayWrite(channel) && seedChannelDoc(docOf[channel], channel));
}
