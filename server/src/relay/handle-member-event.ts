import type { RelayFrame } from '@safeplan/schema/protocol';
import type { Connection } from './connection.ts';
import type { RelayContext } from './context.ts';
import { authorKeyOf, planKeyOf } from './plan-key.ts';

/**
 * member-event: validated with the shared pure rules against the current head, appended, then
 * sent as a `log` frame to every subscriber, the sender included (that is its confirmation).
 * A genesis event creates the plan. Devices that stop being members lose their subscription.
 */
export async function handleMemberEvent(
  ctx: RelayContext,
  conn: Connection,
  planId: Uint8Array,
  event: Uint8Array,
): Promise<void> {
  const planKey = planKeyOf(planId);
  await ctx.queue.run(planKey, async () => {
    const author = authorKeyOf(conn.author as Uint8Array);
    const creating = (await ctx.plans.get(planKey)) === null;
    if (creating) ctx.quotas.checkCreation(conn, author);
    const plan = await ctx.plans.append(planKey, planId, event);
    if (creating) ctx.quotas.created(conn, author);
    const frame: RelayFrame = { type: 'log', planId, events: [event] };
    ctx.rooms.broadcast(planKey, frame);
    if (!conn.subscriptions.has(planKey)) conn.send(frame);
    for (const sub of ctx.rooms.subscribers(planKey)) {
      if (sub.author && !plan.membership.isMember(sub.author)) {
        ctx.rooms.leave(planKey, sub);
        sub.sendError('not-a-member', 'this device was removed from the plan', planId);
      }
    }
    ctx.log('member.appended', { conn: conn.id, plan: planKey, index: plan.events.length - 1, bytes: event.length });
  });
}
