import { ready } from '@safeplan/schema/crypto';
import { rmSync } from 'node:fs';
import { createServer, Socket, type Server } from 'node:net';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { newTempDir } from '../testing/temp-dir.ts';
import { createRelay, type RunningRelay } from '../create-relay.ts';
import { createMemoryLogger } from '../log.ts';
import type { NewEnvelope, RelayStore } from '../store/relay-store.ts';
import { openSqliteStore } from '../store/sqlite-store.ts';
import { openPostgresStore, type PostgresStoreOptions } from '../store/postgres-store.ts';
import { freshPgSchema, TEST_PG_URL } from '../testing/postgres-schema.ts';
import { testStoreKinds, type TestStoreKind } from '../testing/relay.ts';
import { newTestPlan, RelayTestClient, sealTestEnvelope, type TestPlan } from '../testing/relay-test-client.ts';

const sodium = await ready();
let relay: RunningRelay | null = null;
const clients: RelayTestClient[] = [];
/** Run after each test, after the relay closed: temp dirs, schemas, proxies. */
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await relay?.close();
  relay = null;
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A real store of this kind on fresh storage, removed after the test. */
async function realStore(kind: TestStoreKind, pgOptions: Partial<PostgresStoreOptions> = {}): Promise<RelayStore> {
  if (kind === 'sqlite') {
    const dataDir = newTempDir('relay-acks-');
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    return openSqliteStore(dataDir);
  }
  const db = await freshPgSchema();
  cleanups.push(db.drop);
  return openPostgresStore({ url: db.url, schema: db.schema, poolSize: 4, ...pgOptions });
}

/** A real store whose envelope commits the test releases (or fails) by hand. */
async function gatedStore(kind: TestStoreKind) {
  const real = await realStore(kind);
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

describe.each(testStoreKinds)('the relay acknowledges an update only after it is committed (%s store)', (kind) => {
  it('sends neither ack nor delivery while the commit is pending', async () => {
    const gated = await gatedStore(kind);
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
    const gated = await gatedStore(kind);
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
    const gated = await gatedStore(kind);
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

  it('re-acks the very same envelope with its original seq, without storing or delivering it twice', async () => {
    const gated = await gatedStore(kind);
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

describe('the relay on SQLite', () => {
  it('answers internal and acks nothing once the store writer thread has died', async () => {
    const dataDir = newTempDir('relay-acks-');
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
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

});

describe('the relay on PostgreSQL', () => {
  it('answers internal, acks nothing and stores nothing while the plan is locked past the statement timeout, then accepts the retry', async () => {
    const store = await realStore('postgres', { statementTimeoutMs: 300 });
    const { owner, peer, plan, lines } = await startWithPlan(store);
    const schema = (store as { schema?: string }).schema as string;
    // Another session (an admin's, or a stuck relay's) holds the plan's row.
    const holder = new pg.Client({ connectionString: TEST_PG_URL });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query(`SELECT 1 FROM "${schema}".plans FOR UPDATE`);
    const envelope = sealTestEnvelope(sodium, plan, owner.device, { clock: 1 });
    try {
      const started = Date.now();
      owner.send({ type: 'publish', envelope });
      const err = await owner.next('error');
      expect(err.code).toBe('internal');
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(await peer.silentFor(100)).toBe(true);
    } finally {
      // Even when the test fails: a held lock would keep the relay's close waiting.
      await holder.query('ROLLBACK');
      await holder.end();
    }
    expect(await store.latestSeq(toKey(plan))).toBe(0);
    expect(lines.some((l) => l.includes('"store.failed"'))).toBe(true);

    owner.send({ type: 'publish', envelope });
    expect(await owner.next('ack')).toMatchObject({ clock: 1, seq: 1 });
    expect((await peer.next('deliver')).envelope).toEqual(envelope);
  });

  it('answers internal and acks nothing once the database cannot be reached, and accepts the retry when it is back', async () => {
    const db = await freshPgSchema();
    cleanups.push(db.drop);
    const proxy = await tcpProxy(new URL(db.url));
    cleanups.push(proxy.close);
    const via = new URL(db.url);
    via.port = String(proxy.port);
    const store = await openPostgresStore({ url: via.toString(), schema: db.schema, poolSize: 2 });
    const { owner, peer, plan, lines } = await startWithPlan(store);
    owner.send({ type: 'publish', envelope: sealTestEnvelope(sodium, plan, owner.device, { clock: 1 }) });
    expect(await owner.next('ack')).toMatchObject({ clock: 1, seq: 1 });
    await peer.next('deliver');

    proxy.cut(); // every connection reset, new ones refused: the database is gone
    const two = sealTestEnvelope(sodium, plan, owner.device, { clock: 2 });
    owner.send({ type: 'publish', envelope: two });
    expect((await owner.next('error')).code).toBe('internal');
    expect(await peer.silentFor(100)).toBe(true);
    // Refused where the store first failed: reading the author's receipt, or the commit itself.
    expect(lines.some((l) => /"(store|frame)\.failed"/.test(l))).toBe(true);

    proxy.restore();
    owner.send({ type: 'publish', envelope: two });
    expect(await owner.next('ack')).toMatchObject({ clock: 2, seq: 2 });
    expect((await peer.next('deliver')).envelope).toEqual(two);
  });
});

/** A TCP forwarder to PostgreSQL that the test can cut (reset every connection, refuse new ones) and restore. */
async function tcpProxy(target: URL): Promise<{ port: number; cut(): void; restore(): void; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let open = true;
  const server: Server = createServer((client) => {
    if (!open) return client.destroy();
    const upstream = new Socket();
    upstream.connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    cut() {
      open = false;
      for (const s of sockets) s.resetAndDestroy();
    },
    restore() {
      open = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function toKey(plan: TestPlan): string {
  return Buffer.from(plan.planId).toString('base64url');
}
