import type { JSONContent } from '@tiptap/core';
import { SECTIONS, isItemType, itemSpec, sectionOfItem } from './sections.ts';
import { emptyPlanJSON, PlanInputError } from './json.ts';

/**
 * A plan holding the given items (from newItemJSON), each put in its own section in the given
 * order. An item of a single-item type (the header's details, monitoring) replaces the empty one.
 * Used for seeds, imports and tests.
 */
export function planJSONWith(items: readonly JSONContent[]): JSONContent {
  const doc = emptyPlanJSON();
  const sections = doc.content ?? [];
  for (const item of items) {
    const type = item.type ?? '';
    if (!isItemType(type)) throw new PlanInputError(`Unknown plan item type "${type}".`);
    const section = sections[SECTIONS.indexOf(sectionOfItem(type))];
    if (!section) throw new PlanInputError(`No section for "${type}".`);
    const content = section.content ?? [];
    if (itemSpec(type).repeat === 'one') {
      section.content = content.map((c) => (c.type === type ? item : c));
    } else {
      section.content = [...content, item];
    }
  }
  return doc;
}
