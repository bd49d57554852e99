// Not a benchmark of the set (no target): the Safeplan relay's CPU per delivery, split by thread,
// at fixed publish rates on relay-throughput's load shape. For finding where the relay's
// microseconds go (docs/performance.md "Relay CPU per publish"), before/after alternately.
//   P_RATES=1500,3000 P_SECONDS=5 node --import tsx bench/relay-cpu-by-thread.ts
// BENCH_RELAY_VERIFY_THREADS=0 checks signatures on the event loop. Threads are the relay's own
// (from /proc/<pid>/task): `main` is the event loop; the others by thread id, busiest first (at a
// publishing load: the verify thread, then the SQLite writer, then V8's GC helpers).
import { readdirSync, readFileSync } from 'node:fs';
import { NonceSource, ready } from '@safeplan/schema/crypto';
import { encodeClientFrame, sealEnvelope } from '@safeplan/schema/protocol';
import { startChildRelay, statCpuMicros } from './support/child-relay.ts';
import { LatencyBook, sendAtRate, tailKey } from './support/load-schedule.ts';
import { BenchClient, createSharedPlan } from './support/relay-client.ts';
import { percentile } from './support/stats.ts';

const plans = Number(process.env.P_PLANS ?? 100);
const members = 4;
const rates = (process.env.P_RATES ?? '1500,3000').split(',').map(Number);
const seconds = Number(process.env.P_SECONDS ?? 5);
const s = await ready();
const relay = await startChildRelay('safeplan');

/** CPU microseconds per thread of the relay process (utime + stime). */
function threadCpu(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const path = `/proc/${pid}/task/${tid}/stat`;
    let stat: string;
    try {
      stat = readFileSync(path, 'utf8');
    } catch {
      continue; // the thread ended between the listing and the read
    }
    out.set(tid === String(pid) ? 'main' : `t${tid}`, statCpuMicros(stat, path));
  }
  return out;
}

let book = new LatencyBook();
let errors = 0;
const senders: { next(): Uint8Array; send(b: Uint8Array): void }[] = [];
for (let p = 0; p < plans; p++) {
  const plan = await createSharedPlan(s, relay.url(), members);
  for (const device of plan.members) {
    const nonces = NonceSource.random(s);
    let clock = 0;
    const c = await BenchClient.open(relay.url(), s, device);
    await c.subscribe(plan.planId);
    c.onRaw = (raw) => {
      if (raw[0] === 67) book.received(tailKey(raw));
      else if (raw[0] === 71) errors++;
      return true;
    };
    senders.push({
      next: () =>
        encodeClientFrame({
          type: 'publish',
          envelope: sealEnvelope(s, { planId: plan.planId, epoch: 0, author: device.sign, clock: ++clock, kind: 'update' }, plan.epochKey, s.randombytes_buf(40), nonces),
        }),
      send: (b) => c.ws.send(b, { binary: true }),
    });
  }
}
for (const rate of rates) {
  const frames = Array.from({ length: rate * seconds }, (_, i) => {
    const sender = senders[i % senders.length]!;
    const bytes = sender.next();
    return () => {
      book.sent(tailKey(bytes), members - 1);
      sender.send(bytes);
    };
  });
  book = new LatencyBook();
  errors = 0;
  await new Promise((r) => setTimeout(r, 300));
  const before = threadCpu(relay.pid);
  const run = await sendAtRate(frames, rate);
  const missing = await book.drain(3000);
  const after = threadCpu(relay.pid);
  const delivered = book.samples.length;
  const perThread = [...after].map(([name, us]) => [name, (us - (before.get(name) ?? 0)) / delivered] as const).filter(([, us]) => us > 0);
  const total = perThread.reduce((sum, [, us]) => sum + us, 0);
  const threads = perThread.sort((a, b) => b[1] - a[1]).map(([name, us]) => `${name}=${us.toFixed(1)}`).join(' ');
  console.info(
    JSON.stringify({
      rate,
      deliveriesPerSecond: Math.round(delivered / run.seconds),
      missing,
      errors,
      p50: Number(percentile(book.samples, 50).toFixed(1)),
      p99: Number(percentile(book.samples, 99).toFixed(1)),
      relayCpuMicrosPerDelivery: Number(total.toFixed(1)),
      threads,
      load1: Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]),
    }),
  );
}
await relay.stop();
process.exit(0);
