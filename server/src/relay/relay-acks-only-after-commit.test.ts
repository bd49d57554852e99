import { ready } from '@safeplan/schema/crypto';
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { newTempDir } from '../testing/temp-dir.ts';
import { createRelay, type RunningRelay } from '../create-relay.ts';
import { createMemoryLogger } from '../log.ts';
import type { NewEnvelope, RelayStore } from '../store/relay-store.ts';
import { openSqliteStore } from '../store/sqlite-store.ts';
import { newTestPlan, RelayTestClient, sealTestEnvelope, type TestPlan } from '../testing/relay-test-client.ts';

const sodium = await ready();
let relay: RunningRelay | null = null;
let dataDir: string;
const clients: RelayTestClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await relay?.close();
  relay = null;
  rmSync(dataDir, { recursive: true, force: true });
});

/** A real SQLite store whose envelope commits the test releases (or fails) by hand. */
function gatedStore() {
  dataDir = newTempDir('relay-acks-');
  const real = openSqliteStore(dataDir);
  const gates: Array<{ release: () => void; fail: (e: Error) => void }> = [];
  let gated = true;
  const store: RelayStore = {
    ...real,
    appendEnvelopes: (e: readonly NewEnvelope[]) => {
      if (!gated) return real.appendEnvelopes(e);
      return new Promise<number[]>((resolve, reject) => {
        gates.push({
          release: () => resolve(real.appendEnvelopes(e)),
          fail: reject,
        });
      });
    },
  };
  return { store, real, gates, ungate: () => (gated = false) };
}

async function startWithPlan(store: RelayStore) {
  const { log, lines } = createMemoryLogger();
  relay = await createRelay({ port: 0, store, log });
  const owner = await RelayTestClient.authenticated(relay.wsUrl, sodium);
  const peer = await RelayTestClient.authenticated(relay.wsUrl, sodium, owner.device);
  clients.push(owner, peer);
  const plan: TestPlan = newTestPlan(sodium, owner.device);
  owner.send({ type: 'member-event', planId: plan.planId, event: plan.genesis });
  await owner.next('log');
  for (const c of [owner, peer]) await c.subscribeFromStart(plan.planId);
  return { owner, peer, plan, lines };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe('the relay acknowledges an update only after it is committed', () => {
  it('sends neither ack nor delivery while the commit is pending', async () => {
    const gated = gatedStore();
    const { owner, peer, plan } = await startWithPlan(gated.store);
    const envelope = sealTestEnvelope(sodium, plan, owner.device, { clock: 1 });
    owner.send({ type: 'publish', envelope });
    await until(() => gated.gates.length === 1);
    expect(await owner.silentFor(150)).toBe(true);
    expect(await peer.silentFor(0)).toBe(true);
    expect(await gated.real.latestSeq(toKey(plan))).toBe(0);

    gated.gates[0]?.release();
    expect(await owner.next('ack')).toMatchObject({ clock: 1, seq: 1 });
    expect((await peer.next('deliver')).envelope).toEqual(envelope);
    expect(await gated.real.latestSeq(toKey(plan))).toBe(1);
  });

  it('answers a failed commit with internal, stores nothing, and accepts the retry', async () => {
    const gated = gatedStore();
    const { owner, peer, plan, lines } = await startWithPlan(gated.store);
    const envelope = sealTestEnvelope(sodium, plan, owner.device, { clock: 1 });
    owner.send({ type: 'publish', envelope });
    await until(() => gated.gates.length === 1);
    gated.gates[0]?.fail(new Error('disk full'));
    const err = await owner.next('error');
    expect(err.code).toBe('internal');
    expect(err.ref).toEqual(plan.planId);
    expect(await peer.silentFor(100)).toBe(true);
    expect(lines.some((l) => l.includes('"store.failed"'))).toBe(true);

    gated.ungate();
    owner.send({ type: 'publish', envelope });
    expect(await owner.next('ack')).toMatchObject({ clock: 1, seq: 1 });
    expect((await peer.next('deliver')).envelope).toEqual(envelope);
  });

  it('acks a resend from a second connection that lands in the same commit as its first copy', async () => {
    const gated = gatedStore();
    const { owner, peer, plan } = await startWithPlan(gated.store);
    owner.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, owner.device, { clock: 1 }) });
    await until(() => gated.gates.length === 1);
    // While that commit is held, clock 2 arrives twice: on the first socket and, as after a
    // reconnect, on a second socket of the same device. Both wait for the next commit together.
    const two = sealTestEnvelope(sodium, plan, owner.device, { clock: 2 });
    owner.send({ type: 'publish', envelope: two });
    peer.send({ type: 'publish', envelope: two });
    await new Promise((r) => setTimeout(r, 200));
    gated.ungate();
    gated.gates[0]?.release();

    expect(await owner.next('ack')).toMatchObject({ clock: 1, seq: 1 });
    expect(await owner.next('ack')).toMatchObject({ clock: 2, seq: 2 });
    const peerFrames: string[] = [];
    for (;;) {
      const frame = await peer.next();
      peerFrames.push(frame.type === 'ack' ? `ack ${frame.clock}:${frame.seq}` : frame.type);
      if (frame.type === 'ack' || frame.type === 'error') break;
    }
    expect(peerFrames.at(-1)).toBe('ack 2:2');
    expect(await gated.real.latestSeq(toKey(plan))).toBe(2);
  });

  it('answers internal and acks nothing once the store writer thread has died', async () => {
    dataDir = newTempDir('relay-acks-');
    const store = openSqliteStore(dataDir);
    const { owner, peer, plan, lines } = await startWithPlan(store);
    owner.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, owner.device, { clock: 1 }) });
    expect(await owner.next('ack')).toMatchObject({ clock: 1, seq: 1 });
    await peer.next('deliver');

    await store.crashWriter();
    owner.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, owner.device, { clock: 2 }) });
    const err = await owner.next('error');
    expect(err.code).toBe('internal');
    expect(err.ref).toEqual(plan.planId);
    expect(await owner.silentFor(100)).toBe(true);
    expect(await peer.silentFor(0)).toBe(true);
    expect(await store.latestSeq(toKey(plan))).toBe(1);
    expect(lines.some((l) => l.includes('"store.failed"'))).toBe(true);
  });

  it('re-acks the very same envelope with its original seq, without storing or delivering it twice', async () => {
    const gated = gatedStore();
    gated.ungate();
    const { owner, peer, plan } = await startWithPlan(gated.store);
    const one = sealTestEnvelope(sodium, plan, owner.device, { clock: 1 });
    const two = sealTestEnvelope(sodium, plan, owner.device, { clock: 2 });
    owner.send({ type: 'publish', envelope: one });
    owner.send({ type: 'publish', envelope: two });
    expect((await owner.next('ack')).seq).toBe(1);
    expect((await owner.next('ack')).seq).toBe(2);
    await peer.next('deliver');
    await peer.next('deliver');

    owner.send({ type: 'publish', envelope: one });
    owner.send({ type: 'publish', envelope: two });
    expect(await owner.next('ack')).toMatchObject({ clock: 1, seq: 1 });
    expect(await owner.next('ack')).toMatchObject({ clock: 2, seq: 2 });
    expect(await peer.silentFor(100)).toBe(true);
    expect(await gated.real.latestSeq(toKey(plan))).toBe(2);
  });
});

function toKey(plan: TestPlan): string {
  return Buffer.from(plan.planId).toString('base64url');
}
