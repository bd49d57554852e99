/**
 * Locks the device after `idleMs` without a touch, key press or scroll. A hidden tab gets no such
 * events, so "hidden that long" is the same rule; browsers slow timers in hidden tabs, so the time
 * is checked again the moment the tab is shown.
 */
const ACTIVITY = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'scroll', 'input'] as const;

export interface AutoLockEnv {
  /** Where activity events arrive (the window). */
  activity: EventTarget;
  /** Where visibilitychange arrives (the document). */
  visibility: EventTarget;
  now: () => number;
}

const browserEnv = (): AutoLockEnv => ({ activity: window, visibility: document, now: Date.now });

export function installAutoLock(idleMs: number, onIdle: () => void, env: AutoLockEnv = browserEnv()): () => void {
  let last = env.now();
  let fired = false;
  const bump = () => {
    last = env.now();
  };
  const check = () => {
    if (!fired && env.now() - last >= idleMs) {
      fired = true;
      onIdle();
    }
  };
  for (const type of ACTIVITY) env.activity.addEventListener(type, bump, { capture: true, passive: true });
  env.visibility.addEventListener('visibilitychange', check);
  const timer = setInterval(check, Math.max(250, Math.min(idleMs / 10, 5000)));
  return () => {
    clearInterval(timer);
    env.visibility.removeEventListener('visibilitychange', check);
    for (const type of ACTIVITY) env.activity.removeEventListener(type, bump, { capture: true });
  };
}
