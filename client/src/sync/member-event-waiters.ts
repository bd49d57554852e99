/** Why a member event was not confirmed: the relay's code, or the connection went away. */
export class MemberEventError extends Error {
  /** `detail`: the relay's words with the refusal (for 'invalid-event', e.g. that its log is full). */
  constructor(
    readonly code: string,
    readonly detail = '',
  ) {
    super(detail ? `${code}: ${detail}` : code);
  }

  /** The relay refused the event because the plan's member log is at (or near) its bound. */
  get logFull(): boolean {
    return isLogFull(this.code, this.detail);
  }
}

/** The relay's refusal of a member event for its log bound: `invalid-event` whose detail names log-full. */
export function isLogFull(code: string, detail: string): boolean {
  return code === 'invalid-event' && detail.includes('(log-full)');
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

  failAll(code: string, detail = ''): void {
    for (const w of [...this.#waiters]) {
      clearTimeout(w.timer);
      this.#waiters.delete(w);
      w.reject(new MemberEventError(code, detail));
    }
  }
}
