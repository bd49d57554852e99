/**
 * Locks the device after `idleMs` without a touch, key press or scroll. A hidden tab gets no such
 * events, so "hidden that long" is the same rule; browsers slow timers in hidden tabs, so the time
 * is checked again the moment the tab is shown.
 */
const ACTIVITY = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'scroll', 'input'] as const;

export function installAutoLock(idleMs: number, onIdle: () => void, now: () => number = Date.now): () => void {
  let last = now();
  let fired = false;
  const bump = () => {
    last = now();
  };
  const check = () => {
    if (!fired && now() - last >= idleMs) {
      fired = true;
      onIdle();
    }
  };
  for (const type of ACTIVITY) window.addEventListener(type, bump, { capture: true, passive: true });
  const onVisibility = () => check();
  document.addEventListener('visibilitychange', onVisibility);
  const timer = setInterval(check, Math.max(250, Math.min(idleMs / 10, 5000)));
  return () => {
    clearInterval(timer);
    document.removeEventListener('visibilitychange', onVisibility);
    for (const type of ACTIVITY) window.removeEventListener(type, bump, { capture: true });
  };
}
