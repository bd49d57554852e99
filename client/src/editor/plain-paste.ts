import { Plugin, PluginKey, TextSelection } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import type { Node as PMNode, Schema } from '@tiptap/pm/model';
import { MAX_FIELD_CHARS } from '@safeplan/schema/plan';

export const plainPasteKey = new PluginKey('planPlainPaste');

/** Pasted text as a field can hold it: tabs and odd spaces become plain spaces, Windows newlines become \n. */
export function normalizePastedText(text: string, multiline: boolean): string {
  const unified = text.replace(/\r\n?/g, '\n').replace(/[\t\u00a0\u2000-\u200b]/g, ' ');
  return multiline ? unified.replace(/\n{3,}/g, '\n\n') : unified.replace(/\s*\n\s*/g, ' ');
}

/** Text plus hard breaks, as the inline content of one field. */
export function fieldInline(schema: Schema, text: string): PMNode[] {
  const out: PMNode[] = [];
  const hardBreak = schema.nodes.hardBreak;
  text.split('\n').forEach((line, i) => {
    if (i > 0 && hardBreak) out.push(hardBreak.create());
    if (line) out.push(schema.text(line));
  });
  return out;
}

/**
 * Every paste and drop lands as plain text inside the field that holds the caret, so pasted HTML
 * (a web page, a Word file) can never add, split or break sections and items. A paste that would
 * make the field longer than MAX_FIELD_CHARS is refused as a whole, with a message, never cut.
 */
export function plainPastePlugin(onTooLong: (max: number) => void, max = MAX_FIELD_CHARS): Plugin {
  const insertPlain = (view: EditorView, raw: string): boolean => {
    const { state } = view;
    const { $from, $to } = state.selection;
    const field = $from.parent;
    // Outside one field (e.g. a selection across items) there is no safe place for text: ignore.
    if (field.type.spec.group !== 'plan_field' || !$from.sameParent($to)) return true;
    const hardBreak = state.schema.nodes.hardBreak;
    const multiline = hardBreak !== undefined && field.type.contentMatch.matchType(hardBreak) !== null;
    const text = normalizePastedText(raw, multiline);
    const resulting = field.content.size - ($to.pos - $from.pos) + text.length;
    if (resulting > max) {
      onTooLong(max);
      return true;
    }
    const tr = state.tr.replaceWith($from.pos, $to.pos, fieldInline(state.schema, text));
    view.dispatch(tr.scrollIntoView());
    return true;
  };
  return new Plugin({
    key: plainPasteKey,
    props: {
      handlePaste: (view, event) => insertPlain(view, event.clipboardData?.getData('text/plain') ?? ''),
      handleDrop: (view, event) => {
        const text = event.dataTransfer?.getData('text/plain');
        // Files dropped on the page are not text; the picture picker is the only way in for images.
        if (!text) return true;
        const at = view.posAtCoords({ left: event.clientX, top: event.clientY });
        if (!at) return true;
        view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, at.pos)));
        return insertPlain(view, text);
      },
    },
  });
}
