/**
 * A small typed event channel: one part of the engine says what happened (`emit`), the part that
 * owns the consequence listens (`on`). Handlers run one after another in the order they were
 * added, and `emit` resolves when the last one has (a frame is handled completely before the
 * next one). A handler that throws rejects `emit`: the emitter decides what that means.
 */
export class TypedEvents<M extends Record<string, unknown>> {
  readonly #handlers = new Map<keyof M, Array<(payload: never) => void | Promise<void>>>();

  on<K extends keyof M>(type: K, handler: (payload: M[K]) => void | Promise<void>): () => void {
    const list = this.#handlers.get(type) ?? [];
    list.push(handler as (payload: never) => void | Promise<void>);
    this.#handlers.set(type, list);
    return () => {
      const at = list.indexOf(handler as (payload: never) => void | Promise<void>);
      if (at >= 0) list.splice(at, 1);
    };
  }

  emit<K extends keyof M>(type: K, payload: M[K]): Promise<void> {
    const list = this.#handlers.get(type);
    if (!list || list.length === 0) return DONE;
    // One handler (every event of a session): called at once, no copy of the list, no extra async frame.
    if (list.length === 1) {
      try {
        const result = (list[0] as (payload: M[K]) => void | Promise<void>)(payload);
        return result instanceof Promise ? result : DONE;
      } catch (err) {
        return Promise.reject(err);
      }
    }
    return this.#emitEach([...list] as ((payload: M[K]) => void | Promise<void>)[], payload);
  }

  async #emitEach<P>(handlers: ((payload: P) => void | Promise<void>)[], payload: P): Promise<void> {
    for (const handler of handlers) await handler(payload);
  }

  /**
   * Says what happened and lets every handler run now, in this turn, as a direct call would: what
   * the emitter does next already sees its consequence (the state shown, a write queued). A handler
   * that throws throws here; one that returns a promise is not waited for, and its rejection is
   * said by its kind only (never content), as relay-conversation.ts does for its own.
   */
  tell<K extends keyof M>(type: K, payload: M[K]): void {
    const list = this.#handlers.get(type);
    // Told several times per keystroke ('shown', 'changed'), mostly with nobody listening.
    if (!list || list.length === 0) return;
    for (const handler of [...list]) {
      const done = (handler as (payload: M[K]) => void | Promise<void>)(payload);
      if (done instanceof Promise) done.catch((err: unknown) => console.warn(`${String(type)} handler failed`, err instanceof Error ? err.name : typeof err));
    }
  }
}

const DONE: Promise<void> = Promise.resolve();
