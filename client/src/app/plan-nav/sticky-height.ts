import { onCleanup, onMount } from 'solid-js';

/**
 * Measures the sticky bar at the top of the app (exit button, help numbers) and gives its height
 * to CSS as --sticky-top, so the section chips stick right under it whatever its height (the
 * English help text can take two lines on a portrait tablet and would otherwise cover the chips).
 */
export function trackStickyHeight(): void {
  onMount(() => {
    const bar = document.querySelector<HTMLElement>('.sticky-top');
    if (!bar || typeof ResizeObserver !== 'function') return;
    const root = document.documentElement;
    const set = () => root.style.setProperty('--sticky-top', `${Math.ceil(bar.getBoundingClientRect().height)}px`);
    set();
    const observer = new ResizeObserver(set);
    observer.observe(bar);
    onCleanup(() => {
      observer.disconnect();
      root.style.removeProperty('--sticky-top');
    });
  });
}
