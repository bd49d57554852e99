export const DEFAULT_EXIT_URL = 'https://www.buienradar.nl/';
const EXIT_URL_KEY = 'safeplan.exitUrl';

/** Only plain https (or http) web addresses; never javascript: or data: tricks. */
export function isValidExitUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

export function exitUrl(): string {
  try {
    const stored = localStorage.getItem(EXIT_URL_KEY);
    if (stored && isValidExitUrl(stored)) return stored;
  } catch {
    // No storage: fall through to the default.
  }
  return DEFAULT_EXIT_URL;
}

export function setExitUrl(value: string): void {
  if (!isValidExitUrl(value)) throw new Error('invalid exit url');
  localStorage.setItem(EXIT_URL_KEY, value);
}

const beforeExit = new Set<() => void>();

/** Runs synchronously at the start of every quick exit (the device lock locks at once). */
export function onQuickExit(hook: () => void): () => void {
  beforeExit.add(hook);
  return () => beforeExit.delete(hook);
}

/**
 * Leaves at once: first blank the page so nothing stays on screen while the neutral site loads,
 * then replace the history entry so the back button cannot bring the app back.
 */
export function quickExit(url = exitUrl()): void {
  for (const hook of beforeExit) hook();
  document.title = '';
  document.body.replaceChildren();
  document.documentElement.style.background = '#fff';
  location.replace(url);
}

/**
 * Fires after `count` Escape presses within `windowMs`. Pure (time is passed in) so the rule is
 * tested without a browser.
 */
export function createEscapeCounter(count = 3, windowMs = 1500): (key: string, now: number) => boolean {
  let presses: number[] = [];
  return (key, now) => {
    if (key !== 'Escape') return false;
    presses = [...presses.filter((t) => now - t < windowMs), now];
    if (presses.length >= count) {
      presses = [];
      return true;
    }
    return false;
  };
}

/** Listens on the capture phase so an open dialog or the editor cannot swallow the presses. */
export function installEscapeExit(onExit: () => void = () => quickExit()): () => void {
  const counter = createEscapeCounter();
  const listener = (e: KeyboardEvent) => {
    if (counter(e.key, e.timeStamp || performance.now())) onExit();
  };
  window.addEventListener('keydown', listener, true);
  return () => window.removeEventListener('keydown', listener, true);
}
