import * as Y from 'yjs';
import { updateYFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { ready, toBase64Url } from '@safeplan/schema/crypto';
import { planSchema } from '@safeplan/schema/plan';
import { seededRandom, testSeed } from '../schema/src/protocol/testing/seeded-random.ts';
import { createMemoryStore } from '../client/src/storage/memory-kv.ts';
import { createPlanLibrary } from '../client/src/sync/index.ts';
import { PLAN_FIELD } from '../client/src/review/plan-seed.ts';
import { startChildRelay } from './support/child-relay.ts';
import { planHistory } from './support/plan-history.ts';
import { PlanReader } from './support/reader.ts';
import { BenchClient, createSharedPlan } from './support/relay-client.ts';
import { emit, envInt, note, round } from './support/report.ts';
import { profileSpan } from './support/profile-span.ts';
import { percentile, timed } from './support/stats.ts';
import { listSource, publishUpdates } from './support/trace-publisher.ts';

/**
 * Cold open of a plan after 18 months of use (support/plan-history.ts), to the point where the
 * editor has its ProseMirror document: from this device's store through the sync engine, and from
 * the relay as a device that has nothing yet. Also: what the relay stores for it, against the size
 * of the plaintext Yjs document.
 */
const OPEN_STORE_TARGET_MS = 150;
const OPEN_RELAY_TARGET_MS = 300;
const STORED_RATIO_TARGET = 2;
const days = envInt('BENCH_OPEN_DAYS', 548);
const runs = envInt('BENCH_OPEN_RUNS', 5);
const seed = testSeed();
const s = await ready();
const schema = planSchema();

// The history as one Yjs update per day, made the way the editor binding writes: y-tiptap's
// updateYFragment diffs each day's ProseMirror document into the shared fragment.
note(`open-plan: generating ${days} days (seed ${seed})`);
const truth = new Y.Doc();
const fragment = truth.getXmlFragment(PLAN_FIELD);
const meta = { mapping: new Map(), isOMark: new Map() };
const dayUpdates: Uint8Array[] = [];
let collected: Uint8Array[] = [];
truth.on('update', (u: Uint8Array) => collected.push(u));
for (const { json } of planHistory(seededRandom(seed), days)) {
  updateYFragment(truth, fragment, schema.nodeFromJSON(json), meta);
  if (collected.length > 0) dayUpdates.push(collected.length === 1 ? collected[0]! : Y.mergeUpdates(collected));
  collected = [];
}
const plaintextBytes = Y.encodeStateAsUpdate(truth).length;
const expectedJSON = JSON.stringify(yXmlFragmentToProseMirrorRootNode(fragment, schema).toJSON());
const toEditor = (doc: Y.Doc) => yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment(PLAN_FIELD), schema);

async function openFromStore(): Promise<{ ms: number; identical: boolean; envelopes: number }> {
  const kv = createMemoryStore();
  const session = await createPlanLibrary({ kv }).create({ title: 'Plan', displayName: 'Anouk' });
  for (const update of dayUpdates) {
    Y.applyUpdate(session.doc, update);
    // One editing session per day: let the engine's 30 ms batcher close each day's envelope.
    await new Promise((r) => setTimeout(r, 40));
  }
  await session.close();
  const envelopes = [...(await kv.keys(`plans/${session.planId}/`))].filter((k) => /\/(pending|seq)\//.test(k)).length;
  const times: number[] = [];
  let identical = true;
  await profileSpan('open-plan-store', async () => {
    for (let run = 0; run < runs; run++) {
      // A new library on the same store: nothing of the plan is in memory.
      const { ms, value } = await timed(async () => {
        const opened = await createPlanLibrary({ kv }).open(session.planId);
        const pm = toEditor(opened.doc);
        await opened.close();
        return JSON.stringify(pm.toJSON()) === expectedJSON;
      });
      times.push(ms);
      identical &&= value;
    }
  });
  return { ms: percentile(times, 50), identical, envelopes };
}

async function openFromRelay(): Promise<{ ms: number; identical: boolean; deliveries: number; stored: number; snapshots: number }> {
  // Publishing 18 months at once (set-up, untimed) is above the per-connection rate limit.
  const relay = await startChildRelay('safeplan', { limits: { framesPerSecond: 1e9, burstFrames: 1e9, bytesPerSecond: 1e12, burstBytes: 1e12, maxPlanBytes: 1e12 } });
  try {
    const plan = await createSharedPlan(s, relay.url(), 2);
    const [aKeys, bKeys] = plan.members as [(typeof plan.members)[0], (typeof plan.members)[0]];
    const a = await BenchClient.open(relay.url(), s, aKeys);
    await a.subscribe(plan.planId);
    // B is online meanwhile and confirms each snapshot (a plan with two writers).
    const confirmer = await BenchClient.open(relay.url(), s, bKeys);
    const { snapshots } = await publishUpdates(s, a, plan, listSource(dayUpdates), { window: 64, snapshotEvery: 200, confirmWith: confirmer });
    await a.close();
    await confirmer.subscribe(plan.planId); // after the confirmations in the plan's queue
    await confirmer.close();
    const bytes = await relay.storedBytes(toBase64Url(plan.planId));
    const times: number[] = [];
    let identical = true;
    let deliveries = 0;
    for (let run = 0; run < runs; run++) {
      const reader = new PlanReader(s, plan);
      deliveries = 0;
      const { ms, value } = await timed(async () => {
        const b = await BenchClient.open(relay.url(), s, bKeys);
        b.onFrame = (frame) => {
          if (frame.type !== 'deliver') return;
          deliveries++;
          reader.apply(frame.envelope);
        };
        await b.subscribe(plan.planId);
        const pm = toEditor(reader.doc);
        await b.close();
        return JSON.stringify(pm.toJSON()) === expectedJSON;
      });
      times.push(ms);
      identical &&= value;
    }
    return { ms: percentile(times, 50), identical, deliveries, stored: bytes.envelopes + bytes.snapshot + bytes.log, snapshots };
  } finally {
    await relay.stop();
  }
}

note(`open-plan: ${dayUpdates.length} daily updates, plaintext Yjs document ${plaintextBytes} bytes`);
const store = await openFromStore();
const fromRelay = await openFromRelay();
const storedRatio = fromRelay.stored / plaintextBytes;
emit({
  bench: 'open-plan',
  days,
  seed,
  runs,
  plaintextYjsBytes: plaintextBytes,
  storeOpenMs: round(store.ms),
  storeEnvelopes: store.envelopes,
  relayOpenMs: round(fromRelay.ms),
  relayDeliveries: fromRelay.deliveries,
  relaySnapshotsWritten: fromRelay.snapshots,
  relayStoredBytes: fromRelay.stored,
  storedRatio: round(storedRatio, 2),
  identical: store.identical && fromRelay.identical,
  target: `store <= ${OPEN_STORE_TARGET_MS} ms, relay <= ${OPEN_RELAY_TARGET_MS} ms, relay bytes <= ${STORED_RATIO_TARGET} x plaintext Yjs`,
  met:
    store.ms <= OPEN_STORE_TARGET_MS &&
    fromRelay.ms <= OPEN_RELAY_TARGET_MS &&
    storedRatio <= STORED_RATIO_TARGET &&
    store.identical &&
    fromRelay.identical,
});
