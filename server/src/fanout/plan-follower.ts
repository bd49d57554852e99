import { fromBase64Url } from '@safeplan/schema/crypto';
import type { PlanRecord } from '../auth/plan-authority.ts';
import type { RelayContext } from '../relay/context.ts';
import type { BusMessage } from './relay-bus.ts';
import { readAfter } from './read-after.ts';

/**
 * How this relay keeps its rooms and caches in step with what other relays on the same store
 * write. The store is the truth: a notification on the bus only says "there is more", and the
 * room then reads from the store what lies between the seq it was served up to and the new one,
 * in seq order, in the plan's queue (so never twice and never out of order, and never interleaved
 * with this relay's own commits of the plan). A lost notification delays, never loses: the next
 * one, a reconnect of the bus and the periodic poll read the same way.
 *
 * With one relay (the local bus) no room ever lags its own commits, so none of this reads anything.
 */
export interface PlanFollower {
  /**
   * Inside the plan's queue: delivers to the room what the store holds after the room's seq, up
   * to `upTo` (and a snapshot beyond it, when the updates it covers are gone). The member events
   * go first, as on one relay (a device refuses an envelope of an author it does not know yet):
   * from the cache when it holds `logLength` events, else read from the store.
   */
  catchUpRoom(planKey: string, upTo: number, cause: CatchUpCause, logLength?: number): Promise<void>;
  /** Inside the plan's queue: sends the room the member events it lacks; cuts off who left. */
  sendLog(planKey: string, record: PlanRecord): void;
  /** Inside the plan's queue: the member log as the store holds it now, sent on to the room. */
  refreshLog(planKey: string): Promise<PlanRecord | null>;
  /** Catches every room up and forgets cached logs (after the bus lost messages). */
  catchUpAll(cause: CatchUpCause): void;
  close(): void;
}

export type CatchUpCause = 'gap' | 'notified' | 'reconnect' | 'poll';

const followers = new WeakMap<RelayContext, PlanFollower>();

export function planFollowerOf(ctx: RelayContext): PlanFollower {
  let f = followers.get(ctx);
  if (!f) {
    f = createPlanFollower(ctx);
    followers.set(ctx, f);
  }
  return f;
}

function createPlanFollower(ctx: RelayContext): PlanFollower {
  const { rooms, store, queue } = ctx;

  async function catchUpRoom(planKey: string, upTo: number, cause: CatchUpCause, logLength?: number): Promise<void> {
    let from = rooms.deliveredUpTo(planKey);
    if (from === undefined || from >= upTo) return;
    ctx.metrics.count('room_catch_ups_total', 1, cause);
    const cached = ctx.plans.holds(planKey) ? await ctx.plans.get(planKey) : null;
    if (cached && logLength !== undefined && cached.events.length >= logLength) sendLog(planKey, cached);
    else await refreshLog(planKey);
    from = rooms.deliveredUpTo(planKey);
    if (from === undefined) return;
    const planId = fromBase64Url(planKey);
    const { catchUpBatch: batch, catchUpPageBytes: pageBytes } = ctx.limits;
    let delivered = 0;
    for (;;) {
      const page = await readAfter(store, planKey, from, batch, pageBytes);
      // The room may have emptied while the store answered.
      if (rooms.deliveredUpTo(planKey) === undefined) return;
      let high = from;
      if (page.snapshot) {
        rooms.broadcast(planKey, { type: 'deliver', planId, seq: page.snapshot.seq, envelope: page.snapshot.bytes });
        high = Math.max(high, page.snapshot.seq);
        delivered++;
      }
      let bytes = 0;
      let beyond = false;
      // Every update below a delivered snapshot's own seq goes too: the room's seq moves past them.
      const last = page.snapshot ? Math.max(upTo, page.snapshot.seq) : upTo;
      for (const env of page.updates) {
        if (env.seq > last) {
          beyond = true;
          break;
        }
        rooms.broadcast(planKey, { type: 'deliver', planId, seq: env.seq, envelope: env.bytes });
        bytes += env.bytes.length;
        high = Math.max(high, env.seq);
        delivered++;
      }
      from = Math.max(from, page.updates.at(-1)?.seq ?? from, page.snapshot?.coversUpTo ?? from);
      rooms.delivered(planKey, high);
      const more = page.updates.length === batch || bytes >= pageBytes;
      if (beyond || !more || high >= upTo) break;
    }
    const fanout = rooms.subscribers(planKey).length;
    ctx.metrics.count('envelopes_out_total', delivered * fanout);
    ctx.log('room.caught-up', { plan: planKey, cause, delivered, seq: rooms.deliveredUpTo(planKey), fanout });
  }

  function sendLog(planKey: string, record: PlanRecord): void {
    const sent = rooms.logSent(planKey);
    if (sent === undefined || record.events.length <= sent) return;
    const planId = fromBase64Url(planKey);
    rooms.broadcast(planKey, { type: 'log', planId, events: record.events.slice(sent) });
    rooms.setLogSent(planKey, record.events.length);
    for (const sub of rooms.subscribers(planKey)) {
      if (sub.author && !record.membership.isMember(sub.author)) {
        rooms.leave(planKey, sub);
        sub.sendError('not-a-member', 'this device was removed from the plan', planId);
      }
    }
  }

  async function refreshLog(planKey: string): Promise<PlanRecord | null> {
    const record = await ctx.plans.refresh(planKey);
    if (record) sendLog(planKey, record);
    return record;
  }

  /** Queued work of a notification; a failure is logged (the next notification or poll retries). */
  const inQueue = (planKey: string, what: string, work: () => Promise<unknown>) => {
    queue.run(planKey, work).catch((err: unknown) => {
      ctx.metrics.count('bus_failures_total', 1, 'follow');
      ctx.log('bus.follow-failed', { plan: planKey, what, error: err instanceof Error ? err.name : typeof err });
    });
  };

  function onMessage(m: BusMessage): void {
    ctx.metrics.count('bus_messages_in_total', 1, m.type);
    switch (m.type) {
      case 'seq': {
        // The plan's stored bytes grew elsewhere: read them again when the quota next asks.
        ctx.quotas.pruned(m.plan);
        const at = rooms.deliveredUpTo(m.plan);
        if (at !== undefined && at < m.seq) inQueue(m.plan, 'seq', () => catchUpRoom(m.plan, m.seq, 'notified', m.logLength));
        return;
      }
      case 'log':
        if (ctx.plans.holds(m.plan) || rooms.logSent(m.plan) !== undefined) inQueue(m.plan, 'log', () => refreshLog(m.plan));
        return;
      case 'presence':
        // In the plan's queue, after the member events its author's relay had: a device refuses
        // presence of an author it does not know yet, as it would an envelope.
        if (rooms.logSent(m.plan) === undefined) return;
        inQueue(m.plan, 'presence', async () => {
          if ((rooms.logSent(m.plan) ?? Number.POSITIVE_INFINITY) < m.logLength) await refreshLog(m.plan);
          rooms.broadcast(m.plan, { type: 'presence', envelope: m.envelope });
        });
        return;
      default: {
        const never: never = m;
        throw new Error(`unknown bus message ${String((never as { type?: unknown }).type)}`);
      }
    }
  }

  function catchUpAll(cause: CatchUpCause): void {
    // Notifications of plans without a room here may be lost too: their cached logs go.
    ctx.plans.forgetAll();
    for (const planKey of [...rooms.plans()]) {
      // The member log is read again first (catchUpRoom without a known length).
      inQueue(planKey, cause, () => catchUpRoom(planKey, Number.POSITIVE_INFINITY, cause));
    }
  }

  ctx.bus.onMessage(onMessage);
  ctx.bus.onReconnect(() => catchUpAll('reconnect'));
  // The safety net under a channel that drops messages without noticing (none of ours should).
  const poll =
    ctx.bus.kind === 'local' || ctx.limits.busPollMs <= 0
      ? null
      : setInterval(() => {
          for (const planKey of [...rooms.plans()]) {
            inQueue(planKey, 'poll', async () => {
              const record = await refreshLog(planKey);
              const latest = await store.latestSeq(planKey);
              if (latest > (rooms.deliveredUpTo(planKey) ?? latest)) await catchUpRoom(planKey, latest, 'poll', record?.events.length);
            });
          }
        }, ctx.limits.busPollMs);
  poll?.unref();

  return {
    catchUpRoom,
    sendLog,
    refreshLog,
    catchUpAll,
    close: () => {
      if (poll) clearInterval(poll);
    },
  };
}
