/**
 * Calls to a worker that answers each by its id: a call gets the next id and a promise that the
 * answer with that id settles. If the worker fails, every call still waiting fails with it (its
 * caller retries or falls back); an answer for an id nobody waits for is dropped.
 */
export class WorkerCalls<T> {
  #nextId = 1;
  readonly #waiting = new Map<number, { resolve: (value: T) => void; reject: (err: Error) => void }>();

  /** Starts a call: `send` posts the request with its id; resolves with the answer. */
  start(send: (id: number) => void): Promise<T> {
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      send(id);
    });
  }

  /** The worker answered call `id`, with a value or with the error it met. */
  answered(id: number, answer: { value: T } | { error: Error }): void {
    const waiter = this.#waiting.get(id);
    if (!waiter) return;
    this.#waiting.delete(id);
    if ('error' in answer) waiter.reject(answer.error);
    else waiter.resolve(answer.value);
  }

  /** The worker is gone: every waiting call fails with an error made by `why`. */
  failAll(why: () => Error): void {
    const waiting = [...this.#waiting.values()];
    this.#waiting.clear();
    for (const w of waiting) w.reject(why());
  }
}
