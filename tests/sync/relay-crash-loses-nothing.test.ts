import { afterAll, describe, expect, it } from 'vitest';
import type { EngineSession } from '../../client/src/sync/plan-session.ts';
import { describeState, newClient, until } from './support/clients.ts';
import { itemsOf, threeTabletsWriting } from './support/tablets-writing.ts';
import { startRelayProcess, type RelayProcess } from '../support/relay-process.ts';
import { TestNetwork } from './support/test-network.ts';

let relay: RelayProcess | null = null;

afterAll(async () => {
  await relay?.stop();
});

describe('a relay killed with SIGKILL during writes', () => {
  it('loses no acknowledged edit, and the clients converge after it restarts on the same data dir', async () => {
    // server/src/main.ts in a child process, as `npm start` runs it: production rules and limits.
    relay = await startRelayProcess();
    const net = new TestNetwork(relay.wsUrl);
    const sessions: EngineSession[] = [];
    try {
      const { clients, planId, clockOf, stopWriting } = await threeTabletsWriting(net, sessions, { title: 'crash', pauseMs: 25 });
      // Counted in tokens, not clocks: a session's own name entry is an envelope of its own too.
      const ackedTokensOf = (i: number) => [...clockOf.values()].filter((at) => at.client === i && at.clock <= sessions[i]!.meta.ackedClock).length;
      await until('some edits acknowledged by everyone', () => sessions.every((_, i) => ackedTokensOf(i) >= 5));

      await relay.kill9();
      // Read the acknowledgements only now: an ack is sent after the commit, so all of these are on disk.
      const acked = [...clockOf].filter(([, at]) => at.clock <= sessions[at.client]!.meta.ackedClock).map(([t]) => t);
      expect(acked.length).toBeGreaterThanOrEqual(15);
      await until('every client sees the relay gone', () => sessions.every((s) => s.state().kind === 'offline'));
      await new Promise((r) => setTimeout(r, 30)); // keep typing offline for a moment
      await stopWriting();
      const everything = [...clockOf.keys()].sort();

      // Only the owner comes back at first: the others' unacknowledged resends must not mask a loss.
      // (The owner resends only what was never acknowledged, so it cannot mask one either.)
      net.cut('b');
      net.cut('c');
      await relay.restart(); // same data dir, same port
      net.target = relay.wsUrl;

      // A device that joins now learns the plan from the restarted relay's disk.
      const late = newClient(net, 'late');
      const fresh = (await late.lib.join(await clients[0]!.lib.createInvite(planId), 'late')) as EngineSession;
      sessions.push(fresh);
      await until('the late joiner caught up', () => fresh.state().kind === 'synced' && sessions[0]!.state().kind === 'synced');
      const onDisk = new Set(itemsOf(fresh).toArray());
      expect(acked.filter((t) => !onDisk.has(t))).toEqual([]);

      net.heal('b');
      net.heal('c');
      const report = () => sessions.map((s, i) => `  ${i}: ${describeState(s.state())} ${itemsOf(s).length}`).join('\n');
      await until(
        'all clients synced with every edit',
        () => sessions.every((s) => s.state().kind === 'synced' && itemsOf(s).length === everything.length),
        20_000,
        report,
      );
      for (const s of sessions) expect([...itemsOf(s).toArray()].sort()).toEqual(everything);
      expect(clients.flatMap((c) => c.warnings)).toEqual([]);
    } finally {
      await Promise.all(sessions.map((s) => s.close()));
    }
  }, 60_000);
});
