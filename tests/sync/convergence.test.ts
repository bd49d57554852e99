import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { seededRandom } from '../../schema/src/protocol/testing/seeded-random.ts';
import type { EngineSession } from '../../client/src/sync/plan-session.ts';
import { describeState, newClient, until, type TestClient } from './support/clients.ts';
import { relayForThisFile } from './support/relay-for-this-file.ts';

/**
 * Seeded random scenarios: 3 to 8 tablets edit one plan concurrently through a real relay while
 * lines drop, tablets go offline and keep editing, sessions close and reopen from the device
 * store, and the relay restarts on the same SQLite file. In the end every tablet must hold the
 * identical document with every edit anyone made (so certainly every acknowledged one).
 *
 * SAFEPLAN_SEEDS=n runs n seeds (default 200) starting at SAFEPLAN_SEED_BASE (default 1);
 * SAFEPLAN_SEED=n replays one.
 */
const single = Number(process.env.SAFEPLAN_SEED);
const count = Number(process.env.SAFEPLAN_SEEDS ?? 200);
const base = Number(process.env.SAFEPLAN_SEED_BASE ?? 1);
const seeds = Number.isInteger(single) && single > 0 ? [single] : Array.from({ length: count }, (_, i) => base + i);

/** What the scenarios actually exercised, so a run that never tests the hard paths fails. */
const covered = { offlineEdits: 0, reopens: 0, restarts: 0, drops: 0 };

const { relay, net } = relayForThisFile({ beforeClose: checkCoverage });

function checkCoverage(): void {
  const snapshots = relay.logLines().filter((l) => l.includes('"envelope.stored"') && l.includes('"kind":"snapshot"')).length;
  if (seeds.length >= 50) {
    expect({ ...covered, snapshots }).toEqual({
      offlineEdits: expect.toSatisfy((x: number) => x > 0),
      reopens: expect.toSatisfy((x: number) => x > 0),
      restarts: expect.toSatisfy((x: number) => x > 0),
      drops: expect.toSatisfy((x: number) => x > 0),
      snapshots: expect.toSatisfy((x: number) => x > 0),
    });
  }
  console.info(`convergence: ${seeds.length} seeds, exercised ${JSON.stringify({ ...covered, snapshots })}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const items = (s: EngineSession) => s.doc.getArray<string>('items');

async function runScenario(seed: number): Promise<void> {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const n = 3 + Math.floor(rand() * 6);
  const snapshotEvery = pick([3, 7, 1000]);
  const clients: TestClient[] = Array.from({ length: n }, (_, i) => newClient(net, `s${seed}c${i}`, { snapshotEvery }));
  const sessions: EngineSession[] = [];
  const inserted = new Set<string>();
  const deleted = new Set<string>();
  let restarted = false;
  try {
    const owner = (await clients[0]!.lib.create({ title: `seed ${seed}`, displayName: 'c0' })) as EngineSession;
    sessions.push(owner);
    // Invites one after another (each names the log's head), joins all at once.
    const urls: string[] = [];
    for (let i = 1; i < n; i++) urls.push(await clients[0]!.lib.createInvite(owner.planId));
    const joined = await Promise.all(clients.slice(1).map((c, i) => c.lib.join(urls[i]!, c.name)));
    sessions.push(...(joined as EngineSession[]));
    sessions.forEach((s, i) => s.onWarning((w) => clients[i]!.warnings.push(w)));

    const steps = 15 + Math.floor(rand() * 25);
    for (let step = 0; step < steps; step++) {
      const i = Math.floor(rand() * n);
      const c = clients[i]!;
      const r = rand();
      if (r < 0.55) {
        const list = items(sessions[i]!);
        if (list.length > 0 && rand() < 0.2) {
          const at = Math.floor(rand() * list.length);
          deleted.add(list.get(at));
          list.delete(at, 1);
        } else {
          const token = `${i}.${step}`;
          if (net.isOffline(c.name)) covered.offlineEdits++;
          inserted.add(token);
          list.insert(Math.floor(rand() * (list.length + 1)), [token]);
        }
      } else if (r < 0.65) net.cut(c.name);
      else if (r < 0.75) net.heal(c.name);
      else if (r < 0.8) {
        covered.drops++;
        sessions[i]!.dropConnection();
      }
      else if (r < 0.86) {
        covered.reopens++;
        const planId = sessions[i]!.planId;
        await sessions[i]!.close();
        sessions[i] = (await c.lib.open(planId)) as EngineSession;
        sessions[i]!.onWarning((w) => c.warnings.push(w));
      } else if (r < 0.88 && !restarted) {
        restarted = true;
        covered.restarts++;
        await relay.restart();
        net.target = relay.wsUrl;
      } else await sleep(Math.floor(rand() * 8));
      if (rand() < 0.3) await sleep(1);
    }

    net.healAll();
    const expected = [...inserted].filter((t) => !deleted.has(t)).sort();
    const report = () =>
      sessions.map((s, i) => `  c${i}: ${describeState(s.state())} ${JSON.stringify(items(s).toArray())}`).join('\n') +
      `\n  expected (any order): ${JSON.stringify(expected)}`;
    await until(
      'every tablet synced with the same document',
      () => {
        if (!sessions.every((s) => s.state().kind === 'synced')) return false;
        const first = JSON.stringify(items(sessions[0]!).toArray());
        return sessions.every((s) => JSON.stringify(items(s).toArray()) === first);
      },
      15_000,
      report,
    );
    expect([...items(sessions[0]!).toArray()].sort(), report()).toEqual(expected);
    const stateVectors = sessions.map((s) => Buffer.from(Y.encodeStateVector(s.doc)).toString('base64'));
    expect(new Set(stateVectors).size).toBe(1);
    expect(clients.flatMap((c) => c.warnings.map((w) => `${c.name}: ${w.code}`))).toEqual([]);
  } finally {
    net.healAll();
    await Promise.all(sessions.map((s) => s.close()));
  }
}

describe('clients editing concurrently through a relay converge', () => {
  for (const seed of seeds) {
    it(`seed ${seed}`, async () => {
      try {
        await runScenario(seed);
      } catch (err) {
        const replay = `replay: SAFEPLAN_SEED=${seed} pnpm test tests/sync/convergence.test.ts`;
        if (err instanceof Error) err.message = `seed ${seed} failed (${replay})\n${err.message}`;
        throw err;
      }
    });
  }
});
