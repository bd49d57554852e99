import * as Y from 'yjs';

/** ProseMirror JSON as y-prosemirror writes it into a Y.XmlFragment. */
export interface FragmentJSON {
  type: string;
  attrs?: Record<string, unknown>;
  content?: FragmentJSON[];
  text?: string;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
}

// y-prosemirror may suffix a mark's attribute name with a hash when one mark type repeats.
const HASHED_MARK_NAME = /(.*)(--[a-zA-Z0-9+/=]{8})$/;

/**
 * The plan fragment as ProseMirror JSON, with Yjs alone. It gives the same JSON as y-tiptap's
 * `yXmlFragmentToProsemirrorJSON` (a test compares them), but lets the sync engine fix versions
 * without loading the editor code on the home screen.
 */
export function fragmentToJSON(fragment: Y.XmlFragment): FragmentJSON {
  return { type: 'doc', content: fragment.toArray().flatMap(serialize) };
}

function serialize(item: Y.XmlElement | Y.XmlText | Y.XmlHook): FragmentJSON[] {
  if (item instanceof Y.XmlText) {
    return (item.toDelta() as { insert: string; attributes?: Record<string, Record<string, unknown>> }[]).map((d) => {
      const node: FragmentJSON = { type: 'text', text: d.insert };
      if (d.attributes) {
        node.marks = Object.keys(d.attributes).map((name) => ({
          type: HASHED_MARK_NAME.exec(name)?.[1] ?? name,
          attrs: d.attributes![name]!,
        }));
      }
      return node;
    });
  }
  if (item instanceof Y.XmlElement) {
    const node: FragmentJSON = { type: item.nodeName };
    const attrs = item.getAttributes();
    if (Object.keys(attrs).length) node.attrs = attrs;
    const children = item.toArray();
    if (children.length) node.content = children.flatMap(serialize);
    return [node];
  }
  throw new Error('unexpected Yjs type in the plan fragment');
}
