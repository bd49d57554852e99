import * as Y from 'yjs';
import { NonceSource, ready } from '@safeplan/schema/crypto';
import { sealEnvelope } from '@safeplan/schema/protocol';
import { seededRandom, testSeed } from '../schema/src/protocol/testing/seeded-random.ts';
import WS from 'ws';
import { createMemoryStore } from '../client/src/storage/memory-kv.ts';
import { createPlanLibrary } from '../client/src/sync/index.ts';
import type { PlanSession } from '../client/src/sync/session.ts';
import { createUpdateBatcher } from '../client/src/sync/update-batcher.ts';
import { startChildRelay, type RelayKind } from './support/child-relay.ts';
import { KeystrokeClock } from './support/keystroke-clock.ts';
import { PlanReader } from './support/reader.ts';
import { BenchClient, createSharedPlan } from './support/relay-client.ts';
import { emit, envInt, note, round } from './support/report.ts';
import { percentile } from './support/stats.ts';
import { YjsClient } from './support/yjs-client.ts';

/**
 * Keystroke → applied on the other devices of the plan, through the relay with full encryption.
 * Every editor types one character at a random place every 1/rate s. Measured three ways in one
 * run: the real sync engine (one library per device, joined by invite); protocol-level devices
 * that send the way the engine does (its update batcher, seal, publish) and receive with the
 * client's own checks; and the baseline, the same typing through y-websocket's plaintext relay.
 */
const plans = envInt('BENCH_LAT_PLANS', 50);
const editors = envInt('BENCH_LAT_EDITORS', 4);
const rate = envInt('BENCH_LAT_RATE', 5);
const seconds = envInt('BENCH_LAT_SECONDS', 30);
const P99_TARGET_MS = 50;
const RATIO_TARGET = 1.3;
const seed = testSeed();
const s = await ready();

interface Device {
  doc: Y.Doc;
  close(): Promise<void>;
}

async function safeplanDevices(url: string, clock: KeystrokeClock, errors: { count: number }): Promise<Device[]> {
  const devices: Device[] = [];
  for (let p = 0; p < plans; p++) {
    const plan = await createSharedPlan(s, url, editors);
    for (const keys of plan.members) {
      const conn = await BenchClient.open(url, s, keys);
      const doc = new Y.Doc();
      const reader = new PlanReader(s, plan, doc);
      const nonces = NonceSource.random(s);
      let next = 0;
      const batcher = createUpdateBatcher(async (merged) => {
        const envelope = sealEnvelope(s, { planId: plan.planId, epoch: 0, author: keys.sign, clock: ++next, kind: 'update' }, plan.epochKey, merged, nonces);
        conn.send({ type: 'publish', envelope });
      });
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === 'relay') clock.applied(doc, update);
        else batcher.add(update);
      });
      conn.onFrame = (frame) => {
        if (frame.type === 'deliver') reader.apply(frame.envelope);
        else if (frame.type === 'error') errors.count++;
      };
      await conn.subscribe(plan.planId);
      devices.push({ doc, close: () => conn.close() });
    }
  }
  return devices;
}

/**
 * The real sync engine: one library (own memory store, own WebSocket) per device; the owner
 * creates the plan and invites, the others join by the invite link, as the app does.
 */
async function engineDevices(url: string, clock: KeystrokeClock, errors: { count: number }): Promise<Device[]> {
  const library = () =>
    createPlanLibrary({ kv: createMemoryStore(), relayUrl: url, WebSocket: WS as unknown as typeof WebSocket, origin: 'https://safeplan.bench' });
  const devices: Device[] = [];
  const all: PlanSession[] = [];
  for (let p = 0; p < plans; p++) {
    const owner = library();
    const sessions: PlanSession[] = [await owner.create({ title: `Plan ${p}`, displayName: 'Anouk' })];
    for (let e = 1; e < editors; e++) {
      const link = await owner.createInvite(sessions[0]!.planId);
      sessions.push(await library().join(link, `Editor ${e}`));
    }
    for (const session of sessions) {
      // Remote updates are applied with local = false; own typing is local.
      session.doc.on('update', (update: Uint8Array, _origin: unknown, _doc: Y.Doc, tr: Y.Transaction) => {
        if (!tr.local) clock.applied(session.doc, update);
      });
      session.onWarning(() => errors.count++);
      devices.push({ doc: session.doc, close: () => session.close() });
      all.push(session);
    }
  }
  // Typing starts once every device is connected, caught up and has nothing unacknowledged.
  const deadline = performance.now() + 60_000;
  while (!all.every((session) => session.state().kind === 'synced')) {
    if (performance.now() > deadline) throw new Error('engine devices did not all reach "synced" within 60 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  return devices;
}

async function yjsDevices(relayUrl: (room: string) => string, clock: KeystrokeClock): Promise<Device[]> {
  const devices: Device[] = [];
  for (let p = 0; p < plans; p++) {
    for (let e = 0; e < editors; e++) {
      const client = await YjsClient.connect(relayUrl(`plan-${p}`));
      await client.synced;
      client.doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (client.isRemote(origin)) clock.applied(client.doc, update);
      });
      devices.push({ doc: client.doc, close: () => client.close() });
    }
  }
  return devices;
}

type Variant = 'safeplan' | 'safeplan-engine' | 'yjs-websocket';

async function run(variant: Variant): Promise<Record<string, number>> {
  const kind: RelayKind = variant === 'yjs-websocket' ? 'yjs-websocket' : 'safeplan';
  const relay = await startChildRelay(kind);
  const clock = new KeystrokeClock();
  const errors = { count: 0 };
  const rand = seededRandom(seed);
  try {
    const devices =
      variant === 'safeplan'
        ? await safeplanDevices(relay.url(), clock, errors)
        : variant === 'safeplan-engine'
          ? await engineDevices(relay.url(), clock, errors)
          : await yjsDevices((r) => relay.url(r), clock);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const timers = devices.map((d, i) => {
      const text = d.doc.getText('text');
      const type = () => {
        clock.keystroke(d.doc);
        text.insert(Math.floor(rand() * (text.length + 1)), String.fromCharCode(97 + (i % 26)));
      };
      // Spread the editors' ticks over the interval instead of all typing at once.
      let interval: ReturnType<typeof setInterval> | undefined;
      const start = setTimeout(() => {
        type();
        interval = setInterval(type, 1000 / rate);
      }, rand() * (1000 / rate));
      return () => {
        clearTimeout(start);
        clearInterval(interval);
      };
    });
    await new Promise((r) => setTimeout(r, seconds * 1000));
    for (const stop of timers) stop();
    const expected = () => clock.typed * (editors - 1);
    const deadline = performance.now() + 3000;
    while (clock.samples.length < expected() && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const elapsed = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const missing = expected() - clock.samples.length;
    await Promise.all(devices.map((d) => d.close()));
    const result = {
      keystrokes: clock.typed,
      applies: clock.samples.length,
      missing,
      errors: errors.count,
      // Over the keystrokes that arrived; `missing` ones had not arrived 3 s after typing stopped.
      p50: round(percentile(clock.samples, 50)),
      p99: round(percentile(clock.samples, 99)),
      loadGeneratorCpuShare: round((cpu.user + cpu.system) / 1e6 / elapsed, 2),
    };
    note(`${variant}: ${JSON.stringify(result)}`);
    return result;
  } finally {
    await relay.stop();
  }
}

note(`latency: ${plans} plans x ${editors} editors, ${rate} keystrokes/s each for ${seconds} s, seed ${seed}`);
// Headline: the real sync engine. Also measured: protocol-level devices with the engine's batcher
// and checks but no device store, outbox or presence (what the engine costs on top).
const ours = await run('safeplan-engine');
const protocol = await run('safeplan');
const baseline = await run('yjs-websocket');
const ratio = (ours.p99 as number) / (baseline.p99 as number);
const met = ours.p99! <= P99_TARGET_MS && ratio <= RATIO_TARGET && ours.missing === 0;
emit({
  bench: 'latency',
  plans,
  editors,
  keystrokesPerSecond: rate,
  seconds,
  seed,
  p50: ours.p50,
  p99: ours.p99,
  missing: ours.missing,
  baselineP50: baseline.p50,
  baselineP99: baseline.p99,
  p99Ratio: round(ratio, 2),
  engine: ours,
  protocolDevices: protocol,
  baseline,
  target: `p99 <= ${P99_TARGET_MS} ms and <= ${RATIO_TARGET} x baseline p99, none missing`,
  met,
});
if (!met) note(`latency missed its target; replay with SAFEPLAN_SEED=${seed}`);
