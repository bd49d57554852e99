import * as Y from 'yjs';

/**
 * Collects the Yjs updates a burst of typing produces and hands them on as merged updates, so a
 * word typed is one or two envelopes (one signature, one AEAD, one kv write each) instead of one
 * per keystroke. The first change after a quiet period goes at once (a single keystroke must not
 * wait for company); what follows within `delayMs` is collected and handed on as one, and so on
 * while the typing goes on.
 */
export interface UpdateBatcher {
  add(update: Uint8Array): void;
  /** Hands on what is collected now; resolves when the sink has stored it. */
  flush(): Promise<void>;
  /** True while changes are collected or being stored. */
  busy(): boolean;
}

export function createUpdateBatcher(
  sink: (merged: Uint8Array) => Promise<void>,
  delayMs = 30,
  /** Called each time a batch has been handed on (busy() may have changed). */
  onSettled: () => void = () => undefined,
): UpdateBatcher {
  let collected: Uint8Array[] = [];
  /** The window after a hand-on in which changes are collected; null = quiet. */
  let window: ReturnType<typeof setTimeout> | null = null;
  // Sinks run one after another: clocks must reach the store in the order they were drawn.
  let chain: Promise<void> = Promise.resolve();
  let running = 0;

  const handOn = (): Promise<void> => {
    if (collected.length > 0) {
      const batch = collected;
      collected = [];
      const merged = batch.length === 1 ? batch[0]! : Y.mergeUpdates(batch);
      running++;
      chain = chain.then(() => sink(merged)).finally(() => {
        running--;
        onSettled();
      });
    }
    return chain;
  };

  /** At the end of a window: hand on what came in, and keep collecting while changes keep coming. */
  const windowEnds = () => {
    window = null;
    if (collected.length === 0) return;
    void handOn().catch(() => undefined);
    window = setTimeout(windowEnds, delayMs);
  };

  return {
    add(update) {
      collected.push(update);
      if (window !== null) return;
      void handOn().catch(() => undefined);
      window = setTimeout(windowEnds, delayMs);
    },
    flush() {
      if (window !== null) {
        clearTimeout(window);
        window = null;
      }
      return handOn();
    },
    busy: () => collected.length > 0 || running > 0,
  };
}
