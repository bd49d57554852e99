import { For, Match, Show, Switch, type JSX } from 'solid-js';
import type { AttrSpec, AttrValue, ItemRefAttrSpec, NumberAttrSpec, SelectAttrSpec } from '@safeplan/schema/plan';
import { t } from '../app/i18n/index.ts';
import { attrLabel, optionLabel } from './labels.ts';
import { itemsOfType, type PlanViewContext } from './plan-view-context.ts';

let uid = 0;

export interface AttrInputProps {
  itemType: string;
  spec: AttrSpec;
  value: AttrValue;
  onChange: (value: AttrValue) => void;
  ctx: PlanViewContext;
}

/** One attr as a labelled input; the value written back is already of the attr's kind. */
export function AttrInput(props: AttrInputProps): JSX.Element {
  const id = `attr-${++uid}`;
  const label = () => attrLabel(props.itemType, props.spec.key);
  return (
    <Switch>
      <Match when={props.spec.kind === 'score'}>
        <ScoreInput {...props} label={label()} />
      </Match>
      <Match when={props.spec.kind === 'boolean'}>
        <label class="attr attr-check" for={id}>
          <input id={id} disabled={!props.ctx.editable()} type="checkbox" checked={props.value === true} onChange={(e) => props.onChange(e.currentTarget.checked)} />
          <span>{label()}</span>
        </label>
      </Match>
      <Match when={true}>
        <div class="attr">
          <label class="field-label" for={id}>
            {label()}
          </label>
          <Switch>
            <Match when={props.spec.kind === 'date'}>
              <input
                id={id}
                disabled={!props.ctx.editable()}
                type="date"
                value={typeof props.value === 'string' ? props.value : ''}
                onChange={(e) => props.onChange(e.currentTarget.value || null)}
              />
            </Match>
            <Match when={props.spec.kind === 'text'}>
              {/* Only short typed texts reach here (a meeting's time, see isEditableAttr). */}
              <input
                id={id}
                disabled={!props.ctx.editable()}
                type="time"
                value={typeof props.value === 'string' ? props.value : ''}
                onChange={(e) => props.onChange(e.currentTarget.value || null)}
              />
            </Match>
            <Match when={props.spec.kind === 'number'}>
              <input
                id={id}
                disabled={!props.ctx.editable()}
                type="number"
                inputmode="numeric"
                min={(props.spec as NumberAttrSpec).min}
                max={(props.spec as NumberAttrSpec).max}
                value={typeof props.value === 'number' ? props.value : ''}
                onChange={(e) => {
                  const spec = props.spec as NumberAttrSpec;
                  const n = e.currentTarget.valueAsNumber;
                  if (Number.isInteger(n) && n >= spec.min && n <= spec.max) props.onChange(n);
                  else e.currentTarget.value = typeof props.value === 'number' ? String(props.value) : '';
                }}
              />
            </Match>
            <Match when={props.spec.kind === 'select'}>
              <select id={id} disabled={!props.ctx.editable()} value={typeof props.value === 'string' ? props.value : ''} onChange={(e) => props.onChange(e.currentTarget.value || null)}>
                <Show when={(props.spec as SelectAttrSpec).default === undefined}>
                  <option value="">{t('plan.notChosen')}</option>
                </Show>
                <For each={(props.spec as SelectAttrSpec).options}>
                  {(o) => <option value={o}>{optionLabel(props.spec as SelectAttrSpec, o)}</option>}
                </For>
              </select>
            </Match>
            <Match when={props.spec.kind === 'itemRef'}>
              <select id={id} disabled={!props.ctx.editable()} value={typeof props.value === 'string' ? props.value : ''} onChange={(e) => props.onChange(e.currentTarget.value || null)}>
                <option value="">{t('plan.notChosen')}</option>
                <For each={itemsOfType(props.ctx.planDoc(), (props.spec as ItemRefAttrSpec).itemType)}>
                  {(item, i) => <option value={item.id}>{item.label || `${i() + 1}`}</option>}
                </For>
              </select>
            </Match>
          </Switch>
        </div>
      </Match>
    </Switch>
  );
}

/** The safety scale as eleven big tap targets; a native radio group keeps it keyboard- and reader-friendly. */
function ScoreInput(props: AttrInputProps & { label: string }): JSX.Element {
  const name = `score-${++uid}`;
  return (
    <fieldset class="attr score">
      <legend class="field-label">{props.label}</legend>
      <div class="score-options">
        <For each={[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}>
          {(n) => (
            <label class="score-option" classList={{ chosen: props.value === n }}>
              <input type="radio" name={name} disabled={!props.ctx.editable()} value={n} checked={props.value === n} onChange={() => props.onChange(n)} />
              <span>{n}</span>
            </label>
          )}
        </For>
      </div>
    </fieldset>
  );
}
