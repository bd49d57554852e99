import { createMemo, For, Show, type Accessor, type JSX } from 'solid-js';
import { itemsOf, type PlanModel } from '@safeplan/schema/plan';
import { t } from '../i18n/index.ts';
import './network-messages.ts';

/** Simple pictures beside each part, so a child who does not read yet can follow along. */
function Picture(props: { kind: 'hands' | 'person' | 'star' }): JSX.Element {
  const paths = {
    hands: 'M12 21s-7-4.5-7-10a4 4 0 0 1 7-2.6A4 4 0 0 1 19 11c0 5.5-7 10-7 10z',
    person: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8M4 21a8 8 0 0 1 16 0',
    star: 'M12 3l2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.9 1-6.1-4.4-4.3 6.1-.9z',
  };
  return (
    <svg class={`child-pic child-pic-${props.kind}`} viewBox="0 0 24 24" aria-hidden="true">
      <path d={paths[props.kind]} />
    </svg>
  );
}

/**
 * The plan's agreements for a child: big letters, pictures, no method words. A parent shows it on
 * the tablet. Only what a child needs: what was agreed, to whom to go, the secret sign, and the
 * drawings from "woord en beeld". No names of danger, no scores, no worries.
 */
export default function ChildView(props: { model: Accessor<PlanModel | null>; onClose: () => void }): JSX.Element {
  const m = () => props.model();
  const agreements = createMemo(() => (m() ? itemsOf(m() as PlanModel, 'agreement').map((a) => (a.fields.what ?? '').trim()).filter(Boolean) : []));
  const goTo = createMemo(() =>
    m()
      ? itemsOf(m() as PlanModel, 'person')
          .filter((p) => p.attrs.isSafetyPerson === true)
          .map((p) => (p.fields.name ?? '').trim())
          .filter(Boolean)
      : [],
  );
  const objects = createMemo(() =>
    m() ? [...new Set(itemsOf(m() as PlanModel, 'agreement').map((a) => (a.fields.safeObject ?? '').trim()).filter(Boolean))] : [],
  );
  const pictures = createMemo(() =>
    m()
      ? itemsOf(m() as PlanModel, 'picture')
          .map((p) => ({ src: typeof p.attrs.src === 'string' ? p.attrs.src : '', caption: (p.fields.caption ?? '').trim() }))
          .filter((p) => p.src)
      : [],
  );
  return (
    <section class="card child-view" aria-labelledby="child-view-title" data-testid="child-view">
      <div class="panel-head">
        <h2 id="child-view-title">{t('network.child.title')}</h2>
        <button type="button" class="quiet" onClick={() => props.onClose()}>
          {t('network.close')}
        </button>
      </div>
      <h3>
        <Picture kind="hands" />
        <span>{t('network.child.agreements')}</span>
      </h3>
      <Show when={agreements().length > 0} fallback={<p class="child-line">{t('network.child.nothing')}</p>}>
        <ul class="child-list">
          <For each={agreements()}>{(a) => <li class="child-line">{a}</li>}</For>
        </ul>
      </Show>
      <Show when={goTo().length > 0}>
        <h3>
          <Picture kind="person" />
          <span>{t('network.child.goTo')}</span>
        </h3>
        <ul class="child-list">
          <For each={goTo()}>{(name) => <li class="child-line">{t('network.child.goToLine', { name })}</li>}</For>
        </ul>
      </Show>
      <Show when={objects().length > 0}>
        <h3>
          <Picture kind="star" />
          <span>{t('network.child.object')}</span>
        </h3>
        <ul class="child-list">
          <For each={objects()}>{(thing) => <li class="child-line">{t('network.child.objectLine', { thing })}</li>}</For>
        </ul>
      </Show>
      <Show when={pictures().length > 0}>
        <h3>{t('network.child.pictures')}</h3>
        <div class="child-pictures">
          <For each={pictures()}>
            {(p) => (
              <figure>
                <img src={p.src} alt={p.caption || t('network.child.pictures')} />
                <Show when={p.caption}>
                  <figcaption>{p.caption}</figcaption>
                </Show>
              </figure>
            )}
          </For>
        </div>
      </Show>
    </section>
  );
}
