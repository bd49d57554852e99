import { createSignal } from 'solid-js';

const NAME_KEY = 'safeplan.displayName';
/** Long enough for "Oma Ria (buurvrouw)", short enough to fit on a caret label. */
export const MAX_DISPLAY_NAME = 40;

function stored(): string {
  try {
    return cleanDisplayName(localStorage.getItem(NAME_KEY) ?? '');
  } catch {
    return '';
  }
}

/** One line, no control characters, trimmed and capped: it ends up on other people's screens. */
export function cleanDisplayName(raw: string): string {
  const oneLine = Array.from(raw)
    .map((c) => (/\p{Cc}|\p{Cf}/u.test(c) ? ' ' : c))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  return Array.from(oneLine).slice(0, MAX_DISPLAY_NAME).join('');
}

const [displayName, setSignal] = createSignal(stored());

/** The name this device shows to others (caret, who is here). Empty until the person gives one. */
export { displayName };

let keepReadable = true;

/**
 * With a device lock set, a name in readable local storage would give the person away: it is
 * removed, and from then on lives only in the sealed plans (and in memory for this visit).
 */
export function keepDisplayNameReadable(yes: boolean): void {
  keepReadable = yes;
  if (yes) return;
  try {
    localStorage.removeItem(NAME_KEY);
  } catch {
    // No storage: nothing to remove.
  }
}

/** Kept on this device only, like the language choice; the engine never sends it in plaintext. */
export function setDisplayName(raw: string): string {
  const name = cleanDisplayName(raw);
  try {
    if (keepReadable) localStorage.setItem(NAME_KEY, name);
  } catch {
    // Private mode without storage: the name then lasts for this visit only.
  }
  setSignal(name);
  return name;
}
