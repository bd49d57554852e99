import type { PlanMembership } from '../auth/membership-rules.ts';
import type { RelayContext } from './context.ts';
import { authorKeyOf } from './plan-key.ts';
import { touchLru } from '../lru.ts';

/** Plans whose devices' read positions are remembered; the least recently used are forgotten. */
const MAX_PLANS = 20_000;

/**
 * The relay keeps one receipt per stored envelope (to re-acknowledge a resend after a lost ack).
 * Once every current device of a plan has subscribed from past a receipt's seq, every device has
 * that envelope and none will resend it, so the receipt goes (each author's newest per kind stays:
 * the clock check reads it). Read positions are what devices say in `subscribe` and live in memory:
 * after a restart nothing is pruned until every device has subscribed again.
 */
export interface ReceiptPruner {
  /** `device` subscribed to the plan with `afterSeq`: it holds everything up to that seq. */
  readUpTo(planKey: string, membership: PlanMembership, device: Uint8Array, afterSeq: number): void;
}

export function createReceiptPruner(ctx: Pick<RelayContext, 'store' | 'log'>): ReceiptPruner {
  const positions = new Map<string, Map<string, number>>();
  const pruned = new Map<string, number>();
  return {
    readUpTo(planKey, membership, device, afterSeq) {
      if (!ctx.store.pruneReceipts) return;
      const plan = positions.get(planKey) ?? new Map();
      const dropped = touchLru(positions, planKey, plan, MAX_PLANS);
      if (dropped !== undefined) pruned.delete(dropped);
      const key = authorKeyOf(device);
      plan.set(key, Math.max(plan.get(key) ?? 0, afterSeq));
      let low = Infinity;
      for (const member of membership.state.members.keys()) low = Math.min(low, plan.get(member) ?? 0);
      if (!Number.isFinite(low) || low <= (pruned.get(planKey) ?? 0)) return;
      pruned.set(planKey, low);
      ctx.store.pruneReceipts(planKey, low).then(
        (count) => ctx.log('receipts.pruned', { plan: planKey, upToSeq: low, count }),
        (err: unknown) => ctx.log('receipts.prune-failed', { plan: planKey, error: err instanceof Error ? err.name : typeof err }),
      );
    },
  };
}
