import { createEffect, createSignal, onCleanup, Show, type JSX } from 'solid-js';
import './read-only-why.css';

const WHY_ID = 'read-only-why';

/**
 * Fields this person may not change look read-only and say why when reached: each field of the
 * document in `container` becomes focusable (tabindex 0, aria-readonly, described by the reason),
 * and focusing or tapping one shows the reason right under it. Nothing is typed into a field that
 * would silently drop it.
 */
export function ReadOnlyWhy(props: { container: () => HTMLElement | undefined; active: boolean; reason: string }): JSX.Element {
  const [at, setAt] = createSignal<{ top: number; left: number; width: number } | null>(null);
  const fields = (root: HTMLElement) => root.querySelectorAll<HTMLElement>('.field-text');
  const mark = (root: HTMLElement, on: boolean) => {
    for (const f of fields(root)) {
      // Only what differs is written: every write is a DOM mutation the editor also sees.
      if (on) {
        if (f.getAttribute('aria-readonly') === 'true') continue;
        f.tabIndex = 0;
        // A read-only text box: the role that may carry aria-readonly (a plain div may not).
        f.setAttribute('role', 'textbox');
        f.setAttribute('aria-readonly', 'true');
        f.setAttribute('aria-describedby', WHY_ID);
      } else if (f.getAttribute('aria-readonly') === 'true') {
        f.removeAttribute('tabindex');
        f.removeAttribute('role');
        f.removeAttribute('aria-readonly');
        f.removeAttribute('aria-describedby');
      }
    }
  };
  const show = (e: Event) => {
    const root = props.container();
    const field = (e.target as HTMLElement | null)?.closest?.('.field-text');
    if (!props.active || !root || !(field instanceof HTMLElement) || !root.contains(field)) return;
    const box = field.getBoundingClientRect();
    const base = root.getBoundingClientRect();
    setAt({ top: box.bottom - base.top + 4, left: box.left - base.left, width: box.width });
  };
  createEffect(() => {
    const root = props.container();
    if (!root) return;
    root.dataset.readonly = String(props.active);
    mark(root, props.active);
    if (!props.active) return setAt(null);
    // Items that arrive later (sync) get the same treatment.
    const observer = new MutationObserver(() => mark(root, props.active));
    observer.observe(root, { childList: true, subtree: true });
    const hide = (e: FocusEvent) => {
      if (!(e.relatedTarget instanceof HTMLElement && e.relatedTarget.closest('.field-text'))) setAt(null);
    };
    root.addEventListener('focusin', show);
    root.addEventListener('click', show);
    root.addEventListener('focusout', hide);
    onCleanup(() => {
      observer.disconnect();
      root.removeEventListener('focusin', show);
      root.removeEventListener('click', show);
      root.removeEventListener('focusout', hide);
    });
  });
  return (
    <p id={WHY_ID} class="read-only-why" role="status" hidden={!props.active || at() === null} style={at() ? { top: `${at()?.top}px`, left: `${at()?.left}px`, 'max-width': `${Math.max(240, at()?.width ?? 0)}px` } : {}}>
      <Show when={props.active}>{props.reason}</Show>
    </p>
  );
}
