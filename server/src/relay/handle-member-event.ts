import { decodeEvent, ProtocolError, type DecodedEvent } from '@safeplan/schema/protocol';
import type { PlanRecord } from '../auth/plan-authority.ts';
import { planFollowerOf } from '../fanout/plan-follower.ts';
import { KIND_UPDATE } from '../store/relay-store.ts';
import type { Connection } from './connection.ts';
import type { RelayContext } from './context.ts';
import { limitLogged } from './limit-hit.ts';
import { logRoomRefusal } from './member-log-room.ts';
import { authorKeyOf, planKeyOf } from './plan-key.ts';

/**
 * A removal, demotion or closure caps each device it concerns at the highest update clock its
 * signer held (event version 4). If this relay already stored a higher one, the signer has not
 * seen it yet: 'stale-head', so its engine takes in what it missed and signs again with the right
 * cap. Then no device ever holds an applied update that a later cap refuses.
 *
 * Run only once the event validated (PlanAuthority.append's `beforeStore`): a cap costs a store
 * read, and an event's caps list may name 10,000 devices. Checked before validation, any logged-in
 * key could make the relay read 10,000 receipts per frame (about 0.1 s of its event loop, and as
 * many entries pushed through the receipt cache) with an unsigned event for any plan id. A valid
 * event's caps name only devices of the plan it takes a right from.
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
 * sent as a `log` frame to every subscriber, the sender included (that is its confirmation), and
 * announced to the other relays on the store. A genesis event creates the plan. Devices that stop
 * being members lose their subscription.
 *
 * With several relays the head here may lag one another relay appended (its notification still on
 * the way): a `stale-head` then reads the log again, sends the room what it lacked, and tries once
 * more on the log as it is; only a head that really moved on is answered `stale-head`.
 */
export async function handleMemberEvent(
  ctx: RelayContext,
  conn: Connection,
  planId: Uint8Array,
  event: Uint8Array,
): Promise<void> {
  const planKey = planKeyOf(planId);
  const follower = planFollowerOf(ctx);
  const requireRoom = (plan: PlanRecord | null) => {
    const full = plan && logRoomRefusal(ctx.limits, plan, event);
    if (!full) return;
    limitLogged(ctx, 'log-full', { conn: conn.id, events: full.events, bytes: full.bytes, ownersOnly: full.ownersOnly });
    throw full;
  };
  await ctx.queue.run(planKey, async () => {
    const author = authorKeyOf(conn.author as Uint8Array);
    const current = await ctx.plans.get(planKey);
    const creating = current === null;
    if (creating) ctx.quotas.checkCreation(conn, author);
    requireRoom(current);
    const capsCoverStored = () => requireCapsCoverStored(ctx, planKey, event);
    let plan: PlanRecord;
    try {
      plan = await ctx.plans.append(planKey, planId, event, capsCoverStored);
    } catch (err) {
      if (!(err instanceof ProtocolError && err.code === 'stale-head') || ctx.bus.kind === 'local') throw err;
      const fresh = await follower.refreshLog(planKey);
      if (!fresh || fresh.events.length <= (current?.events.length ?? 0)) throw err;
      requireRoom(fresh);
      plan = await ctx.plans.append(planKey, planId, event, capsCoverStored);
    }
    if (creating) ctx.quotas.created(conn, author);
    ctx.bus.publish({ type: 'log', plan: planKey, length: plan.events.length });
    follower.sendLog(planKey, plan);
    if (!conn.subscriptions.has(planKey)) conn.send({ type: 'log', planId, events: [event] });
    ctx.log('member.appended', { conn: conn.id, plan: planKey, index: plan.events.length - 1, bytes: event.length });
  });
}
