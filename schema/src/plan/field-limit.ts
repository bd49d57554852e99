import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { Node as PMNode } from '@tiptap/pm/model';
import { MAX_FIELD_CHARS } from './sections.ts';
import { isRemoteChange } from './item-ids.ts';

export const fieldLimitKey = new PluginKey('planFieldLimit');

/** How far all fields together run past the limit. */
export function fieldOverflow(doc: PMNode, max = MAX_FIELD_CHARS): number {
  let over = 0;
  doc.descendants((node) => {
    if (node.type.spec.group === 'plan_field') {
      over += Math.max(0, node.content.size - max);
      return false;
    }
    return true;
  });
  return over;
}

/**
 * Refuses a local change that makes a field longer than MAX_FIELD_CHARS, and reports it so the
 * UI can say why; cutting the text instead would silently lose what was pasted. Remote changes
 * are always let through: refusing them would split this device from the shared plan.
 */
export function fieldLimitPlugin(onRefused?: (limit: number) => void, max = MAX_FIELD_CHARS): Plugin {
  return new Plugin({
    key: fieldLimitKey,
    filterTransaction(tr, state) {
      if (!tr.docChanged || isRemoteChange(tr)) return true;
      const grew = fieldOverflow(tr.doc, max) > fieldOverflow(state.doc, max);
      if (grew) onRefused?.(max);
      return !grew;
    },
  });
}
