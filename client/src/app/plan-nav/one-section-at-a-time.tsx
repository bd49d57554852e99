import { createSignal, onCleanup, Show, type Accessor, type JSX } from 'solid-js';
import { Icon } from '../Icon.tsx';
import { sectionTitle } from '../../sections/labels.ts';
import { t } from '../i18n/index.ts';
import { channelOfSection, neighbours, PAGE_KEYS } from './page-order.ts';
import './plan-nav-messages.ts';

/** Phones: the width below which the plan opens one section at a time (the same as the phone styles). */
export const PHONE_QUERY = '(max-width: 560px)';

export interface SectionFocus {
  /** Whether only the open section is shown (phones by default; the whole plan on tablets). */
  oneAtATime: Accessor<boolean>;
  setOneAtATime: (on: boolean) => void;
  current: Accessor<string>;
  open: (key: string) => void;
}

/** Which section is open, and whether the plan shows one section at a time. */
export function createSectionFocus(): SectionFocus {
  const query = typeof matchMedia === 'function' ? matchMedia(PHONE_QUERY) : undefined;
  const [oneAtATime, setOneAtATime] = createSignal(query?.matches ?? false);
  // Turning a tablet or resizing follows the screen, until the person chooses themselves.
  let chosen = false;
  const follow = (e: MediaQueryListEvent) => {
    if (!chosen) setOneAtATime(e.matches);
  };
  query?.addEventListener('change', follow);
  onCleanup(() => query?.removeEventListener('change', follow));
  const [current, setCurrent] = createSignal(PAGE_KEYS[0] ?? 'header');
  return {
    oneAtATime,
    setOneAtATime: (on) => {
      chosen = true;
      setOneAtATime(on);
    },
    current,
    open: (key) => {
      if (!PAGE_KEYS.includes(key)) return;
      setCurrent(key);
      // Start the opened section at its top, below the sticky bars, and let a screen reader land on its title.
      queueMicrotask(() => {
        const title = document.getElementById(`section-${key}-title`);
        title?.closest('section')?.scrollIntoView({ block: 'start' });
        if (title) {
          title.tabIndex = -1;
          title.focus({ preventScroll: true });
        }
      });
    },
  };
}

/**
 * Hides every section but the open one. A style rule, not a change to the editor's DOM: the
 * sections are ProseMirror node views, which redraw themselves. Keys are the schema's own.
 */
export function OneSectionStyle(props: { focus: SectionFocus }): JSX.Element {
  const css = () => {
    if (!props.focus.oneAtATime()) return '';
    const key = props.focus.current();
    const hideOtherChannel =
      channelOfSection(key) === 'contributions'
        ? '.plan-body > .plan-channel, .plan-body > .plan-editor-host, .plan-body > .members-banner, .plan-body > .not-synced'
        : '.plan-body > .contributions';
    return `.plan-body .plan-section:not([data-section="${key}"]) { display: none; } ${hideOtherChannel} { display: none; }`;
  };
  return <style>{css()}</style>;
}

/** "Vorige" and "Volgende" under the open section, and the switch between one section and the whole plan. */
export function SectionPager(props: { focus: SectionFocus; children?: JSX.Element }): JSX.Element {
  const around = () => neighbours(props.focus.current());
  const position = () => PAGE_KEYS.indexOf(props.focus.current()) + 1;
  return (
    <div class="section-pager">
      <Show when={props.focus.oneAtATime()}>
        <p class="section-pager-where">{t('nav.position', { n: position(), total: PAGE_KEYS.length })}</p>
        <div class="section-pager-buttons">
          <Show when={around().previous}>
            {(key) => (
              <button type="button" class="pager-previous" onClick={() => props.focus.open(key())}>
                <Icon name="back" />
                <span>
                  <span class="pager-word">{t('nav.previous')}</span> {sectionTitle(key())}
                </span>
              </button>
            )}
          </Show>
          <Show when={around().next}>
            {(key) => (
              <button type="button" class="primary pager-next" onClick={() => props.focus.open(key())}>
                <span>
                  <span class="pager-word">{t('nav.next')}</span> {sectionTitle(key())}
                </span>
                <Icon name="forward" />
              </button>
            )}
          </Show>
        </div>
      </Show>
      <div class="section-pager-more">
        <button type="button" class="quiet view-switch" onClick={() => props.focus.setOneAtATime(!props.focus.oneAtATime())}>
          {props.focus.oneAtATime() ? t('nav.showWholePlan') : t('nav.showOneSection')}
        </button>
        {props.children}
      </div>
    </div>
  );
}
