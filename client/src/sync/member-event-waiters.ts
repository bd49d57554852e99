/** Why a member event was not confirmed: the relay's code, or the connection went away. */
export class MemberEventError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

interface Waiter {
  event: Uint8Array;
  resolve: () => void;
  reject: (err: MemberEventError) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Member events sent to the relay and not yet seen back in its log. The relay's `log` frame is the
 * only confirmation; an error or a lost connection fails every waiter (the relay answers errors
 * without naming the event, and the caller rebuilds on the new head anyway).
 */
export class MemberEventWaiters {
  readonly #waiters = new Set<Waiter>();

  add(event: Uint8Array, timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        event,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#waiters.delete(waiter);
          reject(new MemberEventError('timeout'));
        }, timeoutMs),
      };
      this.#waiters.add(waiter);
    });
  }

  /** Resolves the waiters whose event the log now holds. */
  settle(inLog: (event: Uint8Array) => boolean): void {
    for (const w of [...this.#waiters]) {
      if (!inLog(w.event)) continue;
      clearTimeout(w.timer);
      this.#waiters.delete(w);
      w.resolve();
    }
  }

  failAll(code: string): void {
    for (const w of [...this.#waiters]) {
      clearTimeout(w.timer);
      this.#waiters.delete(w);
      w.reject(new MemberEventError(code));
    }
  }
}
