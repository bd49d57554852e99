import WebSocket from 'ws';
import { NonceSource, ready } from '@safeplan/schema/crypto';
import { encodeClientFrame, sealEnvelope } from '@safeplan/schema/protocol';
import { startChildRelay, type RelayKind } from './support/child-relay.ts';
import { benchStoreInUse } from './relays/bench-store.ts';
import { benchRelayCount, singleRelay, startSafeplanRelays, type RelaySet } from './support/relay-set.ts';
import { LatencyBook, sendAtRate, tailKey } from './support/load-schedule.ts';
import { generatorCpuMeter, judgeLoad, type LoadVerdict } from './support/load-validity.ts';
import { BenchClient, createSharedPlan, newSharedPlan, type SharedPlan } from './support/relay-client.ts';
import { emit, envInt, note, round } from './support/report.ts';
import { percentile } from './support/stats.ts';

/**
 * The most deliveries per second a relay sustains with p99 (publish sent → delivered) under
 * 100 ms. The offered load rises step by step on the same connections; the Safeplan relay and a
 * bare broadcast relay (baseline) get the very same frames in the same run. A step counts only
 * when the load generator kept its schedule (support/load-validity.ts); each step also reports
 * the relay's own CPU per delivery (its process, from /proc), which the generator cannot blur.
 */
const P99_LIMIT_MS = 100;
const TARGET_RATIO = 0.7;
const plans = envInt('BENCH_TP_PLANS', 100);
const members = envInt('BENCH_TP_MEMBERS', 4);
const stepSeconds = envInt('BENCH_TP_STEP_SECONDS', 3);
const firstRate = envInt('BENCH_TP_FIRST_RATE', 100);
// The relay's per-connection limit is 50 frames/s; the ramp stays below it so no frame is refused.
const maxRate = Math.min(envInt('BENCH_TP_MAX_RATE', 40 * plans * members), 45 * plans * members);
const s = await ready();
const connections = plans * members;

interface Sender {
  /** Makes the next publish frame for this connection (sealed with its next clock). */
  nextFrame(): Uint8Array;
  send(bytes: Uint8Array): void;
}
interface Step {
  publishesPerSecond: number;
  deliveriesPerSecond: number;
  p50: number;
  p99: number;
  missing: number;
  errors: number;
  /** The relay process's CPU (all threads) over the step and its drain, per delivery. */
  relayCpuMicrosPerDelivery: number;
  /** The relay's CPU over the step in cores (CPU seconds per wall second). */
  relayCores: number;
  load: LoadVerdict;
}
/** What ended a ramp: the relay (a valid step missed p99 or lost deliveries), the generator, or the ramp's top. */
type EndedBy = 'relay' | 'generator' | 'ramp-end';

async function setUp(kind: RelayKind, relays: RelaySet, book: () => LatencyBook, onError: () => void): Promise<{ senders: Sender[]; close(): Promise<void> }> {
  const senders: Sender[] = [];
  const closers: (() => Promise<void>)[] = [];
  const shared: SharedPlan[] = [];
  for (let p = 0; p < plans; p++) shared.push(kind === 'safeplan' ? await createSharedPlan(s, relays.urlFor(0), members) : newSharedPlan(s, members));
  for (const [p, plan] of shared.entries()) {
    for (const [m, device] of plan.members.entries()) {
      const nonces = NonceSource.random(s);
      let clock = 0;
      const nextFrame = () =>
        encodeClientFrame({
          type: 'publish',
          envelope: sealEnvelope(s, { planId: plan.planId, epoch: 0, author: device.sign, clock: ++clock, kind: 'update' }, plan.epochKey, s.randombytes_buf(40), nonces),
        });
      if (kind === 'safeplan') {
        // With BENCH_RELAYS=2 a plan's members are spread over the relays, as a balancer would.
        const c = await BenchClient.open(relays.urlFor(m), s, device);
        await c.subscribe(plan.planId);
        c.onRaw = (raw) => {
          if (raw[0] === 67) book().received(tailKey(raw));
          else if (raw[0] === 71) onError();
          return true;
        };
        senders.push({ nextFrame, send: (b) => c.ws.send(b, { binary: true }) });
        closers.push(() => c.close());
      } else {
        const ws = new WebSocket(`${relays.urlFor(m)}plan-${p}`, { perMessageDeflate: false });
        await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
        ws.on('message', (data: Buffer) => book().received(tailKey(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))));
        senders.push({ nextFrame, send: (b) => ws.send(b, { binary: true }) });
        closers.push(() => new Promise<void>((resolve) => ws.once('close', () => resolve()).close()));
      }
    }
  }
  return { senders, close: async () => void (await Promise.all(closers.map((c) => c()))) };
}

async function ramp(kind: RelayKind): Promise<{ best: Step | null; steps: Step[]; endedBy: EndedBy }> {
  const relay = kind === 'safeplan' ? await startSafeplanRelays() : singleRelay(await startChildRelay(kind));
  let book = new LatencyBook();
  let errors = 0;
  const steps: Step[] = [];
  let best: Step | null = null;
  let endedBy: EndedBy = 'ramp-end';
  try {
    const { senders, close } = await setUp(kind, relay, () => book, () => errors++);
    let retried = false;
    for (let rate = firstRate; rate <= maxRate; ) {
      const count = Math.round(rate * stepSeconds);
      // Sealing happens before the clock starts: only the relay's work is timed.
      const frames = Array.from({ length: count }, (_, i) => {
        const sender = senders[i % senders.length]!;
        const bytes = sender.nextFrame();
        return () => {
          book.sent(tailKey(bytes), members - 1);
          sender.send(bytes);
        };
      });
      book = new LatencyBook();
      errors = 0;
      const relayCpuBefore = relay.cpuMicros();
      const generator = generatorCpuMeter();
      const run = await sendAtRate(frames, rate);
      const missing = await book.drain(2000);
      const { cpuMicros, wallSeconds } = generator();
      const relayCpu = relay.cpuMicros() - relayCpuBefore;
      const all = [...book.samples, ...Array<number>(missing).fill(Number.POSITIVE_INFINITY)];
      const step: Step = {
        publishesPerSecond: rate,
        deliveriesPerSecond: Math.round(book.samples.length / run.seconds),
        p50: round(percentile(all, 50)),
        p99: round(percentile(all, 99)),
        missing,
        errors,
        relayCpuMicrosPerDelivery: book.samples.length > 0 ? round(relayCpu / book.samples.length, 2) : Number.NaN,
        relayCores: round(relayCpu / 1e6 / wallSeconds, 2),
        load: judgeLoad({ scheduled: run.scheduled, achieved: run.onTime, generatorCpuMicros: cpuMicros, wallSeconds }),
      };
      steps.push(step);
      note(`${kind}: ${JSON.stringify(step)}`);
      if (!step.load.valid || step.p99 >= P99_LIMIT_MS || missing > 0 || errors > 0) {
        // The machine is shared: a step fails only when it fails twice in a row.
        if (retried) {
          endedBy = step.load.valid ? 'relay' : 'generator';
          break;
        }
        retried = true;
        await new Promise((r) => setTimeout(r, 1000));
        continue;
      }
      retried = false;
      best = step;
      rate = Math.round(rate * 1.5);
      // Let queues empty before the next step.
      await new Promise((r) => setTimeout(r, 300));
    }
    await close();
  } finally {
    await relay.stop();
  }
  return { best, steps, endedBy };
}

/** The highest rate both relays passed with a valid load: their CPU per delivery compared there. */
function atCommonRate(a: Step[], b: Step[]): { publishesPerSecond: number; safeplan: number; baseline: number } | null {
  const passed = (s: Step) => s.load.valid && s.p99 < P99_LIMIT_MS && s.missing === 0 && s.errors === 0;
  const rates = a.filter(passed).map((s) => s.publishesPerSecond).filter((r) => b.some((s) => passed(s) && s.publishesPerSecond === r));
  if (rates.length === 0) return null;
  const rate = Math.max(...rates);
  const cpu = (steps: Step[]) => steps.find((s) => passed(s) && s.publishesPerSecond === rate)!.relayCpuMicrosPerDelivery;
  return { publishesPerSecond: rate, safeplan: cpu(a), baseline: cpu(b) };
}

const relayCount = benchRelayCount();
const store = benchStoreInUse();
note(`relay-throughput: ${plans} plans x ${members} members, ${stepSeconds} s steps from ${firstRate} publishes/s, ${relayCount} Safeplan relay(s) on ${store}`);
const safeplan = await ramp('safeplan');
const baseline = await ramp('bare-broadcast');
const ours = safeplan.best?.deliveriesPerSecond ?? 0;
const theirs = baseline.best?.deliveriesPerSecond ?? 0;
const ratio = theirs > 0 ? ours / theirs : 0;
const common = atCommonRate(safeplan.steps, baseline.steps);
// Valid: neither ramp was ended by the generator, and the baseline passed a step. (A Safeplan
// relay that fails even the first step with the load kept is a valid result of 0.) A baseline
// stopped by the top of the ramp was not at its limit, so the ratio is then only an upper bound
// and cannot meet the target.
const reasons: string[] = [];
if (safeplan.endedBy === 'generator') reasons.push('the Safeplan ramp ended because the generator did not keep its schedule');
if (baseline.endedBy === 'generator') reasons.push('the baseline ramp ended because the generator did not keep its schedule');
if (!baseline.best) reasons.push('no baseline step passed with a valid load');
const ratioIsUpperBound = baseline.endedBy !== 'relay';
const valid = reasons.length === 0;
if (ratioIsUpperBound && valid) reasons.push(`the baseline ramp ended at the ${baseline.endedBy}, not at the bare relay's limit: the ratio is an upper bound`);
emit({
  bench: 'relay-throughput',
  plans,
  members,
  connections,
  store,
  relays: relayCount,
  deliveriesPerSecond: ours,
  baselineDeliveriesPerSecond: theirs,
  ratio: round(ratio, 3),
  valid,
  ratioIsUpperBound,
  invalidReasons: reasons,
  safeplanEndedBy: safeplan.endedBy,
  baselineEndedBy: baseline.endedBy,
  // Relay CPU per delivery at the best valid step of each, and both at the same offered rate.
  relayCpuMicrosPerDelivery: safeplan.best?.relayCpuMicrosPerDelivery ?? null,
  baselineRelayCpuMicrosPerDelivery: baseline.best?.relayCpuMicrosPerDelivery ?? null,
  relayCpuAtCommonRate: common,
  cpuPerDeliveryRatio: common ? round(common.baseline / common.safeplan, 3) : null,
  generatorAtBestStep: safeplan.best?.load ?? null,
  safeplanSteps: safeplan.steps,
  baselineSteps: baseline.steps,
  target: `>= ${TARGET_RATIO} x baseline deliveries/s at p99 < ${P99_LIMIT_MS} ms, each step with a valid load (>= 98 % of schedule, generator <= 0.8 core), baseline at its own limit`,
  met: valid && !ratioIsUpperBound && ratio >= TARGET_RATIO,
});
