import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { NonceSource, ready, type DeviceKeys } from '@safeplan/schema/crypto';
import { encodeClientFrame, sealEnvelope } from '@safeplan/schema/protocol';
import { seededRandom, testSeed } from '../schema/src/protocol/testing/seeded-random.ts';
import { startChildRelay } from './support/child-relay.ts';
import { LatencyBook, tailKey } from './support/load-schedule.ts';
import { generatorCpuMeter, judgeLoad } from './support/load-validity.ts';
import { BenchClient, createSharedPlan, type SharedPlan } from './support/relay-client.ts';
import { emit, envInt, note, round } from './support/report.ts';
import { percentile } from './support/stats.ts';

/**
 * Soak: the relay with its production limits, 1,000 logged-in connections on 200 plans (5 devices
 * each) for 60 s at a family's pace (each device an edit every 20 s on average) plus a handful of
 * fast typists (5 edits a second each), while a hostile mix runs at the same time: logged-out
 * ping floods, logged-out sockets holding unfinished frames, logged-in text floods, and readers
 * that stop reading during a large catch-up. The relay runs in its own process; its RSS is read
 * from /proc. A run whose load generator fell behind its schedule is marked invalid: its latency
 * would measure the generator, not the relay.
 */
const CONNECTIONS = envInt('BENCH_SOAK_CONNECTIONS', 1000);
const PLANS = envInt('BENCH_SOAK_PLANS', 200);
const SECONDS = envInt('BENCH_SOAK_SECONDS', 60);
const FAMILY_INTERVAL_MS = envInt('BENCH_SOAK_FAMILY_INTERVAL_MS', 20_000);
const TYPISTS = envInt('BENCH_SOAK_TYPISTS', 5);
const TYPIST_INTERVAL_MS = 200;
const P99_TARGET_MS = 100;
/** The generator is on schedule when its p99 lag is under this (and no send is a second late). */
const LAG_P99_LIMIT_MS = 50;
/** An edit sent more than this after it was due counts as not achieved (support/load-validity.ts). */
const ON_TIME_MS = 100;
const seed = testSeed();
const rand = seededRandom(seed);
const s = await ready();
const perPlan = Math.ceil(CONNECTIONS / PLANS);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

note(`soak: ${CONNECTIONS} connections on ${PLANS} plans for ${SECONDS} s, seed ${seed}`);
// Production limits, except one: every client here comes from 127.0.0.1, where a region's
// families come from many addresses, so the per-address plan quota would stop the set-up.
const relay = await startChildRelay('safeplan', { limits: { maxPlansPerAddressPerDay: 10 * PLANS } });
const rss = () => Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${relay.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
const httpUrl = `http://127.0.0.1:${relay.port}`;

interface Legit {
  client: BenchClient;
  plan: SharedPlan;
  device: DeviceKeys;
  clock: number;
  nextAt: number;
  interval: () => number;
  typist: boolean;
  nonces: NonceSource;
}

const errors = { frames: 0, closes: 0, codes: {} as Record<string, number> };
const book = new LatencyBook();
const lags: number[] = [];
let acks = 0;
let published = 0;
let onTime = 0;
let stopping = false;

try {
  // Set-up: plans (owner, invites, joins through the relay), ten at a time.
  const plans: SharedPlan[] = [];
  for (let i = 0; i < PLANS; i += 10) {
    plans.push(...(await Promise.all(Array.from({ length: Math.min(10, PLANS - i) }, () => createSharedPlan(s, relay.url(), perPlan)))));
  }
  note(`soak: ${plans.length} plans made`);
  const legit: Legit[] = [];
  for (let i = 0; i < CONNECTIONS; i++) {
    const plan = plans[i % PLANS]!;
    const device = plan.members[Math.floor(i / PLANS) % perPlan]!;
    const client = await BenchClient.open(relay.url(), s, device);
    await client.subscribe(plan.planId);
    const typist = i < TYPISTS;
    const interval = typist ? () => TYPIST_INTERVAL_MS : () => -Math.log(1 - rand()) * FAMILY_INTERVAL_MS;
    const entry: Legit = { client, plan, device, clock: 0, nextAt: 0, interval, typist, nonces: NonceSource.random(s) };
    client.onRaw = (raw) => {
      if (raw[0] === 67) book.received(tailKey(raw)); // deliver: its last bytes are the envelope's signature
      else if (raw[0] === 66) acks++;
      else return false;
      return true;
    };
    client.onFrame = (frame) => {
      if (frame.type !== 'error') return;
      errors.frames++;
      errors.codes[frame.code] = (errors.codes[frame.code] ?? 0) + 1;
    };
    client.ws.on('close', () => {
      if (!stopping) errors.closes++;
    });
    legit.push(entry);
  }
  note(`soak: ${legit.length} connections subscribed`);
  const receiversOf = new Map<SharedPlan, number>();
  for (const l of legit) receiversOf.set(l.plan, (receiversOf.get(l.plan) ?? 0) + 1);

  // The hostile mix, started together with the legitimate load.
  const hostile = { pingFloodsClosed: 0, holdersClosed: 0, textFloodsClosed: 0, slowReadersDropped: 0, refusedUpgrades: 0 };
  const openRaw = async (): Promise<WebSocket | null> => {
    const ws = new WebSocket(relay.url(), { perMessageDeflate: false });
    ws.on('error', () => undefined);
    const opened = await new Promise<boolean>((resolve) => {
      ws.once('open', () => resolve(true));
      ws.once('unexpected-response', () => resolve(false));
      ws.once('error', () => resolve(false));
    });
    if (!opened) {
      hostile.refusedUpgrades++;
      ws.terminate();
      return null;
    }
    return ws;
  };
  const untilClosed = (ws: WebSocket) => new Promise<void>((resolve) => (ws.readyState === WebSocket.CLOSED ? resolve() : ws.once('close', () => resolve())));
  const loops: Promise<void>[] = [];
  const pingFrame = encodeClientFrame({ type: 'ping', nonce: 1 });
  // Logged-out ping floods: 2,000 frames a second each (the limit is 50), reconnecting when closed.
  for (let i = 0; i < 5; i++) {
    loops.push(
      (async () => {
        while (!stopping) {
          const ws = await openRaw();
          if (!ws) {
            await sleep(250);
            continue;
          }
          while (!stopping && ws.readyState === WebSocket.OPEN) {
            for (let k = 0; k < 20; k++) ws.send(pingFrame);
            await sleep(10);
          }
          if (ws.readyState !== WebSocket.OPEN) hostile.pingFloodsClosed++;
          ws.terminate();
          await sleep(250);
        }
      })(),
    );
  }
  // Logged-out sockets holding an unfinished frame until the login deadline closes them.
  for (let i = 0; i < 20; i++) {
    loops.push(
      (async () => {
        while (!stopping) {
          const ws = await openRaw();
          if (!ws) {
            await sleep(200);
            continue;
          }
          const header = Buffer.from([0x02, 0x80 | 126, 0x03, 0x84, ...randomBytes(4)]); // a 900-byte first fragment, FIN unset
          (ws as unknown as { _socket: { write(b: Buffer): void } })._socket.write(Buffer.concat([header, randomBytes(900)]));
          await Promise.race([untilClosed(ws), (async () => { while (!stopping) await sleep(100); })()]);
          if (ws.readyState !== WebSocket.OPEN) hostile.holdersClosed++;
          ws.terminate();
        }
      })(),
    );
  }
  // Logged-in text floods: 64 KiB text frames every 5 ms (12.5 MiB/s against 2 MiB/s).
  for (let i = 0; i < 3; i++) {
    loops.push(
      (async () => {
        const text = 'x'.repeat(64 * 1024);
        while (!stopping) {
          const c = await BenchClient.open(relay.url(), s).catch(() => null);
          if (!c) {
            await sleep(200);
            continue;
          }
          c.onFrame = () => {};
          while (!stopping && c.ws.readyState === WebSocket.OPEN) {
            c.ws.send(text);
            await sleep(5);
          }
          if (c.ws.readyState !== WebSocket.OPEN) hostile.textFloodsClosed++;
          c.ws.terminate();
          await sleep(250);
        }
      })(),
    );
  }
  // Slow readers: members of two plans with an 8 MiB backlog who subscribe and stop reading.
  const backlogPlans = await Promise.all([0, 1].map(() => createSharedPlan(s, relay.url(), 3)));
  for (const plan of backlogPlans) {
    const owner = await BenchClient.open(relay.url(), s, plan.members[0]);
    const nonces = NonceSource.random(s);
    for (let clock = 1; clock <= 8; clock++) {
      const ack = owner.next('ack');
      owner.send({ type: 'publish', envelope: sealEnvelope(s, { planId: plan.planId, epoch: 0, author: plan.members[0]!.sign, clock, kind: 'update' }, plan.epochKey, new Uint8Array(1_000_000), nonces) });
      await ack;
    }
    await owner.close();
  }
  const slowReaders: WebSocket[] = [];
  for (let i = 0; i < 4; i++) {
    const plan = backlogPlans[i % 2]!;
    const c = await BenchClient.open(relay.url(), s, plan.members[1 + (i % 2)]);
    c.onFrame = () => {};
    c.send({ type: 'subscribe', planId: plan.planId, afterSeq: 0 });
    (c.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    c.ws.once('close', () => {
      if (!stopping) hostile.slowReadersDropped++;
    });
    slowReaders.push(c.ws);
  }
  note('soak: hostile mix running');

  // The legitimate load, on a schedule: each device's next edit is due at a fixed time; the lag
  // between due and sent says whether this process kept up.
  const started = performance.now();
  const generator = generatorCpuMeter();
  for (const l of legit) l.nextAt = started + l.interval() * rand();
  let peakRss = rss();
  let lastRssAt = 0;
  const end = started + SECONDS * 1000;
  while (performance.now() < end) {
    const now = performance.now();
    for (const l of legit) {
      if (l.nextAt > now) continue;
      lags.push(now - l.nextAt);
      if (now - l.nextAt <= ON_TIME_MS) onTime++;
      // A family's edit is a short paragraph; a typist's batch a few characters (sizes of Yjs updates).
      const plaintext = s.randombytes_buf(l.typist ? 60 : 300);
      const envelope = sealEnvelope(s, { planId: l.plan.planId, epoch: 0, author: l.device.sign, clock: ++l.clock, kind: 'update' }, l.plan.epochKey, plaintext, l.nonces);
      book.sent(tailKey(envelope), (receiversOf.get(l.plan) ?? 1) - 1);
      l.client.send({ type: 'publish', envelope });
      published++;
      l.nextAt += l.interval();
    }
    if (now - lastRssAt > 500) {
      peakRss = Math.max(peakRss, rss());
      lastRssAt = now;
    }
    await sleep(5);
  }
  const { cpuMicros, wallSeconds } = generator();
  const missing = await book.drain(10_000);
  peakRss = Math.max(peakRss, rss());
  stopping = true;
  const metrics = await (await fetch(`${httpUrl}/metrics`)).text();
  const refusals: Record<string, number> = {};
  for (const m of metrics.matchAll(/^safeplan_relay_refusals_total\{code="([^"]+)"\} (\d+)$/gm)) refusals[m[1]!] = Number(m[2]);
  await Promise.all(loops);
  for (const ws of slowReaders) ws.terminate();
  await Promise.all(legit.map((l) => l.client.close()));

  const lagP99 = percentile(lags, 99);
  const lagMax = Math.max(0, ...lags);
  // The generator's process also runs the hostile mix: its CPU is counted whole, which is strict.
  const load = judgeLoad({ scheduled: published, achieved: onTime, generatorCpuMicros: cpuMicros, wallSeconds });
  const onSchedule = lagP99 < LAG_P99_LIMIT_MS && lagMax < 1000;
  const valid = load.valid && onSchedule;
  const p50 = percentile(book.samples, 50);
  const p99 = percentile(book.samples, 99);
  const legitErrors = errors.frames + errors.closes + missing;
  emit({
    bench: 'soak',
    target: `0 errors for legitimate clients and delivery p99 < ${P99_TARGET_MS} ms, with the hostile mix running`,
    met: valid && legitErrors === 0 && p99 < P99_TARGET_MS,
    valid,
    invalidReasons: [...(load.reason ? [load.reason] : []), ...(onSchedule ? [] : [`generator lag p99 ${round(lagP99, 1)} ms (limit ${LAG_P99_LIMIT_MS}), max ${round(lagMax, 1)} ms (limit 1000)`])],
    seed,
    connections: legit.length,
    plans: PLANS,
    seconds: SECONDS,
    published,
    acks,
    deliveries: book.samples.length,
    errors: { total: legitErrors, errorFrames: errors.frames, unexpectedCloses: errors.closes, missingDeliveries: missing, codes: errors.codes },
    deliveryMs: { p50: round(p50, 1), p99: round(p99, 1), max: round(Math.max(0, ...book.samples), 1) },
    relayPeakRssMiB: round(peakRss / 2 ** 20, 1),
    refusals,
    catchUpQueueBytesAtEnd: Number(/^safeplan_relay_catch_up_queue_bytes (\d+)$/m.exec(metrics)?.[1] ?? 0),
    hostile,
    generator: { lagP99Ms: round(lagP99, 1), lagMaxMs: round(lagMax, 1), onSchedule, load },
  });
} finally {
  stopping = true;
  await relay.stop();
}
