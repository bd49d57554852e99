/**
 * Runs the work for one plan strictly one task at a time. Checks (clock, head) and the store
 * write they guard must not interleave with another publish to the same plan, and fan-out must
 * reach subscribers in seq order; different plans still proceed concurrently.
 */
export interface PlanQueue {
  run<T>(planId: string, task: () => Promise<T>): Promise<T>;
  /** Resolves when every queued task has settled (used on close). */
  idle(): Promise<void>;
}

export function createPlanQueue(): PlanQueue {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run(planId, task) {
      const previous = tails.get(planId) ?? Promise.resolve();
      const result = previous.then(task, task);
      const tail = result.catch(() => undefined);
      tails.set(planId, tail);
      void tail.then(() => {
        if (tails.get(planId) === tail) tails.delete(planId);
      });
      return result;
    },
    async idle() {
      while (tails.size > 0) await Promise.all([...tails.values()]);
    },
  };
}
