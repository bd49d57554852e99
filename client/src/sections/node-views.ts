import type { AnyExtension } from '@tiptap/core';
import { SECTIONS, fieldNodeName, type PlanItemSpec, type PlanSectionSpec } from '@safeplan/schema/plan';
import { createComponent, createRenderEffect } from 'solid-js';
import { solidNodeView, type SolidNodeViewProps } from '../editor/solid-node-view.ts';
import { fieldLabel } from './labels.ts';
import { ItemAttrs, ItemTop } from './ItemChrome.tsx';
import { PicturePicker } from './PicturePicker.tsx';
import { DrawingPad } from './DrawingPad.tsx';
import { SectionBottom, SectionTop, sectionAnchor } from './SectionChrome.tsx';
import type { PlanViewContext } from './plan-view-context.ts';

let fieldUid = 0;

function sectionView(spec: PlanSectionSpec, ctx: PlanViewContext) {
  return solidNodeView({
    as: 'section',
    class: `plan-section section-${spec.key}`,
    attrs: () => ({ id: sectionAnchor(spec.key), 'aria-labelledby': `${sectionAnchor(spec.key)}-title`, 'data-section': spec.key }),
    top: (p: SolidNodeViewProps) => createComponent(SectionTop, { ...p, spec, ctx }),
    contentAs: 'div',
    contentClass: 'section-items',
    bottom: (p: SolidNodeViewProps) => createComponent(SectionBottom, { ...p, spec, ctx }),
  });
}

function itemView(spec: PlanItemSpec, ctx: PlanViewContext) {
  return solidNodeView({
    as: 'article',
    class: `plan-item item-${spec.type}`,
    attrs: (node) => ({ 'data-item': spec.type, 'data-id': typeof node.attrs.id === 'string' ? node.attrs.id : '' }),
    top: (p: SolidNodeViewProps) =>
      spec.type === 'picture'
        ? [createComponent(ItemTop, { ...p, spec, ctx }), createComponent(PicturePicker, { ...p, ctx })]
        : createComponent(ItemTop, { ...p, spec, ctx }),
    contentAs: 'div',
    contentClass: 'item-fields',
    bottom: (p: SolidNodeViewProps) =>
      spec.type === 'log_entry'
        ? [createComponent(ItemAttrs, { ...p, spec, ctx }), createComponent(DrawingPad, { ...p, ctx })]
        : createComponent(ItemAttrs, { ...p, spec, ctx }),
  });
}

/**
 * A field: a visible label and the editable text. The text element is labelled for screen
 * readers with aria-labelledby, since a <label> cannot point at editable text.
 */
function fieldView(itemType: string, key: string, multiline: boolean) {
  return (props: Parameters<ReturnType<typeof solidNodeView>>[0]) => {
    const id = `field-${++fieldUid}`;
    const view = solidNodeView({
      as: 'div',
      class: `plan-field plan-field-${key}`,
      top: () => {
        const label = document.createElement('span');
        label.className = 'field-label';
        label.id = id;
        // Runs inside the node view's Solid root, so the label follows a language switch.
        createRenderEffect(() => (label.textContent = fieldLabel(itemType, key)));
        return label;
      },
      contentAs: 'div',
      contentClass: 'field-text',
    })(props);
    const content = view.contentDOM as HTMLElement;
    content.setAttribute('aria-labelledby', id);
    content.setAttribute('data-field', key);
    if (multiline) content.classList.add('multiline');
    return view;
  };
}

/** Attaches the Solid node views to the schema's node extensions, leaving the schema itself untouched. */
export function withPlanNodeViews(extensions: AnyExtension[], ctx: PlanViewContext): AnyExtension[] {
  const views = new Map<string, ReturnType<typeof solidNodeView>>();
  for (const section of SECTIONS as readonly PlanSectionSpec[]) {
    views.set(section.node, sectionView(section, ctx));
    for (const item of section.items as readonly PlanItemSpec[]) {
      views.set(item.type, itemView(item, ctx));
      for (const f of item.fields) views.set(fieldNodeName(item.type, f.key), fieldView(item.type, f.key, f.multiline));
    }
  }
  return extensions.map((ext) => {
    const view = views.get(ext.name);
    return view && ext.type === 'node' ? ext.extend({ addNodeView: () => view }) : ext;
  });
}
