import { isRecoveryKey, ProtocolError } from '@safeplan/schema/protocol';
import type { Connection } from './connection.ts';
import type { RelayContext } from './context.ts';
import { verifyOwnEnvelope } from './handle-publish.ts';
import { notAMember } from './handle-subscribe.ts';
import { authorKeyOf, planKeyOf } from './plan-key.ts';
import { limitLogged } from './limit-hit.ts';
import { presenceBudgetOf } from './presence-budget.ts';
import { withPlanRef } from './error-ref.ts';

/** presence: relayed to the plan's other subscribers (here and on the other relays) as is, never stored, never logged in detail. */
export async function handlePresence(ctx: RelayContext, conn: Connection, bytes: Uint8Array): Promise<void> {
  const env = verifyOwnEnvelope(ctx, conn, bytes);
  if (env.header.kind !== 'presence') throw new ProtocolError('malformed', 'a presence frame carries a presence envelope');
  const planKey = planKeyOf(env.header.planId);
  await withPlanRef(env.header.planId, () => relayPresence(ctx, conn, planKey, env.header.author, env.header.epoch, env.bytes));
}

async function relayPresence(ctx: RelayContext, conn: Connection, planKey: string, author: Uint8Array, epoch: number, bytes: Uint8Array): Promise<void> {
  // Only subscribers of a plan may speak in it; the subscription already proved membership.
  if (!conn.subscriptions.has(planKey)) {
    throw notAMember();
  }
  const plan = await ctx.plans.get(planKey);
  if (plan && epoch !== plan.membership.epoch) {
    throw new ProtocolError('stale-epoch', `epoch ${epoch} is not the current epoch`);
  }
  // A recovery kit's key subscribes only to use the kit: it is nobody present (every client refuses it too).
  if (plan && isRecoveryKey(plan.membership.state, author)) throw new ProtocolError('not-allowed', 'a recovery kit is not present in the plan');
  try {
    presenceBudgetOf(ctx).spend(planKey, authorKeyOf(author), bytes.length);
  } catch (err) {
    limitLogged(ctx, 'presence-budget', { conn: conn.id, bytes: bytes.length });
    throw err;
  }
  ctx.rooms.broadcast(planKey, { type: 'presence', envelope: bytes }, conn);
  // Devices of the plan on other relays: presence is never stored, so it travels on the bus itself.
  if (ctx.bus.kind === 'local') return;
  if (ctx.bus.carriesPresence(bytes.length)) ctx.bus.publish({ type: 'presence', plan: planKey, envelope: bytes, logLength: plan?.events.length ?? 0 });
  else {
    ctx.metrics.count('bus_failures_total', 1, 'presence-too-large');
    ctx.log('bus.presence-too-large', { conn: conn.id, bytes: bytes.length });
  }
}
