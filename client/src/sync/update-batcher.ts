import * as Y from 'yjs';

/**
 * Collects the Yjs updates a burst of typing produces and hands them on as one merged update, so a
 * word typed is one envelope (one signature, one AEAD, one kv write) instead of one per keystroke.
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
  let timer: ReturnType<typeof setTimeout> | null = null;
  // Sinks run one after another: clocks must reach the store in the order they were drawn.
  let chain: Promise<void> = Promise.resolve();
  let running = 0;

  const flush = (): Promise<void> => {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
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

  return {
    add(update) {
      collected.push(update);
      if (timer === null) timer = setTimeout(() => void flush().catch(() => undefined), delayMs);
    },
    flush,
    busy: () => collected.length > 0 || running > 0,
  };
}
