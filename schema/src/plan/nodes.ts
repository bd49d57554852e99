import { Node } from '@tiptap/core';
import type { Attribute } from '@tiptap/core';
import { SECTIONS, fieldNodeName, sectionsOf } from './sections.ts';
import type { PlanChannel, PlanItemSpec, PlanSectionSpec } from './sections.ts';
import { ITEM_ID_PATTERN, defaultAttrValue, normalizeAttr } from './attr-values.ts';
import type { AttrSpec } from './spec-types.ts';

/**
 * Node types generated from SECTIONS. Every parse rule matches only our own `data-type`, so
 * foreign HTML can never create a section, item or field: at most its text lands in a field.
 */

const dataAttr = (key: string) => `data-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** The item's content expression: each field node exactly once, in spec order. */
export function itemContent(item: PlanItemSpec): string {
  return item.fields.map((f) => fieldNodeName(item.type, f.key)).join(' ');
}

export function sectionContent(section: PlanSectionSpec): string {
  const items: readonly PlanItemSpec[] = section.items;
  if (section.mixed) return `(${items.map((i) => i.type).join(' | ')})*`;
  return items.map((i) => (i.repeat === 'one' ? i.type : `${i.type}*`)).join(' ');
}

/** Every section of the full plan, or of one channel's document, each exactly once and in SECTIONS order. */
export function docContent(channel?: PlanChannel): string {
  const sections: readonly PlanSectionSpec[] = channel ? sectionsOf(channel) : SECTIONS;
  return sections.map((s) => s.node).join(' ');
}

function attribute(spec: AttrSpec): Attribute {
  const name = dataAttr(spec.key);
  return {
    default: defaultAttrValue(spec),
    parseHTML: (el) => normalizeAttr(spec, el.getAttribute(name)),
    renderHTML: (attrs) => {
      const value: unknown = attrs[spec.key];
      // The picture itself is rendered on its <img>; repeating megabytes on the wrapper helps no one.
      if (value === null || value === undefined || spec.kind === 'text') return {};
      return { [name]: String(value) };
    },
  };
}

const idAttribute: Attribute = {
  default: null,
  parseHTML: (el) => {
    const id = el.getAttribute('data-id');
    return id && ITEM_ID_PATTERN.test(id) ? id : null;
  },
  renderHTML: (attrs) => (typeof attrs.id === 'string' ? { 'data-id': attrs.id } : {}),
};

function fieldNode(item: PlanItemSpec, field: PlanItemSpec['fields'][number]): Node {
  const name = fieldNodeName(item.type, field.key);
  return Node.create({
    name,
    group: 'plan_field',
    content: field.multiline ? '(text | hardBreak)*' : 'text*',
    marks: 'bold italic',
    selectable: false,
    draggable: false,
    parseHTML: () => [{ tag: `div[data-type="${name}"]` }],
    renderHTML: () => ['div', { 'data-type': name, 'data-field': field.key }, 0],
  });
}

function itemNode(item: PlanItemSpec): Node {
  const attrSpecs: readonly AttrSpec[] = item.attrs;
  return Node.create({
    name: item.type,
    group: 'plan_item',
    content: itemContent(item),
    defining: true,
    isolating: true,
    draggable: false,
    addAttributes: () => ({
      id: idAttribute,
      ...Object.fromEntries(attrSpecs.map((a) => [a.key, attribute(a)])),
    }),
    parseHTML: () => [
      item.type === 'picture'
        ? {
            tag: `figure[data-type="picture"]`,
            getAttrs: (el) => ({ src: normalizeAttr(attrSpecs[0] as AttrSpec, el.querySelector('img')?.getAttribute('src')) }),
          }
        : { tag: `div[data-type="${item.type}"]` },
    ],
    renderHTML: ({ node, HTMLAttributes }) => {
      const attrs = { ...HTMLAttributes, 'data-type': item.type };
      if (item.type !== 'picture') return ['div', attrs, 0];
      const src: unknown = node.attrs.src;
      const img = typeof src === 'string' ? ['img', { src, alt: '' }] : ['span', { 'data-missing': 'picture' }];
      return ['figure', attrs, img, ['figcaption', 0]];
    },
  });
}

function sectionNode(section: PlanSectionSpec): Node {
  return Node.create({
    name: section.node,
    group: 'plan_section',
    content: sectionContent(section),
    defining: true,
    isolating: true,
    selectable: false,
    draggable: false,
    parseHTML: () => [{ tag: `section[data-type="${section.node}"]` }],
    renderHTML: () => ['section', { 'data-type': section.node, 'data-section': section.key }, 0],
  });
}

/** The full plan's top node. */
export const PlanDocument = Node.create({ name: 'doc', topNode: true, content: docContent() });

const channelDocuments = new Map<PlanChannel, Node>();

/** The top node of one channel's document; still named `doc`, as Tiptap and y-tiptap expect. */
export function channelDocument(channel: PlanChannel): Node {
  let node = channelDocuments.get(channel);
  if (!node) {
    node = Node.create({ name: 'doc', topNode: true, content: docContent(channel) });
    channelDocuments.set(channel, node);
  }
  return node;
}

/** Section, item and field nodes of the given sections; a node's name is the same in every schema. */
export function planNodes(sections: readonly PlanSectionSpec[] = SECTIONS): Node[] {
  return sections.flatMap((section) => {
    const items: readonly PlanItemSpec[] = section.items;
    return [
      sectionNode(section),
      ...items.flatMap((item) => [itemNode(item), ...item.fields.map((f) => fieldNode(item, f))]),
    ];
  });
}
