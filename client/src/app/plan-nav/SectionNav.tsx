import { createEffect, For, type JSX } from 'solid-js';
import { sectionAnchor } from '../../sections/SectionChrome.tsx';
import { sectionTitle } from '../../sections/labels.ts';
import { t } from '../i18n/index.ts';
import { PAGE_ORDER } from './page-order.ts';
import './plan-nav-messages.ts';

/**
 * The section chips, numbered in page order. With the whole plan shown a chip scrolls to its
 * section; one section at a time (phones) a chip opens that section.
 */
export function SectionNav(props: { oneAtATime: boolean; current: string; onOpen: (key: string) => void; children?: JSX.Element }): JSX.Element {
  const pick = (key: string) => {
    if (props.oneAtATime) {
      props.onOpen(key);
      return;
    }
    const el = document.getElementById(sectionAnchor(key));
    el?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    el?.querySelector<HTMLElement>('.field-text')?.focus?.();
  };
  let nav: HTMLElement | undefined;
  // Keep the open section's chip in view in the scrolling row of chips. Only the row scrolls, and
  // only sideways: scrollIntoView would also scroll the page down to the row when it is below the
  // fold (after "Meedoen" on a phone the plan's name went under the sticky bars).
  createEffect(() => {
    if (!props.oneAtATime) return;
    const chip = nav?.querySelector<HTMLElement>(`.chip[data-chip="${props.current}"]`);
    const row = chip?.closest('ul');
    if (!chip || !row) return;
    const c = chip.getBoundingClientRect();
    const r = row.getBoundingClientRect();
    if (c.left < r.left) row.scrollLeft -= r.left - c.left;
    else if (c.right > r.right) row.scrollLeft += c.right - r.right;
  });
  return (
    <nav class="section-nav" ref={(el) => (nav = el)} aria-label={t('plan.sections')}>
      <ul>
        <For each={PAGE_ORDER}>
          {(s, i) => (
            <li>
              <button
                type="button"
                class="chip"
                data-chip={s.key}
                aria-current={props.oneAtATime && props.current === s.key ? 'step' : undefined}
                onClick={() => pick(s.key)}
              >
                <span class="chip-number" aria-hidden="true">
                  {i() + 1}
                </span>
                <span>{sectionTitle(s.key)}</span>
              </button>
            </li>
          )}
        </For>
      </ul>
      {props.children}
    </nav>
  );
}
