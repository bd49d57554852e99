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

  async emit<K extends keyof M>(type: K, payload: M[K]): Promise<void> {
    for (const handler of [...(this.#handlers.get(type) ?? [])]) await (handler as (payload: M[K]) => void | Promise<void>)(payload);
  }

  /**
   * Says what happened and lets every handler run now, in this turn, as a direct call would: what
   * the emitter does next already sees its consequence (the state shown, a write queued). A handler
   * that throws throws here; one that returns a promise is not waited for, and its rejection is
   * said by its kind only (never content), as relay-conversation.ts does for its own.
   */
  tell<K extends keyof M>(type: K, payload: M[K]): void {
    for (const handler of [...(this.#handlers.get(type) ?? [])]) {
      const done = (handler as (payload: M[K]) => void | Promise<void>)(payload);
      if (done instanceof Promise) done.catch((err: unknown) => console.warn(`${String(type)} handler failed`, err instanceof Error ? err.name : typeof err));
    }
  }
}
