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

/** Kept on this device only, like the language choice; the engine never sends it in plaintext. */
export function setDisplayName(raw: string): string {
  const name = cleanDisplayName(raw);
  try {
    localStorage.setItem(NAME_KEY, name);
  } catch {
    // Private mode without storage: the name then lasts for this visit only.
  }
  setSignal(name);
  return name;
}
