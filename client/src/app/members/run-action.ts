import { createSignal, type Accessor } from 'solid-js';
import { notify } from '../notices.ts';
import { memberErrorText } from './member-words.ts';

/**
 * Runs one membership operation at a time for a piece of screen: `busy` disables its buttons,
 * a refusal is said in plain words (the code only goes to the console, never names or content).
 */
export function createActionRunner(): { busy: Accessor<boolean>; run: (op: () => Promise<void>, onDone?: () => void) => Promise<void> } {
  const [busy, setBusy] = createSignal(false);
  const run = async (op: () => Promise<void>, onDone?: () => void) => {
    if (busy()) return;
    // The pressed button is disabled while the change runs, which takes the focus from it: it gets
    // it back afterwards if it is still there and nothing else took the focus meanwhile.
    const pressed = document.activeElement;
    setBusy(true);
    try {
      await op();
      onDone?.();
    } catch (err) {
      console.warn('membership change refused', (err as { code?: unknown }).code ?? 'unknown');
      notify(memberErrorText(err), { tone: 'error' });
    } finally {
      setBusy(false);
      const now = document.activeElement;
      if (pressed instanceof HTMLElement && pressed !== document.body && pressed.isConnected && (!now || now === document.body)) pressed.focus();
    }
  };
  return { busy, run };
}
