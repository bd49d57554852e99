import * as Y from 'yjs';

/**
 * Collects the Yjs updates a burst of typing produces and hands them on as merged updates, so a
 * word typed is one or two envelopes (one signature, one AEAD, one kv write each) instead of one
 * per keystroke. The first change after a quiet period goes at once (a single keystroke must not
 * wait for company); what follows within `delayMs` is collected and handed on as one, and so on
 * while the typing goes on.
 *
 * The window is a time, not a timer: a lone keystroke (the usual case while someone types at a
 * normal pace) arms no timer at all, and one is set only when a change comes within the window
 * after a hand-on and must wait for its end.
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
  /** The clock the window is measured on (ms). */
  now: () => number = () => performance.now(),
): UpdateBatcher {
  let collected: Uint8Array[] = [];
  /** When the window after the last hand-on started; -Infinity: quiet (none yet, or a flush closed it). */
  let windowFrom = -Infinity;
  /** Set while collected changes wait for the end of the window. */
  let windowEnd: ReturnType<typeof setTimeout> | null = null;
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

  /** Hands on what is collected and starts a new window: what comes within it waits for its end. */
  const handOnAndOpen = () => {
    windowFrom = now();
    // Reported through onFailure already; this promise's rejection has nobody else to tell.
    handOn().catch(reported);
  };

  /** At the end of a window: hand on what came in (a new window starts with it). */
  const windowEnds = () => {
    windowEnd = null;
    if (collected.length > 0) handOnAndOpen();
  };

  return {
    add(update) {
      collected.push(update);
      if (windowEnd !== null) return;
      const since = now() - windowFrom;
      if (since >= delayMs || since < 0) handOnAndOpen();
      else windowEnd = setTimeout(windowEnds, delayMs - since);
    },
    flush() {
      if (windowEnd !== null) {
        clearTimeout(windowEnd);
        windowEnd = null;
      }
      windowFrom = -Infinity;
      return handOn();
    },
    busy: () => collected.length > 0 || running > 0,
  };
}

/** The failure was handed to onFailure when it happened; the caller of add() has no promise to reject. */
function reported(): void {}
