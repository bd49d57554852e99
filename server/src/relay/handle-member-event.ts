import { decodeEvent, ProtocolError, type DecodedEvent, type RelayFrame } from '@safeplan/schema/protocol';
import { KIND_UPDATE } from '../store/relay-store.ts';
import type { Connection } from './connection.ts';
import type { RelayContext } from './context.ts';
import { authorKeyOf, planKeyOf } from './plan-key.ts';

/**
 * A removal, demotion or closure caps each device it concerns at the highest update clock its
 * signer held (event version 4). If this relay already stored a higher one, the signer has not
 * seen it yet: 'stale-head', so its engine takes in what it missed and signs again with the right
 * cap. Then no device ever holds an applied update that a later cap refuses.
 */
async function requireCapsCoverStored(ctx: RelayContext, planKey: string, event: Uint8Array): Promise<void> {
  let ev: DecodedEvent;
  try {
    ev = decodeEvent(event);
  } catch {
    return; // The shared rules refuse it with their own reason.
  }
  const caps = 'caps' in ev.body ? ev.body.caps : undefined;
  for (const cap of caps ?? []) {
    const stored = await ctx.store.lastReceipt(planKey, authorKeyOf(cap.device), KIND_UPDATE);
    if (stored && stored.clock > cap.clock) {
      throw new ProtocolError('stale-head', 'a cap is below a clock the relay holds (cap-behind): take in the plan and sign again');
    }
  }
}

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
    await requireCapsCoverStored(ctx, planKey, event);
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
