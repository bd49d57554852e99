import WebSocket from 'ws';
import { ready } from '@safeplan/schema/crypto';
import { startChildRelay, type MemoryFigures } from './support/child-relay.ts';
import { BenchClient, createSharedPlan } from './support/relay-client.ts';
import { emit, envInt, note, round } from './support/report.ts';

/**
 * Relay memory per idle connection: 1,000 authenticated connections subscribed over 200 plans
 * (5 member devices each). The relay runs in a child process; memory is read there after a full
 * GC, once when the plans exist but no one is connected, and once with every connection open.
 * Baseline, same run: a bare ws broadcast relay holding the same number of idle sockets.
 */
const connections = envInt('BENCH_MEM_CONNECTIONS', 1000);
const plans = envInt('BENCH_MEM_PLANS', 200);
const perPlan = Math.ceil(connections / plans);
// No target in the issue; this is the budget docs/performance.md holds the relay to.
const TARGET_BYTES_PER_CONNECTION = 64 * 1024;
const s = await ready();
const kib = (n: number) => round(n / 1024, 1);
const delta = (a: MemoryFigures, b: MemoryFigures) => ({ rss: b.rss - a.rss, heapUsed: b.heapUsed - a.heapUsed });

note(`relay-memory: ${connections} connections over ${plans} plans`);
const relay = await startChildRelay('safeplan');
let ours: { rss: number; heapUsed: number };
let before: MemoryFigures;
let after: MemoryFigures;
try {
  const shared = [];
  for (let p = 0; p < plans; p++) shared.push(await createSharedPlan(s, relay.url(), perPlan));
  before = await relay.memory();
  const open: BenchClient[] = [];
  for (let i = 0; i < connections; i++) {
    const plan = shared[i % plans]!;
    const c = await BenchClient.open(relay.url(), s, plan.members[Math.floor(i / plans) % perPlan]);
    await c.subscribe(plan.planId);
    open.push(c);
  }
  await new Promise((r) => setTimeout(r, 500));
  after = await relay.memory();
  ours = delta(before, after);
  await Promise.all(open.map((c) => c.close()));
} finally {
  await relay.stop();
}

const bare = await startChildRelay('bare-broadcast');
let theirs: { rss: number; heapUsed: number };
try {
  const start = await bare.memory();
  const sockets: WebSocket[] = [];
  for (let i = 0; i < connections; i++) {
    const ws = new WebSocket(bare.url(`plan-${i % plans}`), { perMessageDeflate: false });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    sockets.push(ws);
  }
  await new Promise((r) => setTimeout(r, 500));
  theirs = delta(start, await bare.memory());
  await Promise.all(sockets.map((ws) => new Promise<void>((resolve) => ws.once('close', () => resolve()).close())));
} finally {
  await bare.stop();
}

const perConnection = ours.rss / connections;
emit({
  bench: 'relay-memory',
  connections,
  plans,
  rssBeforeMiB: round(before.rss / 2 ** 20),
  rssAfterMiB: round(after.rss / 2 ** 20),
  heapBeforeMiB: round(before.heapUsed / 2 ** 20),
  heapAfterMiB: round(after.heapUsed / 2 ** 20),
  rssKiBPerConnection: kib(perConnection),
  heapKiBPerConnection: kib(ours.heapUsed / connections),
  baselineRssKiBPerConnection: kib(theirs.rss / connections),
  baselineHeapKiBPerConnection: kib(theirs.heapUsed / connections),
  target: `<= ${TARGET_BYTES_PER_CONNECTION / 1024} KiB RSS per idle connection (no target in the issue; see docs/performance.md)`,
  met: perConnection <= TARGET_BYTES_PER_CONNECTION,
});
