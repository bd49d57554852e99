import { afterAll, describe, expect, it } from 'vitest';
import type { EngineSession } from '../../client/src/sync/plan-session.ts';
import { seededRandom } from '../../schema/src/protocol/testing/seeded-random.ts';
import { startRelayProcess, testStoreKinds, type RelayProcess } from '../support/relay-process.ts';
import { describeState, newClient, until } from '../sync/support/clients.ts';
import { itemsOf, threeTabletsWriting } from '../sync/support/tablets-writing.ts';
import { TestNetwork } from '../sync/support/test-network.ts';

/**
 * The relay (server/src/main.ts in a child process, production limits) is killed with SIGKILL
 * again and again while three tablets keep writing, and restarted on the same data dir each time.
 * Nothing it acknowledged may be lost, and in the end every tablet holds every edit.
 * On SQLite and on PostgreSQL (where the relay's process dies, not the database).
 * SAFEPLAN_KILL_CYCLES=n runs n cycles (default 20 on SQLite, 5 on PostgreSQL, to keep the suite
 * short); SAFEPLAN_SEED=n replays the kill timing.
 */
const cyclesOn = { sqlite: 20, postgres: 5 } as const;
const SEED = Number(process.env.SAFEPLAN_SEED ?? Date.now() % 100_000);
let relay: RelayProcess | null = null;

afterAll(async () => {
  await relay?.stop();
});

describe.each(testStoreKinds)('a relay on %s killed with SIGKILL again and again under load', (store) => {
  const CYCLES = Number(process.env.SAFEPLAN_KILL_CYCLES ?? cyclesOn[store]);
  it(`loses no acknowledged edit in ${CYCLES} kills, and every client converges`, async () => {
    const rand = seededRandom(SEED);
    await relay?.stop();
    relay = await startRelayProcess({ store });
    const net = new TestNetwork(relay.wsUrl);
    const sessions: EngineSession[] = [];
    try {
      const { clients, planId, clockOf, stopWriting } = await threeTabletsWriting(net, sessions, { title: 'kill cycles', pauseMs: 30 });
      const ackedNow = () => [...clockOf].filter(([, at]) => at.clock <= sessions[at.client]!.meta.ackedClock).map(([t]) => t);
      const acked = new Set<string>();

      for (let cycle = 0; cycle < CYCLES; cycle++) {
        const before = ackedNow().length;
        // Kill while writes are acknowledged: at least one new ack since the last restart, then a random moment.
        await until(`new acks in cycle ${cycle} (seed ${SEED})`, () => ackedNow().length > before, 15_000);
        await new Promise((r) => setTimeout(r, Math.floor(rand() * 150)));
        await relay.kill9();
        // Read only now: an ack is sent after its commit, so each of these is on disk.
        for (const t of ackedNow()) acked.add(t);
        await relay.restart(); // same data dir, same port
        net.target = relay.wsUrl;
      }
      await stopWriting();
      const everything = [...clockOf.keys()].sort();
      expect(acked.size).toBeGreaterThanOrEqual(CYCLES);

      // A device that joins now reads the plan from the relay's disk alone.
      const late = newClient(net, 'late');
      const fresh = (await late.lib.join(await clients[0]!.lib.createInvite(planId), 'late')) as EngineSession;
      sessions.push(fresh);
      // What the relay refused and pruned, for a failure's report (a refusal names its code, not its envelope).
      const refusals = () => relay!.output().filter((l) => /frame\.refused|receipts\.pruned|limit\.hit/.test(l)).slice(-20).join('\n');
      const report = () => `seed ${SEED}\n${refusals()}\n${sessions.map((s, i) => `  ${i}: ${describeState(s.state())} ${itemsOf(s).length}`).join('\n')}`;
      await until(
        'all clients synced with every edit',
        () => sessions.every((s) => s.state().kind === 'synced' && itemsOf(s).length === everything.length),
        30_000,
        report,
      );
      const onDisk = new Set(itemsOf(fresh).toArray());
      expect([...acked].filter((t) => !onDisk.has(t)), `seed ${SEED}`).toEqual([]);
      for (const s of sessions) expect([...itemsOf(s).toArray()].sort(), `seed ${SEED}`).toEqual(everything);
      expect(clients.flatMap((c) => c.warnings)).toEqual([]);
    } finally {
      await Promise.all(sessions.map((s) => s.close()));
    }
  }, 120_000);
});
