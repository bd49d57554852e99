import type { Node as PMNode } from '@tiptap/pm/model';
import { SECTIONS, isItemType, itemSpec } from './sections.ts';
import type { ItemSpecOf, ItemType, PlanSectionSpec, SectionKey } from './sections.ts';
import { normalizeAttr } from './attr-values.ts';
import type { AttrSpec } from './spec-types.ts';
import { planSchema } from './extensions.ts';
import { PlanInputError } from './json.ts';

type AttrValueOf<A> = A extends { kind: 'boolean' }
  ? boolean
  : A extends { kind: 'score' }
    ? number | null
    : A extends { kind: 'number'; default: number }
      ? number
      : A extends { kind: 'number' }
        ? number | null
        : A extends { kind: 'select'; options: readonly (infer O)[]; default: string }
          ? O
          : A extends { kind: 'select'; options: readonly (infer O)[] }
            ? O | null
            : string | null;

/** One item as plain data: field text (hard breaks become '\n', marks dropped) and typed attrs. */
export type PlanItem<T extends ItemType = ItemType> = T extends ItemType
  ? {
      type: T;
      /** Null only in a document no editor has touched since ProseMirror filled in the item. */
      id: string | null;
      fields: { [F in ItemSpecOf<T>['fields'][number] as F['key']]: string };
      attrs: { [A in ItemSpecOf<T>['attrs'][number] as A['key']]: AttrValueOf<A> };
    }
  : never;

type ItemTypeIn<K extends SectionKey> = Extract<PlanSectionSpec, { key: K }>['items'][number]['type'];

/** The whole plan as plain data, per section in document order; what rules, reviews and diffs read. */
export type PlanModel = { [K in SectionKey]: PlanItem<ItemTypeIn<K>>[] };

function fieldText(node: PMNode): string {
  let out = '';
  node.forEach((child) => {
    out += child.isText ? (child.text ?? '') : child.type.name === 'hardBreak' ? '\n' : '';
  });
  return out;
}

function itemFromNode(node: PMNode): PlanItem {
  const type = node.type.name;
  if (!isItemType(type)) throw new PlanInputError(`Unexpected node "${type}" where a plan item belongs.`);
  const spec = itemSpec(type);
  const fields: Record<string, string> = {};
  spec.fields.forEach((f, i) => {
    fields[f.key] = fieldText(node.child(i));
  });
  const attrs: Record<string, unknown> = {};
  for (const a of spec.attrs as readonly AttrSpec[]) attrs[a.key] = normalizeAttr(a, node.attrs[a.key]);
  const id: unknown = node.attrs.id;
  return { type, id: typeof id === 'string' ? id : null, fields, attrs } as unknown as PlanItem;
}

/** The model of a document that is already a valid plan (e.g. an editor's `state.doc`). */
export function planModelFromDoc(doc: PMNode): PlanModel {
  const model: Record<string, PlanItem[]> = {};
  SECTIONS.forEach((section, i) => {
    const items: PlanItem[] = [];
    doc.child(i).forEach((child) => items.push(itemFromNode(child)));
    model[section.key] = items;
  });
  return model as PlanModel;
}

/** Parses and validates plan JSON (from storage, an import or an editor); throws PlanInputError saying why. */
export function planModelFromJSON(json: unknown): PlanModel {
  if (typeof json !== 'object' || json === null) throw new PlanInputError('A plan must be a JSON object.');
  let doc: PMNode;
  try {
    doc = planSchema().nodeFromJSON(json);
    doc.check();
  } catch (err) {
    throw new PlanInputError(`This is not a valid plan: ${err instanceof Error ? err.message : String(err)}`);
  }
  return planModelFromDoc(doc);
}

/** All items of one type, wherever its section is; typed by the item type. */
export function itemsOf<T extends ItemType>(model: PlanModel, type: T): PlanItem<T>[] {
  const all = Object.values(model) as PlanItem[][];
  return all.flat().filter((item): item is PlanItem<T> => item.type === type);
}
