import { ProtocolError, writeStanding, type VerifiedEnvelope } from '@safeplan/schema/protocol';
import { judgeClock } from '../auth/clock-check.ts';
import { digestOf } from '../store/sqlite-store.ts';
import { KIND_SNAPSHOT, KIND_UPDATE, StaleLogError, type NewEnvelope, type Receipt } from '../store/relay-store.ts';
import { planFollowerOf } from '../fanout/plan-follower.ts';
import type { Connection } from './connection.ts';
import type { RelayContext } from './context.ts';
import { requireMember } from './handle-subscribe.ts';
import { limitLogged } from './limit-hit.ts';
import { refuse } from './refuse.ts';
import { snapshotTrusted } from './snapshot-trust.ts';
import { authorKeyOf, planKeyOf } from './plan-key.ts';

/** What one `envelope.stored` log line says about a committed batch (one per kind). */
interface BatchLine {
  count: number;
  firstSeq: number | undefined;
  lastSeq: number;
  bytes: number;
  fanout: number;
  conn: string | undefined;
  conns: boolean;
}
const newBatchLine = (): BatchLine => ({ count: 0, firstSeq: undefined, lastSeq: 0, bytes: 0, fanout: 0, conn: undefined, conns: false });

interface Submitted {
  conn: Connection;
  env: VerifiedEnvelope;
}

interface Accepted extends Submitted {
  record: NewEnvelope;
  /** Other connections that sent this very envelope in the same batch (a resend after a reconnect). */
  alsoAck: Connection[];
}

/**
 * Publishes of one plan are checked in arrival order and then stored together: everything that
 * arrived while the previous commit was running goes into the next one. Clocks are judged against
 * the store plus what this batch already accepted, so a batch commits all or nothing and never
 * leaves a gap. Acks and deliveries go out after the commit, in seq order.
 */
export interface PublishPipeline {
  submit(conn: Connection, env: VerifiedEnvelope): void;
}

const pipelines = new WeakMap<RelayContext, PublishPipeline>();

/** A batch judged again this often on a log other relays keep extending is refused (`internal`: retry). */
const MAX_LOG_RETRIES = 3;

export function publishPipelineOf(ctx: RelayContext): PublishPipeline {
  let p = pipelines.get(ctx);
  if (!p) {
    p = createPublishPipeline(ctx);
    pipelines.set(ctx, p);
  }
  return p;
}

function createPublishPipeline(ctx: RelayContext): PublishPipeline {
  const buffers = new Map<string, Submitted[]>();

  const refuseOne = (conn: Connection, err: unknown, planId: Uint8Array) => refuse(ctx, conn, err, { type: 'publish', ref: planId });

  async function check(planKey: string, batch: Submitted[]): Promise<Accepted[]> {
    const accepted: Accepted[] = [];
    // author|kind → newest receipt, counting what this batch already accepted (seq still unknown).
    // Not per channel: a device's updates on both channels share one clock sequence.
    const lastOf = new Map<string, Receipt | null>();
    const inBatch = new Map<string, Accepted>();
    let latestSeq: number | null = null;
    let batchBytes = 0;
    // The plan's stored bytes cannot change while the plan's queue runs this check: read them once.
    let planBytesBefore: number | null = null;
    for (const item of batch) {
      const { header } = item.env;
      try {
        const plan = await requireMember(ctx, planKey, header.author);
        if (!plan.membership.mayWrite(header.author, header.channel)) {
          throw new ProtocolError('not-allowed', `this role may not write on channel ${header.channel}`);
        }
        if (header.epoch !== plan.membership.epoch) {
          throw new ProtocolError('stale-epoch', `epoch ${header.epoch} is not the current epoch`);
        }
        // The signed log position (header v3): the same rule every client applies (writeStanding).
        const clock = header.kind === 'update' ? header.clock : undefined;
        const standing = writeStanding(plan.membership.state, header.author, header.epoch, header.channel, header.logPosition, clock);
        // A position beyond the relay's log (it lost events the device holds and is about to push) or
        // an epoch that does not fit it: 'stale-epoch', on which a member's engine reconnects and sends again.
        if (standing === 'log-position') throw new ProtocolError('stale-epoch', 'the log position does not fit this log (log-position)');
        if (standing) throw new ProtocolError('not-allowed', `the log position does not allow this write (${standing})`);
        const author = authorKeyOf(header.author);
        const kind = header.kind === 'snapshot' ? KIND_SNAPSHOT : KIND_UPDATE;
        const key = `${author}|${kind}`;
        const digest = digestOf(item.env.bytes);
        if (!lastOf.has(key)) lastOf.set(key, await ctx.store.lastReceipt(planKey, author, kind));
        const last = lastOf.get(key) ?? null;
        const twin = inBatch.get(`${key}|${header.clock}`);
        if (twin) {
          // The same clock twice in one batch: a resend racing its own first copy. One ack per
          // connection: the first copy's may be a socket that is already gone.
          if (twin.record.digest !== digest) throw new ProtocolError('replayed', `clock ${header.clock} was already used`);
          if (item.conn !== twin.conn && !twin.alsoAck.includes(item.conn)) twin.alsoAck.push(item.conn);
          continue;
        }
        const atClock =
          last && header.clock <= last.clock ? await ctx.store.receiptAt(planKey, author, kind, header.clock) : null;
        const verdict = judgeClock(header.clock, last, atClock, digest);
        if (verdict.kind === 'replayed') throw new ProtocolError('replayed', `clock ${header.clock} was already used`);
        if (verdict.kind === 'clock-gap') throw new ProtocolError('clock-gap', `expected clock ${verdict.expected}`);
        if (verdict.kind === 'resend') {
          item.conn.send({ type: 'ack', planId: header.planId, author: header.author, clock: header.clock, seq: verdict.seq });
          ctx.log('envelope.reacked', { conn: item.conn.id, plan: planKey, kind: header.kind, seq: verdict.seq });
          continue;
        }
        if (kind === KIND_UPDATE) {
          // Snapshots pass: a new version replaces what it covers, which is how a full plan shrinks.
          const used = (planBytesBefore ??= await ctx.quotas.planBytes(planKey)) + batchBytes;
          if (used + item.env.bytes.length > ctx.limits.maxPlanBytes) {
            limitLogged(ctx, 'plan-full', { conn: item.conn.id, planBytes: used, bytes: item.env.bytes.length, limit: ctx.limits.maxPlanBytes });
            throw new ProtocolError('plan-full', 'this plan holds as much as the relay allows; an owner can set a new version');
          }
          batchBytes += item.env.bytes.length;
        }
        if (kind === KIND_SNAPSHOT) {
          latestSeq ??= await ctx.store.latestSeq(planKey);
          if ((header.coversUpTo ?? 0) > latestSeq + accepted.length) {
            throw new ProtocolError('malformed', 'snapshot covers seqs that do not exist');
          }
        }
        const record: NewEnvelope = {
          planId: planKey,
          author,
          kind,
          clock: header.clock,
          epoch: header.epoch,
          coversUpTo: header.coversUpTo,
          // Counted, never inspected: the relay cannot read a snapshot (snapshot-trust.ts).
          trusted: kind === KIND_SNAPSHOT && snapshotTrusted(plan.membership.state, header.author),
          bytes: item.env.bytes,
          digest,
          // Only a shared store needs it (relay-store.ts): with one relay the cache is the truth.
          logLength: ctx.bus.kind === 'local' ? undefined : plan.events.length,
        };
        const entry: Accepted = { ...item, record, alsoAck: [] };
        accepted.push(entry);
        inBatch.set(`${key}|${header.clock}`, entry);
        lastOf.set(key, { clock: header.clock, seq: -1, digest });
      } catch (err) {
        refuseOne(item.conn, err, header.planId);
      }
    }
    return accepted;
  }

  /** Resolves false (when `mayRetry`) if the store refused the batch as checked on a stale member log. */
  async function commit(planKey: string, accepted: Accepted[], mayRetry: boolean): Promise<boolean> {
    if (accepted.length === 0) return true;
    let seqs: number[];
    try {
      seqs = await ctx.store.appendEnvelopes(accepted.map((a) => a.record));
    } catch (err) {
      if (err instanceof StaleLogError && mayRetry) return false;
      for (const a of accepted) {
        ctx.log('store.failed', { conn: a.conn.id, plan: planKey, reason: err instanceof Error ? err.name : 'unknown' });
        for (const conn of [a.conn, ...a.alsoAck]) {
          refuseOne(conn, new ProtocolError('internal', 'the relay could not store the envelope; retry'), a.env.header.planId);
        }
      }
      return true;
    }
    let updateBytes = 0;
    for (const a of accepted) {
      if (a.record.kind === KIND_SNAPSHOT) ctx.quotas.pruned(planKey);
      else updateBytes += a.record.bytes.length;
    }
    ctx.quotas.stored(planKey, updateBytes);
    ctx.metrics.count('envelopes_in_total', accepted.length);
    const highest = Math.max(...seqs);
    // Every envelope of the batch was judged on the same log: the store would have refused a stale one.
    // (Set only when other relays share the store: then it is also what they need to hear.)
    const logLength = accepted[0]!.record.logLength;
    if (logLength !== undefined) ctx.bus.publish({ type: 'seq', plan: planKey, seq: highest, logLength });
    // In seq order (a resend another relay stored first keeps its older seq). Another relay may
    // have stored seqs just below one of ours: the room gets them first, from the store, so every
    // device hears of each seq in order (an ack above a seq it never got would make it skip that one).
    const inOrder = accepted.map((a, i) => ({ a, seq: seqs[i]! })).sort((x, y) => x.seq - y.seq);
    // One write per socket for the whole batch: under load a batch holds hundreds of envelopes.
    const corked = new Set<Connection>(ctx.rooms.subscribers(planKey));
    for (const a of accepted) for (const conn of [a.conn, ...a.alsoAck]) corked.add(conn);
    for (const conn of corked) conn.cork();
    // One log line per kind and batch, not per envelope: under load a batch holds dozens.
    const logged = { update: newBatchLine(), snapshot: newBatchLine() };
    try {
      for (const { a, seq } of inOrder) {
        const { header } = a.env;
        const room = ctx.rooms.deliveredUpTo(planKey);
        if (room !== undefined && room < seq - 1) {
          // The catch-up reads the store page by page and sends each page: uncorked, so its pages
          // leave as they are read (catchUpPageBytes holds) and the acks already due go first.
          for (const conn of corked) conn.uncork();
          await planFollowerOf(ctx).catchUpRoom(planKey, seq - 1, 'gap', logLength);
          for (const conn of corked) conn.cork();
        }
        const ack = { type: 'ack', planId: header.planId, author: header.author, clock: header.clock, seq } as const;
        for (const conn of [a.conn, ...a.alsoAck]) conn.send(ack);
        // Already delivered: another relay stored it first (a resend) or a snapshot it covers came first.
        const served = ctx.rooms.deliveredUpTo(planKey);
        const fanout = served !== undefined && seq <= served ? 0 : ctx.rooms.broadcast(planKey, { type: 'deliver', planId: header.planId, seq, envelope: a.env.bytes }, a.conn);
        ctx.rooms.delivered(planKey, seq);
        ctx.metrics.count('envelopes_out_total', fanout);
        const line = a.record.kind === KIND_SNAPSHOT ? logged.snapshot : logged.update;
        line.count++;
        line.firstSeq ??= seq;
        line.lastSeq = seq;
        line.bytes += a.env.bytes.length;
        line.fanout += fanout;
        if (line.conn === undefined) line.conn = a.conn.id;
        else if (line.conn !== a.conn.id) line.conns = true;
      }
    } finally {
      for (const conn of corked) conn.uncork();
    }
    for (const [kind, line] of Object.entries(logged)) {
      if (line.count === 0) continue;
      // `conn` only when one connection sent the whole batch (ids, never keys or names).
      ctx.log('envelope.stored', { conn: line.conns ? undefined : line.conn, plan: planKey, kind, count: line.count, seq: line.firstSeq, lastSeq: line.lastSeq, bytes: line.bytes, fanout: line.fanout });
    }
    return true;
  }

  async function drain(planKey: string): Promise<void> {
    const buffer = buffers.get(planKey)!;
    while (buffer.length > 0) {
      const taken: Submitted[] = buffer.splice(0);
      let batch = taken;
      try {
        for (let attempt = 1; ; attempt++) {
          const accepted = await check(planKey, batch);
          if (await commit(planKey, accepted, attempt < MAX_LOG_RETRIES)) break;
          // Checked against a log another relay has since extended: take in its events (the room
          // hears of them too) and judge what was accepted again, on the log as it is now. What was
          // refused or re-acked stays answered.
          await planFollowerOf(ctx).refreshLog(planKey);
          batch = accepted.flatMap((a) => [{ conn: a.conn, env: a.env }, ...a.alsoAck.map((conn) => ({ conn, env: a.env }))]);
        }
      } finally {
        // Every envelope of the batch is answered now (ack, re-ack or refusal): out of the input budget.
        for (const { conn, env } of taken) ctx.input.give(conn, env.bytes.length);
      }
    }
    buffers.delete(planKey);
  }

  return {
    submit(conn, env) {
      // Held until answered: the frame's own bytes leave the budget once it is handled, which is now.
      ctx.input.take(conn, env.bytes.length);
      const planKey = planKeyOf(env.header.planId);
      const buffer = buffers.get(planKey);
      if (buffer) {
        buffer.push({ conn, env });
        return;
      }
      buffers.set(planKey, [{ conn, env }]);
      void ctx.queue.run(planKey, () => drain(planKey)).catch((err: unknown) => {
        ctx.log('frame.failed', { frame: 'publish', error: err instanceof Error ? err.name : typeof err });
        for (const waiting of buffers.get(planKey) ?? []) ctx.input.give(waiting.conn, waiting.env.bytes.length);
        buffers.delete(planKey);
      });
    },
  };
}
