import { createRoot, createSignal, type Accessor, type JSX } from 'solid-js';
import { insert } from 'solid-js/web';
import type { Editor, NodeViewRenderer, NodeViewRendererProps } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import type { NodeView, ViewMutationRecord } from '@tiptap/pm/view';

/** What a Solid node-view component receives. `node` is reactive: it changes with the document. */
export interface SolidNodeViewProps {
  node: Accessor<PMNode>;
  editor: Editor;
  /** Position of the node now; undefined when it has just been removed. */
  getPos: () => number | undefined;
  /** Sets attrs on this node in one transaction (merged over the current ones). */
  updateAttrs: (attrs: Record<string, unknown>) => void;
  /** Removes this node from the document. */
  deleteNode: () => void;
}

export interface SolidNodeViewOptions {
  /** Element wrapping the whole node, e.g. 'section' or 'div'. */
  as?: keyof HTMLElementTagNameMap;
  class?: string | ((node: PMNode) => string);
  /** Extra DOM attributes on the wrapper (data-*, aria-*), recomputed on update. */
  attrs?: (node: PMNode) => Record<string, string>;
  /** Solid-rendered chrome above the editable content (labels, inputs, buttons). */
  top?: (props: SolidNodeViewProps) => JSX.Element;
  /** Solid-rendered chrome below the editable content. */
  bottom?: (props: SolidNodeViewProps) => JSX.Element;
  /** Element for the editable content; omit for a leaf node. */
  contentAs?: keyof HTMLElementTagNameMap;
  contentClass?: string;
}

/**
 * A ProseMirror node view whose chrome is rendered by Solid. Tiptap ships adapters for React and
 * Vue only. ProseMirror owns the content DOM (`contentDOM`); Solid owns everything else, which is
 * marked non-editable so typing never lands in a label, and whose events ProseMirror ignores.
 */
export function solidNodeView(options: SolidNodeViewOptions): NodeViewRenderer {
  return (rendererProps: NodeViewRendererProps): NodeView => {
    const { editor } = rendererProps;
    const getPos = () => (typeof rendererProps.getPos === 'function' ? rendererProps.getPos() : undefined);
    const dom = document.createElement(options.as ?? 'div');
    const contentDOM = options.contentAs ? document.createElement(options.contentAs) : null;
    if (contentDOM && options.contentClass) contentDOM.className = options.contentClass;

    const applyWrapper = (node: PMNode) => {
      dom.className = typeof options.class === 'function' ? options.class(node) : (options.class ?? '');
      for (const [k, v] of Object.entries(options.attrs?.(node) ?? {})) dom.setAttribute(k, v);
    };
    applyWrapper(rendererProps.node);

    let setNode!: (n: PMNode) => void;
    const dispose = createRoot((disposeRoot) => {
      const [node, set] = createSignal(rendererProps.node, { equals: false });
      setNode = set;
      const props: SolidNodeViewProps = {
        node,
        editor,
        getPos,
        updateAttrs(attrs) {
          const pos = getPos();
          if (pos === undefined) return;
          const { state } = editor.view;
          editor.view.dispatch(state.tr.setNodeMarkup(pos, undefined, { ...node().attrs, ...attrs }));
        },
        deleteNode() {
          const pos = getPos();
          if (pos === undefined) return;
          const { state } = editor.view;
          editor.view.dispatch(state.tr.delete(pos, pos + node().nodeSize));
        },
      };
      const chrome = (render: (p: SolidNodeViewProps) => JSX.Element) => {
        const el = document.createElement('div');
        el.className = 'node-chrome';
        el.contentEditable = 'false';
        insert(el, () => render(props));
        return el;
      };
      if (options.top) dom.append(chrome(options.top));
      if (contentDOM) dom.append(contentDOM);
      if (options.bottom) dom.append(chrome(options.bottom));
      return disposeRoot;
    });

    const inChrome = (target: EventTarget | Node | null) =>
      target instanceof Node && dom.contains(target) && !(contentDOM?.contains(target) ?? false);

    return {
      dom,
      contentDOM,
      update(node) {
        if (node.type !== rendererProps.node.type) return false;
        applyWrapper(node);
        setNode(node);
        return true;
      },
      // Clicks and keys in Solid's inputs and buttons are theirs; ProseMirror must not act on them.
      stopEvent: (event) => inChrome(event.target),
      ignoreMutation: (mutation: ViewMutationRecord) => {
        if (mutation.type === 'selection') return !contentDOM;
        return mutation.target === dom ? mutation.type === 'attributes' : inChrome(mutation.target);
      },
      destroy: () => dispose(),
    };
  };
}
