import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Fragment, Slice } from '@tiptap/pm/model';
import type { Node as PMNode, NodeType, ResolvedPos } from '@tiptap/pm/model';
import type { EditorView } from '@tiptap/pm/view';

export const pasteGuardKey = new PluginKey('planPasteGuard');

function inlineFor(target: NodeType, node: PMNode): PMNode[] {
  if (node.isText) return [node.mark(node.marks.filter((m) => target.allowsMarkType(m.type)))];
  if (node.type.name === 'hardBreak') {
    return [target.validContent(Fragment.from(node)) ? node : target.schema.text(' ')];
  }
  return [];
}

/**
 * The pasted slice as inline content that fits the field at `$target`: the text of every block in
 * it, blocks joined by a hard break (multi-line fields) or a space. Without this, several pasted
 * paragraphs make ProseMirror split the item around them, adding items nobody asked for.
 * Outside a field (an item or everything selected) the slice is left to ProseMirror's own fitting.
 */
export function flattenPastedSlice(slice: Slice, $target: ResolvedPos): Slice {
  const target = $target.parent.type;
  if (target.spec.group !== 'plan_field') return slice;
  const schema = target.schema;
  const breakNode = target.validContent(Fragment.from(schema.nodes.hardBreak!.create()))
    ? schema.nodes.hardBreak!.create()
    : schema.text(' ');
  const blocks: PMNode[][] = [];
  let loose: PMNode[] = [];
  const visit = (node: PMNode): void => {
    if (node.isInline) {
      loose.push(...inlineFor(target, node));
    } else if (node.isTextblock) {
      if (loose.length) blocks.push(loose);
      loose = [];
      const inline: PMNode[] = [];
      node.forEach((child) => inline.push(...inlineFor(target, child)));
      blocks.push(inline);
    } else {
      node.forEach(visit);
    }
  };
  slice.content.forEach(visit);
  if (loose.length) blocks.push(loose);
  const nonEmpty = blocks.filter((b) => b.length > 0);
  const out: PMNode[] = [];
  nonEmpty.forEach((block, i) => {
    if (i > 0) out.push(breakNode);
    out.push(...block);
  });
  return out.length ? new Slice(Fragment.fromArray(out), 0, 0) : Slice.empty;
}

/** Keeps pastes and drops into a field as text in that field. */
export function pasteGuardPlugin(): Plugin {
  return new Plugin({
    key: pasteGuardKey,
    props: {
      transformPasted: (slice: Slice, view: EditorView) => flattenPastedSlice(slice, view.state.selection.$from),
    },
  });
}
