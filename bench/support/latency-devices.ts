import * as Y from 'yjs';
import WS from 'ws';
import { NonceSource, type Sodium } from '@safeplan/schema/crypto';
import { sealEnvelope } from '@safeplan/schema/protocol';
import { createMemoryStore } from '../../client/src/storage/memory-kv.ts';
import { createPlanLibrary } from '../../client/src/sync/index.ts';
import type { PlanSession } from '../../client/src/sync/session.ts';
import { onLocalUpdates } from '../../client/src/sync/local-updates.ts';
import { createUpdateBatcher } from '../../client/src/sync/update-batcher.ts';
import type { KeystrokeClock } from './keystroke-clock.ts';
import { PlanReader } from './reader.ts';
import { BenchClient, createSharedPlan } from './relay-client.ts';
import { YjsClient } from './yjs-client.ts';

/**
 * The simulated devices of the latency benchmark, three ways: the real sync engine, protocol-level
 * devices shaped like it, and plain Yjs clients of y-websocket (the baseline). Arrivals are timed
 * from 'afterTransaction' (keystroke-clock.ts), so the measuring itself never makes Yjs encode an
 * update a device would not have encoded anyway. One call builds the
 * devices of `plans` plans; the benchmark splits plans over worker threads, so a plan's devices
 * always live on one thread (and keystroke and apply times share one clock).
 */
export type LatencyVariant = 'safeplan' | 'safeplan-engine' | 'yjs-websocket';

export interface Device {
  doc: Y.Doc;
  close(): Promise<void>;
}

interface DeviceSet {
  s: Sodium;
  /**
   * ws URLs of the relays; the n-th device of a plan connects to urls[n % urls.length] (two
   * Safeplan relays on one store with BENCH_RELAYS=2). The Yjs relay's rooms are paths under it.
   */
  urls: string[];
  plans: number;
  /** Plan names start here (rooms of the Yjs relay must differ between threads). */
  firstPlan: number;
  editors: number;
  clock: KeystrokeClock;
  errors: { count: number };
}

export function buildDevices(variant: LatencyVariant, set: DeviceSet): Promise<Device[]> {
  switch (variant) {
    case 'safeplan':
      return protocolDevices(set);
    case 'safeplan-engine':
      return engineDevices(set);
    case 'yjs-websocket':
      return yjsDevices(set);
    default: {
      const never: never = variant;
      throw new Error(`unknown latency variant ${String(never)}`);
    }
  }
}

/** Protocol-level devices: the engine's update batcher, seal and publish; the client's checks on receipt. */
const urlOf = (urls: string[], device: number): string => urls[device % urls.length]!;

async function protocolDevices({ s, urls, plans, editors, clock, errors }: DeviceSet): Promise<Device[]> {
  const devices: Device[] = [];
  for (let p = 0; p < plans; p++) {
    const plan = await createSharedPlan(s, urlOf(urls, 0), editors);
    for (const [m, keys] of plan.members.entries()) {
      const conn = await BenchClient.open(urlOf(urls, m), s, keys);
      const doc = new Y.Doc();
      const reader = new PlanReader(s, plan, doc);
      const nonces = NonceSource.random(s);
      let next = 0;
      const batcher = createUpdateBatcher(async (merged) => {
        const envelope = sealEnvelope(s, { planId: plan.planId, epoch: 0, author: keys.sign, clock: ++next, kind: 'update' }, plan.epochKey, merged, nonces);
        conn.send({ type: 'publish', envelope });
      });
      // As the engine does (local-updates.ts): only own transactions are encoded as updates.
      onLocalUpdates(doc, 'relay', (update) => batcher.add(update));
      doc.on('afterTransaction', (tr: Y.Transaction) => {
        if (tr.origin === 'relay') clock.applied(doc, tr);
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
async function engineDevices({ urls, plans, firstPlan, editors, clock, errors }: DeviceSet): Promise<Device[]> {
  const library = (device: number) =>
    createPlanLibrary({ kv: createMemoryStore(), relayUrl: urlOf(urls, device), WebSocket: WS as unknown as typeof WebSocket, origin: 'https://safeplan.bench' });
  const devices: Device[] = [];
  const all: PlanSession[] = [];
  for (let p = 0; p < plans; p++) {
    const owner = library(0);
    const sessions: PlanSession[] = [await owner.create({ title: `Plan ${firstPlan + p}`, displayName: 'Anouk' })];
    for (let e = 1; e < editors; e++) {
      const link = await owner.createInvite(sessions[0]!.planId);
      sessions.push(await library(e).join(link, `Editor ${e}`));
    }
    for (const session of sessions) {
      // Remote updates are applied with local = false; own typing is local.
      session.doc.on('afterTransaction', (tr: Y.Transaction) => {
        if (!tr.local) clock.applied(session.doc, tr);
      });
      session.onWarning(() => errors.count++);
      devices.push({ doc: session.doc, close: () => session.close() });
      all.push(session);
    }
  }
  // Typing starts once every device is connected, caught up and has nothing unacknowledged.
  const deadline = performance.now() + 120_000;
  while (!all.every((session) => session.state().kind === 'synced')) {
    if (performance.now() > deadline) throw new Error('engine devices did not all reach "synced" within 120 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  return devices;
}

async function yjsDevices({ urls, plans, firstPlan, editors, clock }: DeviceSet): Promise<Device[]> {
  const devices: Device[] = [];
  for (let p = 0; p < plans; p++) {
    for (let e = 0; e < editors; e++) {
      const client = await YjsClient.connect(`${urlOf(urls, e)}plan-${firstPlan + p}`);
      await client.synced;
      client.doc.on('afterTransaction', (tr: Y.Transaction) => {
        if (client.isRemote(tr.origin)) clock.applied(client.doc, tr);
      });
      devices.push({ doc: client.doc, close: () => client.close() });
    }
  }
  return devices;
}
