import { Mark, Node } from '@tiptap/core';

/** The only inline content a field holds: text, bold, italic and (in multi-line fields) hard breaks. */

export const PlanText = Node.create({ name: 'text', group: 'inline' });

export const PlanBold = Mark.create({
  name: 'bold',
  parseHTML: () => [{ tag: 'strong' }, { tag: 'b' }],
  renderHTML: () => ['strong', 0],
  addKeyboardShortcuts() {
    return { 'Mod-b': () => this.editor.commands.toggleMark(this.name) };
  },
});

export const PlanItalic = Mark.create({
  name: 'italic',
  parseHTML: () => [{ tag: 'em' }, { tag: 'i' }],
  renderHTML: () => ['em', 0],
  addKeyboardShortcuts() {
    return { 'Mod-i': () => this.editor.commands.toggleMark(this.name) };
  },
});

export const PlanHardBreak = Node.create({
  name: 'hardBreak',
  inline: true,
  group: 'inline',
  selectable: false,
  parseHTML: () => [{ tag: 'br' }],
  renderHTML: () => ['br'],
  addKeyboardShortcuts() {
    // Only multi-line fields allow a break; elsewhere the key does nothing rather than split the field.
    const insertBreak = () => {
      const { state, view } = this.editor;
      const { $from, $to } = state.selection;
      const parent = $from.parent;
      if (!parent.type.validContent || !$from.sameParent($to)) return false;
      if (!parent.canReplaceWith($from.index(), $to.index(), this.type)) return false;
      view.dispatch(state.tr.replaceSelectionWith(this.type.create()).scrollIntoView());
      return true;
    };
    return { 'Shift-Enter': insertBreak, 'Mod-Enter': insertBreak };
  },
});
