import { generateDeviceKeys, NonceSource, ready } from '@safeplan/schema/crypto';
import { openEnvelope, sealEnvelope, verifyEnvelope } from '@safeplan/schema/protocol';
import * as Y from 'yjs';
import { startChildRelay } from './support/child-relay.ts';
import { BenchClient, createSharedPlan } from './support/relay-client.ts';
import { PlanReader } from './support/reader.ts';
import { emit, envInt, note, round } from './support/report.ts';
import { measureSerialCryptoLimit } from './support/serial-crypto-limit.ts';
import { TraceAuthor } from './support/trace-author.ts';
import { applyToString, loadTrace } from './trace.ts';

/**
 * B4 through the whole pipeline: every trace edit becomes its own envelope (encrypt, sign), goes
 * through the real relay (verify, store, fan-out) to a second device (verify, decrypt, apply).
 * Judged against the serial crypto limit of this machine, measured in the same run
 * (support/serial-crypto-limit.ts), and against 5,000/s where that limit allows it.
 */
const TARGET_PER_SECOND = 5000;
const TARGET_LIMIT_RATIO = 0.8;
const trace = loadTrace();
// Default: the first 20,000 edits, so the whole set stays under 10 minutes on this machine while
// each envelope is an fsync'd commit on the relay (docs/performance.md); BENCH_B4_EDITS=259778
// runs the whole trace.
const count = Math.min(envInt('BENCH_B4_EDITS', 20_000), trace.edits.length);
const window = envInt('BENCH_B4_WINDOW', 256);
const s = await ready();

// One device publishing a quarter of a million frames is far above the per-connection rate limit
// (50/s, an abuse guard); it is lifted for this relay so the pipeline, not the guard, is measured.
const relay = await startChildRelay('safeplan', { limits: { framesPerSecond: 1e9, burstFrames: 1e9, bytesPerSecond: 1e12, burstBytes: 1e12, maxPlanBytes: 1e12 } });
try {
  const plan = await createSharedPlan(s, relay.url(), 2);
  const [authorKeys, readerKeys] = plan.members as [typeof plan.members[0], typeof plan.members[0]];
  const writer = await BenchClient.open(relay.url(), s, authorKeys);
  const receiver = await BenchClient.open(relay.url(), s, readerKeys);
  const reader = new PlanReader(s, plan);
  await receiver.subscribe(plan.planId);
  await writer.subscribe(plan.planId);

  const author = new TraceAuthor();
  const nonces = NonceSource.random(s);
  let sent = 0;
  let acked = 0;
  const sizes = { signed: 0, plaintext: 0 };
  let failure: Error | null = null;
  const done = new Promise<number>((resolve, reject) => {
    receiver.onFrame = (frame) => {
      if (frame.type !== 'deliver') return;
      try {
        reader.apply(frame.envelope);
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      if (reader.applied === count) resolve(performance.now());
    };
    writer.onFrame = (frame) => {
      if (frame.type === 'ack') {
        acked++;
        pump();
      } else if (frame.type === 'error') {
        failure = new Error(`relay refused envelope: ${frame.code} ${frame.detail}`);
        reject(failure);
      }
    };
  });
  const pump = () => {
    while (!failure && sent < count && sent - acked < window) {
      const update = author.edit(trace.edits[sent]!);
      sent++;
      const envelope = sealEnvelope(s, { planId: plan.planId, epoch: 0, author: authorKeys.sign, clock: sent, kind: 'update' }, plan.epochKey, update, nonces);
      sizes.signed += envelope.length - 64;
      sizes.plaintext += update.length;
      writer.send({ type: 'publish', envelope });
    }
  };

  // Sizes of the first 200 envelopes of this trace for the measurement before the run.
  const probe = new TraceAuthor();
  const probeSizes = { signed: 0, plaintext: 0 };
  for (let i = 0; i < Math.min(200, count); i++) {
    const update = probe.edit(trace.edits[i]!);
    probeSizes.plaintext += update.length;
    probeSizes.signed += sealEnvelope(s, { planId: plan.planId, epoch: 0, author: authorKeys.sign, clock: i + 1, kind: 'update' }, plan.epochKey, update, NonceSource.random(s)).length - 64;
  }
  const probed = Math.min(200, count);
  const limitBefore = measureSerialCryptoLimit(s, Math.round(probeSizes.signed / probed), Math.round(probeSizes.plaintext / probed));
  note(`b4-pipeline: ${count} edits, window ${window}; serial crypto limit before the run ${limitBefore.envelopesPerSecond}/s`);
  const start = performance.now();
  pump();
  const end = await done;
  const seconds = (end - start) / 1000;
  const text = reader.doc.getText('text').toString();
  const expected = count === trace.edits.length ? trace.endContent : applyToString(trace.edits, count);
  const identical = text === expected;

  // Where one envelope's client-side time goes, measured without the relay on the first edits.
  const stages = stageCosts(Math.min(count, 20_000));
  const perSecond = count / seconds;
  // The serial limit for envelopes the size of this run's (mean signed bytes and plaintext),
  // measured right before and right after the pipeline (the machine is shared, its load moves);
  // the pipeline is judged against the higher of the two, the stricter.
  const limitAfter = measureSerialCryptoLimit(s, Math.round(sizes.signed / sent), Math.round(sizes.plaintext / sent));
  const limit = limitAfter.envelopesPerSecond >= limitBefore.envelopesPerSecond ? limitAfter : limitBefore;
  const limitRatio = perSecond / limit.envelopesPerSecond;
  // 5,000/s is asked only where 0.8 x the limit reaches it; below that, the ratio is the target.
  const absoluteApplies = limit.envelopesPerSecond * TARGET_LIMIT_RATIO >= TARGET_PER_SECOND;
  emit({
    bench: 'b4-pipeline',
    edits: count,
    seconds: round(seconds, 2),
    envelopesPerSecond: Math.round(perSecond),
    wholeTrace: count === trace.edits.length,
    finalTextEqualsReference: identical,
    clientMicrosPerEnvelope: stages,
    serialCryptoLimit: limit,
    serialCryptoLimitBeforeAndAfter: [limitBefore.envelopesPerSecond, limitAfter.envelopesPerSecond],
    limitRatio: round(limitRatio, 3),
    absoluteTargetApplies: absoluteApplies,
    target: `>= ${TARGET_LIMIT_RATIO} x the serial crypto limit 1/(sign+verify+AEAD seal+open) measured in this run, >= ${TARGET_PER_SECOND} envelopes/s where 0.8 x that limit reaches it, and final text = endContent (or the string-spliced prefix)`,
    met: identical && limitRatio >= TARGET_LIMIT_RATIO && (!absoluteApplies || perSecond >= TARGET_PER_SECOND),
  });
  await Promise.all([writer.close(), receiver.close()]);
} finally {
  await relay.stop();
}

function stageCosts(n: number): Record<string, number> {
  const a = new TraceAuthor();
  const b = new Y.Doc();
  const key = s.randombytes_buf(32);
  const planId = s.randombytes_buf(16);
  const keys = generateDeviceKeys(s).sign;
  const nonces = NonceSource.random(s);
  const t = { edit: 0, seal: 0, verify: 0, open: 0, apply: 0 };
  for (let i = 0; i < n; i++) {
    let t0 = performance.now();
    const update = a.edit(trace.edits[i]!);
    let t1 = performance.now();
    t.edit += t1 - t0;
    const env = sealEnvelope(s, { planId, epoch: 0, author: keys, clock: i + 1, kind: 'update' }, key, update, nonces);
    t0 = performance.now();
    t.seal += t0 - t1;
    const verified = verifyEnvelope(s, env);
    t1 = performance.now();
    t.verify += t1 - t0;
    const plain = openEnvelope(s, verified, key);
    t0 = performance.now();
    t.open += t0 - t1;
    Y.applyUpdate(b, plain);
    t1 = performance.now();
    t.apply += t1 - t0;
  }
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, round((v * 1000) / n, 1)]));
}
