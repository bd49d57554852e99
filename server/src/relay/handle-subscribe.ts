import { ProtocolError } from '@safeplan/schema/protocol';
import type { PlanRecord } from '../auth/plan-authority.ts';
import type { Connection } from './connection.ts';
import type { RelayContext } from './context.ts';
import { planKeyOf } from './plan-key.ts';

/** The plan's record, if the device is a member of it; else the doc's error. */
export async function requireMember(ctx: RelayContext, planKey: string, device: Uint8Array): Promise<PlanRecord> {
  const plan = await ctx.plans.get(planKey);
  if (!plan) throw new ProtocolError('unknown-plan', 'the relay has no member log for this plan');
  if (!plan.membership.isMember(device)) throw new ProtocolError('not-a-member', 'this device is not a member');
  return plan;
}

/**
 * subscribe: the full member log, then what the device misses (the newest snapshot if it is
 * behind it, then the updates after), then caught-up. Runs in the plan's queue, so no publish
 * slips between the catch-up and the live fan-out.
 */
export async function handleSubscribe(
  ctx: RelayContext,
  conn: Connection,
  planId: Uint8Array,
  afterSeq: number,
): Promise<void> {
  const planKey = planKeyOf(planId);
  await ctx.queue.run(planKey, async () => {
    const device = conn.author as Uint8Array;
    const invited = await ctx.plans.get(planKey);
    if (invited && !invited.membership.isMember(device) && invited.membership.isPendingInvite?.(device)) {
      // An invite key reads the log to build its join, and nothing else: no envelopes, no room.
      conn.send({ type: 'log', planId, events: [...invited.events] });
      ctx.log('plan.invite-read', { conn: conn.id, plan: planKey });
      return;
    }
    const plan = await requireMember(ctx, planKey, device);
    ctx.rooms.join(planKey, conn);
    conn.send({ type: 'log', planId, events: [...plan.events] });

    let from = afterSeq;
    let sent = 0;
    const snapshot = await ctx.store.readSnapshot(planKey);
    if (snapshot && afterSeq < snapshot.coversUpTo) {
      conn.send({ type: 'deliver', planId, seq: snapshot.seq, envelope: snapshot.bytes });
      from = snapshot.coversUpTo;
      sent++;
    }
    for (;;) {
      const batch = await ctx.store.readUpdates(planKey, from, ctx.limits.catchUpBatch);
      for (const env of batch) conn.send({ type: 'deliver', planId, seq: env.seq, envelope: env.bytes });
      sent += batch.length;
      const last = batch.at(-1);
      if (!last || batch.length < ctx.limits.catchUpBatch) break;
      from = last.seq;
    }
    const seq = await ctx.store.latestSeq(planKey);
    conn.send({ type: 'caught-up', planId, seq });
    ctx.log('plan.subscribed', { conn: conn.id, plan: planKey, afterSeq, delivered: sent, seq });
  });
}

export function handleUnsubscribe(ctx: RelayContext, conn: Connection, planId: Uint8Array): void {
  const planKey = planKeyOf(planId);
  ctx.rooms.leave(planKey, conn);
  ctx.log('plan.unsubscribed', { conn: conn.id, plan: planKey });
}
