import type { JSONContent } from '@tiptap/core';
import { SECTIONS, fieldNodeName, isItemType, itemSpec, sectionsOf } from './sections.ts';
import type { ItemType, PlanChannel, PlanItemSpec, PlanSectionSpec } from './sections.ts';
import { attrProblem, defaultAttrValue, newItemId, normalizeAttr } from './attr-values.ts';
import type { AttrSpec, AttrValue, FieldSpec } from './spec-types.ts';

/** Thrown for explicit input that the plan cannot hold; the message says what and where. */
export class PlanInputError extends Error {
  override name = 'PlanInputError';
}

function fieldJSON(itemType: string, field: FieldSpec, value: string | undefined): JSONContent {
  const node: JSONContent = { type: fieldNodeName(itemType, field.key) };
  if (!value) return node;
  const lines = field.multiline ? value.split('\n') : [value.replace(/\s*\n\s*/g, ' ')];
  const content: JSONContent[] = [];
  lines.forEach((line, i) => {
    if (i > 0) content.push({ type: 'hardBreak' });
    if (line) content.push({ type: 'text', text: line });
  });
  if (content.length > 0) node.content = content;
  return node;
}

/**
 * A new item of `itemType`, with a fresh random id, ready for insertContent or a section's content.
 * Unknown attrs, invalid attr values or unknown fields throw a PlanInputError instead of being dropped.
 */
export function newItemJSON(
  itemType: ItemType,
  attrs: Record<string, AttrValue> = {},
  fields: Record<string, string> = {},
): JSONContent {
  if (!isItemType(itemType)) throw new PlanInputError(`Unknown plan item type "${String(itemType)}".`);
  const spec: PlanItemSpec = itemSpec(itemType);
  const attrSpecs: readonly AttrSpec[] = spec.attrs;
  const fieldSpecs: readonly FieldSpec[] = spec.fields;
  for (const key of Object.keys(attrs)) {
    const attrSpec = attrSpecs.find((a) => a.key === key);
    if (!attrSpec) throw new PlanInputError(`Item "${itemType}" has no attr "${key}".`);
    const problem = attrProblem(attrSpec, attrs[key]);
    if (problem) throw new PlanInputError(`Item "${itemType}": ${problem}.`);
  }
  for (const key of Object.keys(fields)) {
    if (!fieldSpecs.some((f) => f.key === key)) throw new PlanInputError(`Item "${itemType}" has no field "${key}".`);
  }
  const outAttrs: Record<string, AttrValue> = { id: newItemId() };
  for (const a of attrSpecs) outAttrs[a.key] = key(attrs, a.key) ? normalizeAttr(a, attrs[a.key]) : defaultAttrValue(a);
  return {
    type: itemType,
    attrs: outAttrs,
    content: fieldSpecs.map((f) => fieldJSON(itemType, f, fields[f.key])),
  };
}

function key(record: Record<string, unknown>, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, k);
}

function emptySectionJSON(section: PlanSectionSpec): JSONContent {
  const items: readonly PlanItemSpec[] = section.items;
  const content = items.filter((i) => i.repeat === 'one').map((i) => newItemJSON(i.type));
  return content.length > 0 ? { type: section.node, content } : { type: section.node };
}

/** A valid full plan with every section, the single-item sections filled in and nothing else. */
export function emptyPlanJSON(): JSONContent {
  return { type: 'doc', content: SECTIONS.map(emptySectionJSON) };
}

/** A valid, empty document of one channel: its sections, the single-item ones filled in. */
export function emptyChannelJSON(channel: PlanChannel): JSONContent {
  const sections: readonly PlanSectionSpec[] = sectionsOf(channel);
  return { type: 'doc', content: sections.map(emptySectionJSON) };
}
