import { Extension } from '@tiptap/core';
import { TextSelection } from '@tiptap/pm/state';

/**
 * Ctrl+A (Cmd+A) selects the text of the field the caret is in, as in any form. Selecting the
 * whole plan instead would let the next key press try to replace every section, which the
 * schema refuses, so the typed text was lost.
 */
export const SelectAllInField = Extension.create({
  name: 'selectAllInField',
  addKeyboardShortcuts() {
    return {
      'Mod-a': ({ editor }) => {
        const { state, view } = editor;
        const { $from } = state.selection;
        for (let depth = $from.depth; depth > 0; depth--) {
          if ($from.node(depth).type.spec.group !== 'plan_field') continue;
          view.dispatch(state.tr.setSelection(TextSelection.create(state.doc, $from.start(depth), $from.end(depth))));
          return true;
        }
        // Outside a field (e.g. on a picture) nothing sensible can be replaced: keep the selection.
        return true;
      },
    };
  },
});
