import { createSignal, type Accessor } from 'solid-js';

/**
 * A button that is replaced by its question ("Weet je het zeker?") and back. The focus goes along:
 * to the safe answer when the question opens, and back to the button that asked after "Nee", never
 * to the top of the page, where a keyboard or screen reader user would lose their place.
 */
export interface AskFirst {
  asking: Accessor<boolean>;
  /** Opens the question, with the focus on the safe answer. */
  ask(): void;
  /** The focus to the safe answer, for a question that opened while its buttons were disabled. */
  focusSafeAnswer(): void;
  /** "Nee": closes the question and gives the focus back to the button that asked. */
  keep(): void;
  /** Closes the question after "Ja" (the screen changes; the focus is that action's own business). */
  close(): void;
  /** Refs: the button that asks, and the safe answer. */
  askButton(el: HTMLButtonElement): void;
  safeAnswer(el: HTMLButtonElement): void;
}

export function askFirst(): AskFirst {
  const [asking, setAsking] = createSignal(false);
  let asker: HTMLButtonElement | undefined;
  let safe: HTMLButtonElement | undefined;
  return {
    asking,
    ask() {
      // The question renders at once (no batch here), so its safe answer is there to take the focus.
      setAsking(true);
      safe?.focus();
    },
    focusSafeAnswer: () => safe?.focus(),
    keep() {
      setAsking(false);
      asker?.focus();
    },
    close: () => setAsking(false),
    askButton: (el) => (asker = el),
    safeAnswer: (el) => (safe = el),
  };
}
