import * as Y from 'yjs';
import { NonceSource, toBase64Url, type Sodium } from '@safeplan/schema/crypto';
import { sealEnvelope } from '@safeplan/schema/protocol';
import { ChainLinks, sealOwn } from '../../client/src/sync/chain-links.ts';
import { encodeSnapshotContent } from '../../client/src/sync/snapshot-content.ts';
import type { TraceEdit } from '../trace.ts';
import type { BenchClient, SharedPlan } from './relay-client.ts';
import { TraceAuthor } from './trace-author.ts';

export interface PublishOptions {
  /** Envelopes sent before waiting for acks. */
  window: number;
  /** Write a snapshot after this many updates, as the engine does (0 = never). */
  snapshotEvery: number;
  /**
   * A second writer's connection that confirms each snapshot once acked, as that writer's engine
   * does after comparing it (docs/protocol.md "Snapshots"); without it the relay keeps the
   * snapshot as a proposal and serves every update. The bench does not compare.
   */
  confirmWith?: BenchClient;
  /**
   * Seal updates as the engine does (its sealOwn: header version 4, log position and the author
   * chain, docs/protocol.md "Author chains"); without it, version 2 headers that readers check one by one.
   */
  chain?: boolean;
}

/** Where the updates come from: the i-th update, and the document made by those handed out so far. */
export interface UpdateSource {
  count: number;
  update(i: number): Uint8Array;
  doc: Y.Doc;
}

/**
 * Publishes updates from one device, one envelope each, pipelined. Snapshots follow the engine's
 * rule (plan-session.ts): only with nothing in flight, so the snapshot's state is exactly what its
 * `coversUpTo` says, with the author's update clock in its content.
 */
export async function publishUpdates(
  s: Sodium,
  conn: BenchClient,
  plan: SharedPlan,
  source: UpdateSource,
  options: PublishOptions,
): Promise<{ snapshots: number; lastSeq: number }> {
  const keys = conn.device.sign;
  const nonces = NonceSource.random(s);
  let sent = 0;
  let acked = 0;
  let lastSeq = 0;
  let snapshots = 0;
  let sinceSnapshot = 0;
  let snapshotInFlight = false;
  let lastUpdate: Uint8Array | null = null;
  const links = new ChainLinks(s);
  const snapshotDue = () => options.snapshotEvery > 0 && sinceSnapshot >= options.snapshotEvery;
  await new Promise<void>((resolve, reject) => {
    const pump = () => {
      if (snapshotInFlight) return;
      if (snapshotDue() && acked === sent) {
        const me = toBase64Url(keys.publicKey);
        // The clock is proven by the envelope that carries it, as the engine does.
        const content = encodeSnapshotContent({
          state: Y.encodeStateAsUpdate(source.doc),
          contributions: new Uint8Array(0),
          clocks: new Map([[me, sent]]),
          proofs: lastUpdate ? new Map([[me, lastUpdate]]) : new Map(),
        });
        const envelope = sealEnvelope(s, { planId: plan.planId, epoch: 0, author: keys, clock: ++snapshots, kind: 'snapshot', coversUpTo: lastSeq }, plan.epochKey, content, nonces);
        snapshotInFlight = true;
        sinceSnapshot = 0;
        conn.send({ type: 'publish', envelope });
        return;
      }
      while (sent < source.count && sent - acked < options.window && !snapshotDue()) {
        const update = source.update(sent);
        sent++;
        sinceSnapshot++;
        const header = { planId: plan.planId, epoch: 0, author: keys, clock: sent, kind: 'update' as const };
        const envelope = options.chain
          ? sealOwn(s, links, { ...header, logPosition: plan.state.length }, plan.epochKey, update, nonces)
          : sealEnvelope(s, header, plan.epochKey, update, nonces);
        lastUpdate = envelope;
        conn.send({ type: 'publish', envelope });
      }
      if (acked === source.count) resolve();
    };
    conn.onFrame = (frame) => {
      if (frame.type === 'ack') {
        lastSeq = Math.max(lastSeq, frame.seq);
        if (snapshotInFlight) {
          snapshotInFlight = false;
          options.confirmWith?.send({ type: 'confirm-snapshot', planId: plan.planId, seq: frame.seq });
        } else acked++;
        pump();
      } else if (frame.type === 'error') {
        reject(new Error(`relay refused an envelope: ${frame.code} ${frame.detail}`));
      }
    };
    pump();
  });
  return { snapshots, lastSeq };
}

/** Trace edits as an update source: each edit is made on a Y.Text when it is handed out. */
export function traceSource(edits: readonly TraceEdit[]): UpdateSource & { author: TraceAuthor } {
  const author = new TraceAuthor();
  return { count: edits.length, update: (i) => author.edit(edits[i]!), doc: author.doc, author };
}

/** Ready-made updates (e.g. a plan's history), applied to a mirror doc as they are handed out. */
export function listSource(updates: readonly Uint8Array[]): UpdateSource {
  const doc = new Y.Doc();
  return {
    count: updates.length,
    update: (i) => {
      Y.applyUpdate(doc, updates[i]!);
      return updates[i]!;
    },
    doc,
  };
}
