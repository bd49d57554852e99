import { For, Show, type JSX } from 'solid-js';
import { TextSelection } from '@tiptap/pm/state';
import { yUndoPluginKey } from '@tiptap/y-tiptap';
import type { Node as PMNode } from '@tiptap/pm/model';
import { newItemJSON, type ItemType, type PlanSectionSpec, type PlanItemSpec } from '@safeplan/schema/plan';
import { Icon } from '../app/Icon.tsx';
import { t } from '../app/i18n/index.ts';
import type { SolidNodeViewProps } from '../editor/solid-node-view.ts';
import { addItemLabel, ruleHint, sectionIntro, sectionTitle } from './labels.ts';
import type { PlanViewContext } from './plan-view-context.ts';
import { prefillFor } from './prefill.ts';
import { TermHelp } from '../app/glossary/TermHelp.tsx';
import { SECTION_TERMS } from '../app/glossary/glossary-terms.ts';

export const sectionAnchor = (key: string) => `section-${key}`;

/** A section's title, one-line explanation and the method's hints, as friendly advice that never blocks. */
export function SectionTop(props: SolidNodeViewProps & { spec: PlanSectionSpec; ctx: PlanViewContext }): JSX.Element {
  const hints = () => props.ctx.hints().filter((h) => h.section === props.spec.key);
  return (
    <header class="section-head">
      <h2 id={`${sectionAnchor(props.spec.key)}-title`}>{sectionTitle(props.spec.key)}</h2>
      <p class="section-intro">{sectionIntro(props.spec.key)}</p>
      <Show when={SECTION_TERMS[props.spec.key]}>{(terms) => <TermHelp terms={terms()} />}</Show>
      <Show when={hints().length > 0}>
        <ul class="hints" aria-label={t('plan.hintsLabel')}>
          <For each={hints()}>
            {(h) => (
              <li class="hint">
                <Icon name="tip" />
                <span>
                  <span class="visually-hidden">{t('plan.hintIcon')}: </span>
                  {ruleHint(h.rule, h.params)}
                </span>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={props.node().childCount === 0}>
        <p class="empty-section">{t('plan.noItems')}</p>
      </Show>
    </header>
  );
}

/** "+ add" buttons for each kind of item the section may hold more of; none where this device may not write. */
export function SectionBottom(props: SolidNodeViewProps & { spec: PlanSectionSpec; ctx: PlanViewContext }): JSX.Element {
  const addable = () => (props.ctx.editable() ? (props.spec.items as readonly PlanItemSpec[]).filter((i) => i.repeat === 'many') : []);
  const add = (type: ItemType) => {
    const pos = props.getPos();
    if (pos === undefined) return;
    const { view, schema } = props.editor;
    const at = pos + props.node().nodeSize - 1;
    const prefill = prefillFor(type, props.ctx.myName(), new Date());
    const item = schema.nodeFromJSON(newItemJSON(type, prefill.attrs, prefill.fields));
    const tr = view.state.tr.insert(at, item);
    // Put the caret in the new item's first empty field, ready to type.
    tr.setSelection(TextSelection.near(tr.doc.resolve(firstEmptyField(item, at))));
    // The new item is one undo step of its own: Ctrl+Z first takes back what was typed in it,
    // and only the next one removes the item (and never typing from before it).
    const undo = yUndoPluginKey.getState(view.state)?.undoManager as { stopCapturing?: () => void } | undefined;
    undo?.stopCapturing?.();
    view.dispatch(tr.scrollIntoView());
    undo?.stopCapturing?.();
    view.focus();
  };
  return (
    <div class="section-actions">
      <For each={addable()}>
        {(item) => (
          <button type="button" class="add-item" onClick={() => add(item.type)}>
            <Icon name="plus" />
            <span>{addItemLabel(item.type)}</span>
          </button>
        )}
      </For>
    </div>
  );
}

/** The position inside the first empty field of `item` inserted at `at` (its first field if none is empty). */
function firstEmptyField(item: PMNode, at: number): number {
  let offset = at + 1;
  for (let i = 0; i < item.childCount; i++) {
    const field = item.child(i);
    if (field.content.size === 0) return offset + 1;
    offset += field.nodeSize;
  }
  return at + 2;
}
