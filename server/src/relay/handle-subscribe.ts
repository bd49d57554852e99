import { ProtocolError } from '@safeplan/schema/protocol';
import type { PlanRecord } from '../auth/plan-authority.ts';
import type { Connection } from './connection.ts';
import type { RelayContext } from './context.ts';
import { limitHit } from './limit-hit.ts';
import { planKeyOf } from './plan-key.ts';
import { planFollowerOf } from '../fanout/plan-follower.ts';
import { readAfter } from '../fanout/read-after.ts';

/**
 * The plan's record, if the device is a member of it. "No such plan" and "not a member" give the
 * same answer, so an outsider cannot learn whether a plan id exists.
 */
export async function requireMember(ctx: RelayContext, planKey: string, device: Uint8Array): Promise<PlanRecord> {
  const plan = await ctx.plans.get(planKey);
  if (!plan || !plan.membership.isMember(device)) throw notAMember();
  return plan;
}

export function notAMember(): ProtocolError {
  return new ProtocolError('not-a-member', 'this device is not a member of such a plan');
}

/**
 * subscribe: the full member log, then what the device misses (the newest snapshot if it is
 * behind it, then the updates after), then caught-up.
 *
 * The catch-up streams: one page (at most `catchUpPageBytes`) at a time, and the next page is
 * read only once the socket has drained below a page, so a slow reader costs the relay about one
 * page plus its socket buffer, and any backlog reaches a reader of ordinary speed. Each page is
 * read in the plan's queue (a snapshot that prunes updates cannot slip between two pages), but
 * the queue is not held while the socket drains, so the plan's publishes go on meanwhile. The
 * connection joins the room in the same queue task as the last page: no publish is missed or
 * sent twice.
 */
export async function handleSubscribe(
  ctx: RelayContext,
  conn: Connection,
  planId: Uint8Array,
  afterSeq: number,
): Promise<void> {
  const planKey = planKeyOf(planId);
  const device = conn.author as Uint8Array;
  const follower = planFollowerOf(ctx);
  const member = await ctx.queue.run(planKey, async () => {
    // Other relays on the store may have appended to the log without this one hearing of it yet.
    const invited = ctx.bus.kind === 'local' ? await ctx.plans.get(planKey) : await follower.refreshLog(planKey);
    if (invited && !invited.membership.isMember(device) && invited.membership.isPendingInvite?.(device)) {
      // An invite key reads the log to build its join, and nothing else: no envelopes, no room.
      conn.send({ type: 'log', planId, events: [...invited.events] });
      ctx.log('plan.invite-read', { conn: conn.id, plan: planKey });
      return false;
    }
    const plan = await requireMember(ctx, planKey, device);
    conn.send({ type: 'log', planId, events: [...plan.events] });
    // A device cannot hold seqs the store never handed out (deliveries go out only after their
    // commit): an afterSeq beyond the newest is a store restored to an older state, or a member
    // lying. Taken as it is, it would start the room above the log, so later publishes would not
    // be fanned out and the next subscriber's catch-up would read on forever. It counts as the newest.
    const latest = await ctx.store.latestSeq(planKey);
    if (afterSeq > latest) ctx.log('plan.subscribe-beyond-log', { conn: conn.id, plan: planKey, afterSeq, latest });
    const holds = Math.min(afterSeq, latest);
    ctx.receipts.readUpTo(planKey, plan.membership, device, holds);
    return { logSent: plan.events.length, holds };
  });
  if (member === false) return;
  let logSent = member.logSent;

  let from = member.holds;
  let sent = 0;
  const { catchUpPageBytes: pageBytes, catchUpBatch: batch } = ctx.limits;
  ctx.catchingUp.add(conn);
  try {
    for (;;) {
      if (!(await conn.drained(pageBytes, ctx.limits.catchUpStallMs))) {
        if (!conn.isOpen()) return;
        limitHit(ctx, 'catch-up-stalled', { conn: conn.id, delivered: sent, bufferedBytes: conn.bufferedAmount() });
        conn.terminate();
        return;
      }
      const seq = await ctx.queue.run(planKey, async () => {
        // Member events appended while the socket drained went to the room, which this
        // connection is not in yet: they follow the log it got, as a live log frame would.
        const plan = await requireMember(ctx, planKey, device);
        if (plan.events.length > logSent) {
          conn.send({ type: 'log', planId, events: plan.events.slice(logSent) });
          logSent = plan.events.length;
        }
        // Read before the page, so the page holds every update up to it (caught-up promises that).
        const latest = await ctx.store.latestSeq(planKey);
        const page = await readAfter(ctx.store, planKey, from, batch, pageBytes);
        if (page.snapshot) {
          conn.send({ type: 'deliver', planId, seq: page.snapshot.seq, envelope: page.snapshot.bytes });
          from = page.snapshot.coversUpTo;
          sent++;
          ctx.metrics.count('envelopes_out_total');
          return null; // a large snapshot is a page of its own
        }
        let bytes = 0;
        for (const env of page.updates) {
          conn.send({ type: 'deliver', planId, seq: env.seq, envelope: env.bytes });
          bytes += env.bytes.length;
        }
        sent += page.updates.length;
        ctx.metrics.count('envelopes_out_total', page.updates.length);
        from = page.updates.at(-1)?.seq ?? from;
        if (page.updates.length === batch || bytes >= pageBytes) return null; // more may follow
        const served = Math.max(latest, from);
        // Another relay's seqs: the room must be where this connection is before it joins, or it
        // would get some twice (room behind) or miss some (room ahead: read on, they are stored).
        if ((ctx.rooms.deliveredUpTo(planKey) ?? served) < served) await follower.catchUpRoom(planKey, served, 'gap', plan.events.length);
        const room = ctx.rooms.deliveredUpTo(planKey) ?? served;
        if (room > served) {
          if (page.updates.length > 0) return null;
          // Nothing more to read, yet the room is past the store: reading on would spin without end
          // (every page empty). Only a store that lost seqs under a running relay gets here; what
          // the room is ahead by is stored nowhere, so joining now misses nothing.
          ctx.log('plan.room-ahead-of-store', { conn: conn.id, plan: planKey, room, latest: served });
        }
        // Closed while this task waited in the plan's queue: its 'close' already left every room,
        // so joining now would keep a dead socket in the room for good.
        if (!conn.isOpen()) return CLOSED;
        follower.sendLog(planKey, plan);
        ctx.rooms.join(planKey, conn, served, logSent);
        return served;
      });
      if (seq === CLOSED) return;
      if (seq === null) continue;
      conn.send({ type: 'caught-up', planId, seq });
      ctx.log('plan.subscribed', { conn: conn.id, plan: planKey, afterSeq, delivered: sent, seq });
      return;
    }
  } finally {
    ctx.catchingUp.delete(conn);
  }
}
/** What a catch-up step answers when the socket closed before the connection could join the room. */
const CLOSED = -1;

export function handleUnsubscribe(ctx: RelayContext, conn: Connection, planId: Uint8Array): void {
  const planKey = planKeyOf(planId);
  ctx.rooms.leave(planKey, conn);
  ctx.log('plan.unsubscribed', { conn: conn.id, plan: planKey });
}
