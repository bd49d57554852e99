import type { Editor } from '@tiptap/core';
import type { AttrValue } from '@safeplan/schema/plan';

/**
 * Changes attrs of one item (found by its id) through the plan's editor, so the change is an
 * ordinary edit: it syncs, merges, is attributed for review and can be undone like typing.
 * Returns false when the item is not (or no longer) in the document.
 */
export function setItemAttrs(editor: Editor, itemId: string, attrs: Record<string, AttrValue>): boolean {
  if (editor.isDestroyed) return false;
  let found = -1;
  editor.state.doc.descendants((node, pos) => {
    if (found >= 0) return false;
    if (node.attrs.id === itemId) {
      found = pos;
      return false;
    }
    return node.type.spec.group === 'plan_section'; // items sit directly in sections
  });
  if (found < 0) return false;
  const node = editor.state.doc.nodeAt(found);
  if (!node) return false;
  editor.view.dispatch(editor.state.tr.setNodeMarkup(found, undefined, { ...node.attrs, ...attrs }));
  return true;
}
