import { SECTION_ORDER, itemSpec } from '../plan/index.ts';
import type { AttrValue, ItemType, PlanItem, PlanModel, SectionKey } from '../plan/index.ts';
import { diffWords, wordsChanged } from './word-diff.ts';
import type { WordRun } from './word-diff.ts';

export interface FieldDiff {
  field: string;
  runs: WordRun[];
}

export interface AttrDiff {
  attr: string;
  before: AttrValue;
  after: AttrValue;
}

export interface ItemDiff {
  status: 'added' | 'removed' | 'changed';
  itemId: string | null;
  itemType: ItemType;
  /** Only fields whose text differs; for an added or removed item, every non-empty field. */
  fields: FieldDiff[];
  /** Only attrs whose value differs; for an added or removed item, every attr that has a value. */
  attrs: AttrDiff[];
}

export interface SectionDiff {
  section: SectionKey;
  items: ItemDiff[];
}

/** Sections that differ, in the plan's order; an empty list means the versions hold the same plan. */
export type VersionDiff = SectionDiff[];

type LooseItem = { type: ItemType; id: string | null; fields: Record<string, string>; attrs: Record<string, AttrValue> };
const loose = (item: PlanItem): LooseItem => item as unknown as LooseItem;

/**
 * Items are matched by id. A section's single item (the header's details, monitoring) is the same
 * item in every plan whatever its id; items without an id (never touched by an editor) match by
 * type and position.
 */
function matchKey(item: LooseItem, index: number): string {
  if (itemSpec(item.type).repeat === 'one') return `#${item.type}`;
  return item.id ?? `#${item.type}#${index}`;
}

function keyed(items: readonly PlanItem[]): Map<string, LooseItem> {
  const out = new Map<string, LooseItem>();
  const seen = new Map<string, number>();
  for (const raw of items) {
    const item = loose(raw);
    const n = seen.get(item.type) ?? 0;
    seen.set(item.type, n + 1);
    out.set(matchKey(item, n), item);
  }
  return out;
}

function wholeItem(status: 'added' | 'removed', item: LooseItem): ItemDiff {
  const kind = status === 'added' ? 'added' : 'removed';
  return {
    status,
    itemId: item.id,
    itemType: item.type,
    fields: Object.entries(item.fields)
      .filter(([, text]) => text !== '')
      .map(([field, text]) => ({ field, runs: [{ kind, text }] })),
    attrs: Object.entries(item.attrs)
      .filter(([, v]) => v !== null)
      .map(([attr, v]) => (status === 'added' ? { attr, before: null, after: v } : { attr, before: v, after: null })),
  };
}

function changedItem(before: LooseItem, after: LooseItem): ItemDiff | null {
  const fields: FieldDiff[] = [];
  for (const [field, text] of Object.entries(after.fields)) {
    const old = before.fields[field] ?? '';
    if (old === text) continue;
    const runs = diffWords(old, text);
    if (wordsChanged(runs)) fields.push({ field, runs });
  }
  const attrs: AttrDiff[] = [];
  for (const [attr, value] of Object.entries(after.attrs)) {
    const old = before.attrs[attr] ?? null;
    if (old !== value) attrs.push({ attr, before: old, after: value });
  }
  if (fields.length === 0 && attrs.length === 0) return null;
  return { status: 'changed', itemId: after.id, itemType: after.type, fields, attrs };
}

/**
 * A readable diff between two plan versions (from planModelFromJSON): per section the items that
 * were added, removed or changed, with word-level runs for text and before/after for attrs.
 */
export function diffVersions(a: PlanModel, b: PlanModel): VersionDiff {
  const out: VersionDiff = [];
  for (const section of SECTION_ORDER) {
    const before = keyed(a[section]);
    const after = keyed(b[section]);
    const items: ItemDiff[] = [];
    // Walk the newer version in its order, so the diff reads like the plan it describes.
    for (const [key, item] of after) {
      const old = before.get(key);
      if (!old || old.type !== item.type) {
        items.push(wholeItem('added', item));
        continue;
      }
      const changed = changedItem(old, item);
      if (changed) items.push(changed);
    }
    for (const [key, item] of before) {
      const now = after.get(key);
      if (!now || now.type !== item.type) items.push(wholeItem('removed', item));
    }
    if (items.length > 0) out.push({ section, items });
  }
  return out;
}
