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
    setBusy(true);
    try {
      await op();
      onDone?.();
    } catch (err) {
      console.warn('membership change refused', (err as { code?: unknown }).code ?? 'unknown');
      notify(memberErrorText(err), { tone: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}
