import { updateYFragment } from '@tiptap/y-tiptap';
import { generateDeviceKeys, NonceSource, ready, toBase64Url } from '@safeplan/schema/crypto';
import { planSchema } from '@safeplan/schema/plan';
import { sealEnvelope } from '@safeplan/schema/protocol';
import { seededRandom, testSeed } from '../schema/src/protocol/testing/seeded-random.ts';
import { PLAN_FIELD } from '../client/src/review/plan-seed.ts';
import { applySnapshotContent, newPlanDocs, sameContent, snapshotContentOf } from '../client/src/sync/plan-docs.ts';
import { decodeSnapshotContent, encodeSnapshotContent } from '../client/src/sync/snapshot-content.ts';
import { clocksAreProven } from '../client/src/sync/snapshot-proofs.ts';
import { planHistory } from './support/plan-history.ts';
import { emit, envInt, note, round } from './support/report.ts';
import { percentile, timed } from './support/stats.ts';

/**
 * What the snapshot checks of issue 10 cost a device (client/src/sync/relay-snapshots.ts), on the
 * open-plan bench's 18-month plan: proving the clock table (one Ed25519 verify per author) and a
 * holder's comparison (a copy of both documents from the snapshot, then Y.equalSnapshots), against
 * what taking a snapshot in cost before (merging it into the documents; a holder now skips that).
 * They run once per snapshot, i.e. once per SNAPSHOT_EVERY (200) relay envelopes; the per-envelope
 * figures are the difference divided by 200.
 */
const days = envInt('BENCH_OPEN_DAYS', 548);
const runs = envInt('BENCH_SNAPSHOT_CHECK_RUNS', 15);
const authors = envInt('BENCH_SNAPSHOT_CHECK_AUTHORS', 8);
const seed = testSeed();
const s = await ready();
const schema = planSchema();

note(`snapshot-checks: generating ${days} days (seed ${seed}), ${authors} authors`);
const docs = newPlanDocs();
const meta = { mapping: new Map(), isOMark: new Map() };
for (const { json } of planHistory(seededRandom(seed), days)) {
  updateYFragment(docs.plan, docs.plan.getXmlFragment(PLAN_FIELD), schema.nodeFromJSON(json), meta);
}
docs.contributions.getArray('log').push(Array.from({ length: days }, (_, i) => `dag ${i}`));

const planId = s.randombytes_buf(16);
const key = s.randombytes_buf(32);
const nonces = NonceSource.random(s);
const clocks = new Map<string, number>();
const proofs = new Map<string, Uint8Array>();
for (let i = 0; i < authors; i++) {
  const device = generateDeviceKeys(s);
  const clock = 100 + i;
  const author = toBase64Url(device.sign.publicKey);
  clocks.set(author, clock);
  proofs.set(author, sealEnvelope(s, { planId, epoch: 0, author: device.sign, clock, kind: 'update' }, key, new Uint8Array([0, 0]), nonces));
}
const bytes = encodeSnapshotContent(snapshotContentOf(docs, clocks, proofs));

const apply: number[] = [];
/** What a holder paid before: merging a snapshot whose every item it already has. */
const applyKnown: number[] = [];
const holderDocs = newPlanDocs();
applySnapshotContent(holderDocs, decodeSnapshotContent(bytes), null);
const prove: number[] = [];
const compare: number[] = [];
for (let run = 0; run < runs; run++) {
  const content = decodeSnapshotContent(bytes);
  apply.push(
    (
      await timed(async () => {
        const fresh = newPlanDocs();
        applySnapshotContent(fresh, content, null);
      })
    ).ms,
  );
  applyKnown.push((await timed(async () => applySnapshotContent(holderDocs, content, null))).ms);
  const proven = await timed(async () => clocksAreProven(s, planId, content));
  if (!proven.value) throw new Error('the proofs must hold');
  prove.push(proven.ms);
  const same = await timed(async () => {
    const copy = newPlanDocs();
    applySnapshotContent(copy, content, null);
    return sameContent(copy, docs);
  });
  if (!same.value) throw new Error('the copy must equal the documents');
  compare.push(same.ms);
}
const p50 = (xs: number[]) => round(percentile(xs, 50), 3);
// Before, every device merged the snapshot into its documents. Now a device that holds what the
// snapshot covers proves and compares instead (it skips the merge: the documents equal it), and
// any other device proves and then merges.
const holderExtra = percentile(prove, 50) + percentile(compare, 50) - percentile(applyKnown, 50);
const otherExtra = percentile(prove, 50);
emit({
  bench: 'snapshot-checks',
  days,
  seed,
  runs,
  authors,
  snapshotBytes: bytes.length,
  applyBeforeMs: p50(apply),
  holderApplyBeforeMs: p50(applyKnown),
  proveClocksMs: p50(prove),
  holderCompareMs: p50(compare),
  holderExtraPerEnvelopeUs: round((holderExtra * 1000) / 200, 1),
  otherExtraPerEnvelopeUs: round((otherExtra * 1000) / 200, 1),
  target: 'measured: what proving and comparing add per snapshot, amortised over 200 envelopes',
  met: true,
});
