import { generateDeviceKeys, NonceSource, ready } from '@safeplan/schema/crypto';
import { authenticateRuns, openEnvelope } from '@safeplan/schema/protocol';
import * as Y from 'yjs';
import { ChainLinks, sealOwn } from '../client/src/sync/chain-links.ts';
import { startChildRelay } from './support/child-relay.ts';
import { BenchClient, createSharedPlan, type SharedPlan } from './support/relay-client.ts';
import { PlanReader } from './support/reader.ts';
import { emit, envInt, note, round } from './support/report.ts';
import { measureSerialCryptoLimit } from './support/serial-crypto-limit.ts';
import { TraceAuthor } from './support/trace-author.ts';
import { applyToString, loadTrace } from './trace.ts';

/**
 * B4 through the whole pipeline: every trace edit becomes its own envelope, sealed as the engine
 * seals it (sealOwn: encrypt, sign, header version 4 naming the author's previous envelope), goes
 * through the real relay (verify, store, fan-out) to a second device that takes it as the engine's
 * incoming path does (PlanReader.receive: the frames that arrived before its turn authenticated as
 * one batch by authenticateRuns, one signature per author's run; then the client checks, decrypt,
 * apply).
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
  const links = new ChainLinks(s);
  const seal = (clock: number, update: Uint8Array) =>
    sealOwn(s, links, { planId: plan.planId, epoch: 0, author: authorKeys.sign, clock, kind: 'update', logPosition: plan.state.length }, plan.epochKey, update, nonces);
  let sent = 0;
  let acked = 0;
  const sizes = { signed: 0, plaintext: 0 };
  let failure: Error | null = null;
  const done = new Promise<number>((resolve, reject) => {
    reader.onApplied = () => {
      if (reader.applied === count) resolve(performance.now());
    };
    reader.onFailure = reject;
    receiver.onFrame = (frame) => {
      if (frame.type === 'deliver') reader.receive(frame.envelope);
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
      const envelope = seal(sent, update);
      sizes.signed += envelope.length - 64;
      sizes.plaintext += update.length;
      writer.send({ type: 'publish', envelope });
    }
  };

  // Sizes of the first 200 envelopes of this trace for the measurement before the run.
  const probe = new TraceAuthor();
  const probeSizes = { signed: 0, plaintext: 0 };
  const probeLinks = new ChainLinks(s);
  for (let i = 0; i < Math.min(200, count); i++) {
    const update = probe.edit(trace.edits[i]!);
    probeSizes.plaintext += update.length;
    const params = { planId: plan.planId, epoch: 0, author: authorKeys.sign, clock: i + 1, kind: 'update' as const, logPosition: plan.state.length };
    probeSizes.signed += sealOwn(s, probeLinks, params, plan.epochKey, update, NonceSource.random(s)).length - 64;
  }
  const probed = Math.min(200, count);
  const limitBefore = measureSerialCryptoLimit(s, Math.round(probeSizes.signed / probed), Math.round(probeSizes.plaintext / probed));
  note(`b4-pipeline: ${count} edits, window ${window}; serial crypto limit before the run ${limitBefore.envelopesPerSecond}/s`);
  // CPU of each side over the run (every thread): the side near a whole core is what limits it.
  const loadCpuBefore = process.cpuUsage();
  const relayCpuBefore = relay.cpuMicros();
  const start = performance.now();
  pump();
  const end = await done;
  const loadCpu = process.cpuUsage(loadCpuBefore);
  const relayCpu = relay.cpuMicros() - relayCpuBefore;
  const seconds = (end - start) / 1000;
  const text = reader.doc.getText('text').toString();
  const expected = count === trace.edits.length ? trace.endContent : applyToString(trace.edits, count);
  const identical = text === expected;
  const tamperedRefused = await tamperedEnvelopeIsRefused(plan);

  const stages = stageCosts(Math.min(count, 20_000), Math.max(1, Math.round(count / reader.runStats.batches)));
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
    // CPU per envelope over the run, all threads: the load generator (writer and reader) and the relay.
    cpuMicrosPerEnvelope: { load: round((loadCpu.user + loadCpu.system) / count, 1), relay: round(relayCpu / count, 1) },
    cores: { load: round((loadCpu.user + loadCpu.system) / 1e6 / seconds, 2), relay: round(relayCpu / 1e6 / seconds, 2) },
    // What run verification cost the reader in this run: batches (frames that arrived before one
    // frame's turn) and Ed25519 verifications, per envelope.
    readerBatches: reader.runStats.batches,
    readerEnvelopesPerBatch: round(count / reader.runStats.batches, 1),
    readerSignaturesPerEnvelope: round(reader.runStats.signatures / count, 3),
    tamperedEnvelopeRefused: tamperedRefused,
    serialCryptoLimit: limit,
    serialCryptoLimitBeforeAndAfter: [limitBefore.envelopesPerSecond, limitAfter.envelopesPerSecond],
    limitRatio: round(limitRatio, 3),
    absoluteTargetApplies: absoluteApplies,
    target: `>= ${TARGET_LIMIT_RATIO} x the serial crypto limit 1/(sign+verify+AEAD seal+open) measured in this run, >= ${TARGET_PER_SECOND} envelopes/s where 0.8 x that limit reaches it, final text = endContent (or the string-spliced prefix), and a tampered envelope refused`,
    met: identical && tamperedRefused && limitRatio >= TARGET_LIMIT_RATIO && (!absoluteApplies || perSecond >= TARGET_PER_SECOND),
  });
  await Promise.all([writer.close(), receiver.close()]);
} finally {
  await relay.stop();
}

/**
 * Where one envelope's client-side time goes, without the relay: the writer's edit and seal, the
 * reader's run verification (authenticateRuns over batches of the size the run saw), decrypt and
 * apply.
 */
function stageCosts(n: number, batchSize: number): Record<string, number> {
  const a = new TraceAuthor();
  const b = new Y.Doc();
  const key = s.randombytes_buf(32);
  const planId = s.randombytes_buf(16);
  const keys = generateDeviceKeys(s).sign;
  const nonces = NonceSource.random(s);
  const links = new ChainLinks(s);
  const t = { edit: 0, seal: 0, authenticate: 0, open: 0, apply: 0 };
  for (let first = 0; first < n; first += batchSize) {
    const batch: Uint8Array[] = [];
    for (let i = first; i < Math.min(n, first + batchSize); i++) {
      const t0 = performance.now();
      const update = a.edit(trace.edits[i]!);
      const t1 = performance.now();
      t.edit += t1 - t0;
      batch.push(sealOwn(s, links, { planId, epoch: 0, author: keys, clock: i + 1, kind: 'update', logPosition: 1 }, key, update, nonces));
      t.seal += performance.now() - t1;
    }
    let t0 = performance.now();
    const { results } = authenticateRuns(s, batch);
    let t1 = performance.now();
    t.authenticate += t1 - t0;
    for (const r of results) {
      if (!r.ok) throw new Error(`stage costs: an envelope of our own was refused (${r.code})`);
      t0 = performance.now();
      const plain = openEnvelope(s, r.env, key);
      t1 = performance.now();
      t.open += t1 - t0;
      Y.applyUpdate(b, plain);
      t.apply += performance.now() - t1;
    }
  }
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, round((v * 1000) / n, 1)]));
}

/**
 * The reader's tamper check, on the same path as the run: a chain of eight updates whose fifth has
 * one ciphertext byte flipped. The four before it are applied (vouched for by the fourth's
 * signature), the fifth must be refused: its hash is no longer what the sixth names, and its own
 * signature no longer holds.
 */
async function tamperedEnvelopeIsRefused(plan: SharedPlan): Promise<boolean> {
  const reader = new PlanReader(s, plan);
  const links = new ChainLinks(s);
  const nonces = NonceSource.random(s);
  const author = plan.members[0]!.sign;
  const edits = new TraceAuthor();
  const envelopes = Array.from({ length: 8 }, (_, i) =>
    sealOwn(s, links, { planId: plan.planId, epoch: 0, author, clock: i + 1, kind: 'update', logPosition: plan.state.length }, plan.epochKey, edits.edit(trace.edits[i]!), nonces),
  );
  const tampered = envelopes[4]!.slice();
  tampered[tampered.length - 70]! ^= 1;
  envelopes[4] = tampered;
  for (const e of envelopes) reader.receive(e);
  const refused = await reader.idle().then(
    () => false,
    (err: unknown) => err instanceof Error && err.message === 'bad-signature',
  );
  return refused && reader.applied === 4;
}
