import { For, Show, type JSX } from 'solid-js';
import type { VersionDiff } from '@safeplan/schema/review';
import { sectionTitle } from '../../sections/labels.ts';
import { t } from '../i18n/index.ts';
import { attrName, attrValueText, fieldName, itemName } from './plan-labels.ts';
import './register-messages.ts';

/** A readable diff between two versions, per section: added words underlined, removed ones struck through. */
export function DiffView(props: { diff: VersionDiff }): JSX.Element {
  const status = (s: string) => t(`reviewApp.diff.${s}`);
  return (
    <Show when={props.diff.length > 0} fallback={<p class="rv-nothing">{t('reviewApp.compare.same')}</p>}>
      <For each={props.diff}>
        {(s) => (
          <section class="rv-section" data-section={s.section}>
            <h3>{sectionTitle(s.section)}</h3>
            <For each={s.items}>
              {(item) => (
                <article class="rv-item" data-status={item.status}>
                  <p class="rv-item-head">
                    <span class={`rv-status rv-status-${item.status}`}>{status(item.status)}</span> {itemName(item.itemType)}
                  </p>
                  <For each={item.fields}>
                    {(f) => (
                      <div class="rv-field">
                        <span class="rv-field-name">{fieldName(item.itemType, f.field)}</span>
                        <p class="rv-text">
                          <For each={f.runs}>
                            {(r) =>
                              r.kind === 'added' ? <ins class="rv-ins rv-plain">{r.text}</ins> : r.kind === 'removed' ? <del class="rv-del rv-plain">{r.text}</del> : <span>{r.text}</span>
                            }
                          </For>
                        </p>
                      </div>
                    )}
                  </For>
                  <For each={item.attrs}>
                    {(a) => (
                      <p class="rv-attr">
                        {attrName(item.itemType, a.attr)}: <del class="rv-del rv-plain">{attrValueText(item.itemType, a.attr, a.before)}</del>{' '}
                        <ins class="rv-ins rv-plain">{attrValueText(item.itemType, a.attr, a.after)}</ins>
                      </p>
                    )}
                  </For>
                </article>
              )}
            </For>
          </section>
        )}
      </For>
    </Show>
  );
}
