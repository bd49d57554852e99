import { For, Show, type JSX } from 'solid-js';
import { yUndoPluginKey } from '@tiptap/y-tiptap';
import type { AttrSpec, AttrValue, PlanItemSpec } from '@safeplan/schema/plan';
import { askFirst } from '../app/ask-first.ts';
import { Icon } from '../app/Icon.tsx';
import { t } from '../app/i18n/index.ts';
import type { SolidNodeViewProps } from '../editor/solid-node-view.ts';
import { AttrInput } from './AttrInput.tsx';
import { isEditableAttr, itemLabel } from './labels.ts';
import type { PlanViewContext } from './plan-view-context.ts';

type ItemProps = SolidNodeViewProps & { spec: PlanItemSpec; ctx: PlanViewContext };

/** The item's name and its delete button, which asks first and then offers undo. */
export function ItemTop(props: ItemProps): JSX.Element {
  // The focus goes to "Nee, bewaren" (the safe answer) and back to the delete button.
  const question = askFirst();
  const remove = () => {
    question.close();
    // Close the undo group first, so undo brings back exactly this item and not recent typing too.
    const undo = yUndoPluginKey.getState(props.editor.state)?.undoManager as { stopCapturing?: () => void } | undefined;
    undo?.stopCapturing?.();
    props.deleteNode();
    props.ctx.notify(t('plan.deleted'), { action: { label: t('plan.undo'), run: () => props.editor.commands.undo() } });
  };
  return (
    <div class="item-head">
      <span class="item-label">{itemLabel(props.spec.type)}</span>
      <Show when={props.spec.repeat === 'many' && props.ctx.editable()}>
        <Show
          when={question.asking()}
          fallback={
            <button type="button" class="quiet delete-item" ref={question.askButton} onClick={() => question.ask()}>
              <Icon name="trash" />
              <span>{t('plan.delete')}</span>
            </button>
          }
        >
          <span class="confirm" role="group" aria-label={t('plan.deleteConfirm')}>
            <span>{t('plan.deleteConfirm')}</span>
            <button type="button" class="danger" onClick={remove}>
              {t('plan.deleteYes')}
            </button>
            <button type="button" ref={question.safeAnswer} onClick={() => question.keep()}>
              {t('plan.deleteNo')}
            </button>
          </span>
        </Show>
      </Show>
    </div>
  );
}

/** The item's attrs (dates, scores, choices, references) below its text fields. */
export function ItemAttrs(props: ItemProps): JSX.Element {
  const attrs = () => (props.spec.attrs as readonly AttrSpec[]).filter((a) => isEditableAttr(a, props.spec.type));
  return (
    <Show when={attrs().length > 0}>
      <div class="item-attrs">
        <For each={attrs()}>
          {(spec) => (
            <AttrInput
              itemType={props.spec.type}
              spec={spec}
              value={props.node().attrs[spec.key] as AttrValue}
              onChange={(value) => props.updateAttrs({ [spec.key]: value })}
              ctx={props.ctx}
            />
          )}
        </For>
      </div>
    </Show>
  );
}
