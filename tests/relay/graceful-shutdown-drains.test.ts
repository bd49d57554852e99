import { ready, type Sodium } from '@safeplan/schema/crypto';
import { RECONNECT_CLOSE_CODE } from '@safeplan/schema/protocol';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createMemoryStore } from '../../client/src/storage/memory-kv.ts';
import { createPlanLibrary } from '../../client/src/sync/index.ts';
import type { EngineSession } from '../../client/src/sync/plan-session.ts';
import { describeState, until } from '../sync/support/clients.ts';
import { publishBacklog, stalledReader, type Backlog } from '../support/backlog.ts';
import { startLoadBalancer, type LoadBalancer } from '../support/load-balancer.ts';
import { startRelayProcess, testStoreKinds, type RelayProcess, type TestStoreKind } from '../support/relay-process.ts';
import { newTempDir } from '../support/temp-dir.ts';

/**
 * A relay that gets SIGTERM under a stream of edits: /readyz turns 503 at once (the load
 * balancer stops sending it new sockets), what it already read is committed and acked, its
 * sockets close with the reconnect code, and the tablets are on the standby relay within moments,
 * without their backoff (seconds here). Nothing typed is lost: a device that joins later through
 * a third relay on the same data dir reads every word.
 *
 * On PostgreSQL the relays share one schema, as two relays behind a balancer do. On SQLite they
 * share one file, one at a time: the standby only touches the plan after the draining relay
 * committed and closed (docs/deploy.md; two relays serving at once need PostgreSQL).
 */
const DRAIN_MS = 1500;
// A reconnect after backoff would take at least baseMs / 2 (backoff.ts); the reconnect code skips it.
const RECONNECT = { baseMs: 4000, maxMs: 8000 };

let sodium: Sodium;
const dataDir = newTempDir('graceful-');
const relays: RelayProcess[] = [];
let lb: LoadBalancer | undefined;
let backlog: Backlog | undefined;
const stalled: WebSocket[] = [];

afterAll(async () => {
  for (const ws of stalled) ws.terminate();
  await backlog?.owner.close();
  await lb?.close();
  // The first relay of a store owns its PostgreSQL schema: it goes last.
  for (const r of relays.reverse()) await r.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Relays on one store: the first makes it (a fresh schema on PostgreSQL), the others join it. */
function relaysOn(store: TestStoreKind, env: Record<string, string>) {
  let first: RelayProcess | undefined;
  return async (): Promise<RelayProcess> => {
    const r = await startRelayProcess(
      store === 'sqlite' ? { dataDir, env } : first ? { store, pgSchema: first.pgSchema as string, env } : { store, env },
    );
    first ??= r;
    relays.push(r);
    return r;
  };
}

interface Line {
  opens: number[];
  closes: { at: number; code: number }[];
}

/** A tablet: the real sync engine over a WebSocket class that records when it opened and how it closed. */
function tablet(url: string) {
  const line: Line = { opens: [], closes: [] };
  class RecordingSocket extends WebSocket {
    constructor(_url: string) {
      super(url);
      this.on('open', () => line.opens.push(performance.now()));
      this.on('close', (code: number) => line.closes.push({ at: performance.now(), code }));
    }
  }
  const lib = createPlanLibrary({
    kv: createMemoryStore(),
    relayUrl: url,
    WebSocket: RecordingSocket as unknown as typeof globalThis.WebSocket,
    origin: 'https://safeplan.test',
    reconnect: RECONNECT,
    relayTimeoutMs: 10_000,
  });
  return { lib, line };
}

/** Types a numbered word every few milliseconds until stopped; resolves with every word typed. */
function typeWords(plan: EngineSession, who: string) {
  const words: string[] = [];
  let going = true;
  const done = (async () => {
    for (let i = 0; going; i++) {
      const word = `${who}${i} `;
      const text = plan.doc.getText('t');
      text.insert(text.length, word);
      words.push(word.trim());
      await plan.flush();
      await new Promise((r) => setTimeout(r, 15));
    }
    return words;
  })();
  return {
    stop: () => {
      going = false;
      return done;
    },
  };
}

const jsonLines = (r: RelayProcess) =>
  r.output().flatMap((l) => {
    try {
      return [JSON.parse(l) as Record<string, unknown>];
    } catch {
      return [];
    }
  });

describe.each(testStoreKinds)('a relay on %s that gets SIGTERM drains', (store) => {
  it('commits what it read, says 503 on /readyz, closes with the reconnect code, and the tablets move on at once, losing nothing', async () => {
    sodium = await ready();
    const env = { SAFEPLAN_DRAIN_MS: String(DRAIN_MS), SAFEPLAN_MAX_PLAN_BYTES: String(256 * 1024 * 1024), SAFEPLAN_RATE_BURST_BYTES: String(256 * 1024 * 1024) };
    const nextRelay = relaysOn(store, env);
    const a = await nextRelay();
    const b = await nextRelay();
    lb = await startLoadBalancer([{ url: a.url }, { url: b.url }]);

    // A reader that never drains its catch-up keeps the drain busy until DRAIN_MS: the bound.
    backlog = await publishBacklog(sodium, a.wsUrl, 8, 1_000_000);
    stalled.push(await stalledReader(sodium, a.wsUrl, backlog));

    const anna = tablet(lb.wsUrl);
    const bram = tablet(lb.wsUrl);
    const mine = (await anna.lib.create({ title: 'x', displayName: 'Anna' })) as EngineSession;
    const theirs = (await bram.lib.join(await anna.lib.createInvite(mine.planId), 'Bram')) as EngineSession;
    await until('bram synced', () => theirs.state().kind === 'synced', 10_000, () => describeState(theirs.state()));

    const typingA = typeWords(mine, 'a');
    const typingB = typeWords(theirs, 'b');
    await new Promise((r) => setTimeout(r, 300));
    const signalled = performance.now();
    const exited = a.terminate();
    await new Promise((r) => setTimeout(r, DRAIN_MS + 1000));
    const typed = [...(await typingA.stop()), ...(await typingB.stop())];
    expect(await exited).toBe(0);

    for (const [who, plan] of [['anna', mine], ['bram', theirs]] as const) {
      await until(`${who} synced on the standby`, () => plan.state().kind === 'synced', 15_000, () => describeState(plan.state()));
    }
    expect(mine.doc.getText('t').toString()).toBe(theirs.doc.getText('t').toString());

    // The drain: 503 on /readyz while still answering, bounded by DRAIN_MS because of the stalled reader.
    expect(lb.seen(a.url)).toContain(503);
    const drained = jsonLines(a).find((e) => e.event === 'relay.drained');
    expect(drained).toMatchObject({ timedOut: true });
    expect(Number(drained?.ms)).toBeGreaterThanOrEqual(DRAIN_MS - 50);
    expect(Number(drained?.ms)).toBeLessThan(DRAIN_MS + 2000);

    // Each tablet got the reconnect code after the signal and opened its next socket at once.
    for (const { line } of [anna, bram]) {
      const goAway = line.closes.find((c) => c.code === RECONNECT_CLOSE_CODE && c.at > signalled);
      expect(goAway, JSON.stringify(line.closes)).toBeDefined();
      const next = line.opens.find((t) => t > (goAway?.at ?? Infinity));
      expect(next, 'reopened').toBeDefined();
      expect((next as number) - (goAway as { at: number }).at).toBeLessThan(RECONNECT.baseMs / 2);
    }
    expect(jsonLines(b).filter((e) => e.event === 'conn.ready').length).toBeGreaterThanOrEqual(2);

    // Read back through a third relay on the same data dir: a device that joins now reads every word.
    const c = await nextRelay();
    lb.setBackends([{ url: b.url }, { url: c.url }]);
    await b.terminate();
    lb.setBackends([{ url: c.url }]);
    await until('anna back on the third relay', () => mine.state().kind === 'synced', 15_000, () => describeState(mine.state()));
    const cara = tablet(lb.wsUrl);
    const hers = (await cara.lib.join(await anna.lib.createInvite(mine.planId), 'Cara')) as EngineSession;
    await until('cara synced', () => hers.state().kind === 'synced', 15_000, () => describeState(hers.state()));
    const read = new Set(hers.doc.getText('t').toString().split(' ').filter(Boolean));
    const lost = typed.filter((w) => !read.has(w));
    expect(lost, `lost ${lost.length} of ${typed.length}`).toEqual([]);
    expect(typed.length).toBeGreaterThan(50);
    for (const lib of [anna.lib, bram.lib, cara.lib]) await lib.close();
    for (const ws of stalled.splice(0)) ws.terminate();
    await backlog.owner.close();
    await lb.close();
    lb = undefined;
  }, 90_000);
});
