import type { JSONContent } from '@tiptap/core';
import type { Node as PMNode, Schema } from '@tiptap/pm/model';
import { PLAN_CHANNELS, SECTIONS, sectionsOf } from './sections.ts';
import type { PlanChannel, PlanSectionSpec } from './sections.ts';
import { channelSchema, planSchema } from './extensions.ts';
import { PlanInputError } from './json.ts';

/**
 * A plan is shared as one document per channel (the relay decides who writes which), but read
 * whole: models, versions, diffs and print take the full plan. These two functions convert
 * between the two shapes and validate on the way, so a section can never end up in the wrong
 * document or go missing.
 */

export type PlanChannelsJSON = Record<PlanChannel, JSONContent>;

const DOCUMENT_NAME: Record<PlanChannel, string> = { plan: 'plan document', contributions: 'contributions document' };

function parsed(schema: Schema, json: unknown, what: string): PMNode {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new PlanInputError(`A ${what} must be a JSON object.`);
  }
  try {
    const doc = schema.nodeFromJSON(json);
    doc.check();
    return doc;
  } catch (err) {
    throw new PlanInputError(`This is not a valid ${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** A channel document nobody has written yet (no document, or one without sections). */
function isUnwritten(json: unknown): boolean {
  if (json === null || json === undefined) return true;
  if (typeof json !== 'object' || Array.isArray(json)) return false;
  const { type, content } = json as { type?: unknown; content?: unknown };
  return type === 'doc' && (content === undefined || (Array.isArray(content) && content.length === 0));
}

function channelDoc(channel: PlanChannel, json: unknown): PMNode {
  const schema = channelSchema(channel);
  if (!isUnwritten(json)) return parsed(schema, json, DOCUMENT_NAME[channel]);
  // What an editor bound to an empty document shows too: no random ids, so the result is repeatable.
  const filled = schema.topNodeType.createAndFill();
  if (!filled) throw new PlanInputError(`The ${DOCUMENT_NAME[channel]} cannot be filled in.`);
  return filled;
}

/**
 * The full plan (every section, in SECTIONS order) from the plan and contributions documents.
 * A missing or empty channel document gives that channel's empty sections; anything else that is
 * not a valid document of its channel (e.g. a safety log in the plan document) throws PlanInputError.
 */
export function joinChannelsJSON(planJSON: unknown, contributionsJSON: unknown): JSONContent {
  const docs: Record<PlanChannel, PMNode> = {
    plan: channelDoc('plan', planJSON),
    contributions: channelDoc('contributions', contributionsJSON),
  };
  const sectionJSON = new Map<string, JSONContent>();
  for (const channel of PLAN_CHANNELS) docs[channel].forEach((section) => sectionJSON.set(section.type.name, section.toJSON()));
  const full = { type: 'doc', content: SECTIONS.map((s) => sectionJSON.get(s.node)) };
  return parsed(planSchema(), full, 'plan').toJSON() as JSONContent;
}

/** The plan and contributions documents of a full plan; throws PlanInputError unless it is a valid plan. */
export function splitChannelsJSON(fullJSON: unknown): PlanChannelsJSON {
  const full = parsed(planSchema(), fullJSON, 'plan');
  const channelJSON = (channel: PlanChannel): JSONContent => {
    const sections: readonly PlanSectionSpec[] = sectionsOf(channel);
    const content = sections.map((s) => full.child(SECTIONS.indexOf(s)).toJSON() as JSONContent);
    return parsed(channelSchema(channel), { type: 'doc', content }, DOCUMENT_NAME[channel]).toJSON() as JSONContent;
  };
  return { plan: channelJSON('plan'), contributions: channelJSON('contributions') };
}
