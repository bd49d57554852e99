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
      // The next task waits for this one however it ends; its error belongs to run's caller
      // (`result`), so the queue's own tail only settles and forgets the plan once it is idle.
      const settled = () => {
        if (tails.get(planId) === tail) tails.delete(planId);
      };
      const tail: Promise<void> = result.then(settled, settled);
      tails.set(planId, tail);
      return result;
    },
    async idle() {
      while (tails.size > 0) await Promise.all([...tails.values()]);
    },
  };
}
