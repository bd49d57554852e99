import { ProtocolError, verifyEnvelope, type VerifiedEnvelope } from '@safeplan/schema/protocol';
import { judgeClock } from '../auth/clock-check.ts';
import { digestOf } from '../store/sqlite-store.ts';
import { KIND_SNAPSHOT, KIND_UPDATE } from '../store/relay-store.ts';
import type { Connection } from './connection.ts';
import type { RelayContext } from './context.ts';
import { withPlanRef } from './error-ref.ts';
import { requireMember } from './handle-subscribe.ts';
import { authorKeyOf, planKeyOf } from './plan-key.ts';

/** Shape, signature and authorship: what holds for every envelope from this connection. */
export function verifyOwnEnvelope(ctx: RelayContext, conn: Connection, bytes: Uint8Array): VerifiedEnvelope {
  const env = verifyEnvelope(ctx.sodium, bytes);
  const author = conn.author as Uint8Array;
  if (authorKeyOf(env.header.author) !== authorKeyOf(author)) {
    throw new ProtocolError('wrong-author', 'the envelope names another device than this connection');
  }
  return env;
}

/**
 * publish: check everything the relay can check without keys, store, and only after the commit
 * ack the sender and deliver to the other subscribers. Never decrypts, never applies.
 */
export async function handlePublish(ctx: RelayContext, conn: Connection, bytes: Uint8Array): Promise<void> {
  const env = verifyOwnEnvelope(ctx, conn, bytes);
  const { header } = env;
  if (header.kind === 'presence') throw new ProtocolError('malformed', 'presence goes in a presence frame');
  const planKey = planKeyOf(header.planId);
  const author = authorKeyOf(header.author);
  const kind = header.kind === 'snapshot' ? KIND_SNAPSHOT : KIND_UPDATE;

  await withPlanRef(header.planId, () => ctx.queue.run(planKey, async () => {
    const plan = await requireMember(ctx, planKey, header.author);
    if (!plan.membership.mayWrite(header.author)) throw new ProtocolError('not-allowed', 'this role may not write');
    if (header.epoch !== plan.membership.epoch) {
      throw new ProtocolError('stale-epoch', `epoch ${header.epoch} is not the current epoch`);
    }
    const digest = digestOf(env.bytes);
    const last = await ctx.store.lastReceipt(planKey, author, kind);
    const atClock = last && header.clock <= last.clock ? await ctx.store.receiptAt(planKey, author, kind, header.clock) : null;
    const verdict = judgeClock(header.clock, last, atClock, digest);
    if (verdict.kind === 'replayed') throw new ProtocolError('replayed', `clock ${header.clock} was already used`);
    if (verdict.kind === 'clock-gap') throw new ProtocolError('clock-gap', `expected clock ${verdict.expected}`);
    if (verdict.kind === 'resend') {
      conn.send({ type: 'ack', planId: header.planId, author: header.author, clock: header.clock, seq: verdict.seq });
      ctx.log('envelope.reacked', { conn: conn.id, plan: planKey, kind: header.kind, seq: verdict.seq });
      return;
    }
    if (kind === KIND_SNAPSHOT) {
      const latest = await ctx.store.latestSeq(planKey);
      if ((header.coversUpTo ?? 0) > latest) throw new ProtocolError('malformed', 'snapshot covers seqs that do not exist');
    }

    let seq: number;
    try {
      seq = await ctx.store.appendEnvelope({
        planId: planKey,
        author,
        kind,
        clock: header.clock,
        epoch: header.epoch,
        coversUpTo: header.coversUpTo,
        bytes: env.bytes,
      });
    } catch (err) {
      ctx.log('store.failed', { conn: conn.id, plan: planKey, reason: err instanceof Error ? err.name : 'unknown' });
      throw new ProtocolError('internal', 'the relay could not store the envelope; retry');
    }
    conn.send({ type: 'ack', planId: header.planId, author: header.author, clock: header.clock, seq });
    const fanout = ctx.rooms.broadcast(planKey, { type: 'deliver', planId: header.planId, seq, envelope: env.bytes }, conn);
    ctx.log('envelope.stored', { conn: conn.id, plan: planKey, kind: header.kind, seq, bytes: env.bytes.length, fanout });
  }));
}
