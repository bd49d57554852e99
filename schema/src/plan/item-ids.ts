import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import type { Transaction } from '@tiptap/pm/state';
import { newItemId } from './attr-values.ts';

export const itemIdsKey = new PluginKey('planItemIds');

/** True for transactions that replay a collaborator's change; those are never rewritten here. */
export function isRemoteChange(tr: Transaction): boolean {
  // y-tiptap tags its transactions with meta under the plugin key 'y-sync$'.
  const meta: unknown = tr.getMeta('y-sync$');
  return typeof meta === 'object' && meta !== null && (meta as { isChangeOrigin?: unknown }).isChangeOrigin === true;
}

/** Positions of items whose id is missing or already used earlier in the document. */
export function itemsNeedingId(doc: PMNode): number[] {
  const seen = new Set<string>();
  const positions: number[] = [];
  doc.descendants((node, pos) => {
    if (node.type.spec.group !== 'plan_item') return true;
    const id: unknown = node.attrs.id;
    if (typeof id !== 'string' || seen.has(id)) positions.push(pos);
    else seen.add(id);
    return false;
  });
  return positions;
}

/**
 * Gives every item a unique id. Items appear without one when ProseMirror fills a required slot
 * (e.g. the header details after select-all + delete), and twice when an item is copied and pasted;
 * references (a score's danger statement, a safety person's young person) need them stable and unique.
 */
export function itemIdsPlugin(): Plugin {
  return new Plugin({
    key: itemIdsKey,
    appendTransaction(transactions, _old, state) {
      if (!transactions.some((tr) => tr.docChanged && !isRemoteChange(tr))) return null;
      const positions = itemsNeedingId(state.doc);
      if (positions.length === 0) return null;
      const tr = state.tr;
      for (const pos of positions) tr.setNodeAttribute(pos, 'id', newItemId());
      return tr.setMeta('addToHistory', false);
    },
  });
}
