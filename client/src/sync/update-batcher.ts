import * as Y from 'yjs';

/**
 * Collects the Yjs updates a burst of typing produces and hands them on as merged updates, so a
 * word typed is one or two envelopes (one signature, one AEAD, one kv write each) instead of one
 * per keystroke. The first change after a quiet period goes at once (a single keystroke must not
 * wait for company); what follows within `delayMs` is collected and handed on as one, and so on
 * while the typing goes on.
 *
 * A hand-on that fails (the sink rejects) never stops the batcher: the failure is reported with a
 * typed code, the update it carried goes back in front of what is collected, and it is handed on
 * again with the next change (or the next flush). Nothing typed is dropped.
 */
export interface UpdateBatcher {
  add(update: Uint8Array): void;
  /** Hands on what is collected now; resolves when the sink has stored it, rejects with BatchFailure if it could not. */
  flush(): Promise<void>;
  /** True while changes are collected or being stored. */
  busy(): boolean;
}

export type BatchFailureCode = 'save-failed';

/** What a failed hand-on reports: the code the sync state shows, and what the sink threw. */
export class BatchFailure extends Error {
  readonly code: BatchFailureCode = 'save-failed';
  constructor(readonly reason: unknown) {
    super(`save-failed: ${reason instanceof Error ? reason.message : String(reason)}`);
  }
}

export function createUpdateBatcher(
  sink: (merged: Uint8Array) => Promise<void>,
  delayMs = 30,
  /** Called each time a batch has been handed on (busy() may have changed). */
  onSettled: () => void = () => undefined,
  /** Called for each hand-on that failed; the update is kept and goes again with the next one. */
  onFailure: (failure: BatchFailure) => void = () => undefined,
): UpdateBatcher {
  let collected: Uint8Array[] = [];
  /** The timer that ends the current window, while changes are collected in it; null = none armed. */
  let window: ReturnType<typeof setTimeout> | null = null;
  /**
   * Until when (Date.now()) a change is collected rather than handed on at once: delayMs after
   * the last hand-on. Kept as a time, not a running timer, so a lone keystroke arms no timer at
   * all: a timer that fires with nothing collected is a task the device pays for nothing (on a
   * tablet, about a tenth of a keystroke's main-thread time; bench chromium-keystroke).
   */
  let quietFrom = 0;
  // Sinks run one after another: clocks must reach the store in the order they were drawn. The
  // chain itself never rejects (a rejected chain would stop every later hand-on for good).
  let chain: Promise<void> = Promise.resolve();
  /** The newest hand-on's outcome, for flush(). */
  let last: Promise<void> = Promise.resolve();
  let running = 0;

  const handOn = (): Promise<void> => {
    if (collected.length > 0) {
      const batch = collected;
      collected = [];
      quietFrom = Date.now() + delayMs;
      const merged = batch.length === 1 ? batch[0]! : Y.mergeUpdates(batch);
      running++;
      const outcome = chain.then(() => sink(merged)).then(
        () => undefined,
        (err: unknown) => {
          // Goes again in front of anything typed since: Yjs merges it in causal order either way.
          collected.unshift(merged);
          const failure = err instanceof BatchFailure ? err : new BatchFailure(err);
          onFailure(failure);
          throw failure;
        },
      );
      const done = outcome.finally(() => {
        running--;
        onSettled();
      });
      chain = done.catch(() => undefined);
      last = done;
    }
    return last;
  };

  /** At the end of a window: hand on what came in; what comes within delayMs after it waits for the next window. */
  const windowEnds = () => {
    window = null;
    // Reported through onFailure already; this promise's rejection has nobody else to tell.
    handOn().catch(reported);
  };

  return {
    add(update) {
      collected.push(update);
      if (window !== null) return;
      const wait = quietFrom - Date.now();
      if (wait > 0) window = setTimeout(windowEnds, wait);
      else handOn().catch(reported);
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

/** The failure was handed to onFailure when it happened; the caller of add() has no promise to reject. */
function reported(): void {}
