import type { EngineSession } from '../../../client/src/sync/plan-session.ts';
import { newClient, type TestClient } from './clients.ts';
import type { TestNetwork } from './test-network.ts';

/** The list the writing tablets push their tokens into. */
export const itemsOf = (s: EngineSession) => s.doc.getArray<string>('items');

export interface WritingTablets {
  clients: TestClient[];
  planId: string;
  /** Each token written, with the index of the tablet that wrote it and the clock of its own envelope. */
  clockOf: Map<string, { client: number; clock: number }>;
  /** Stops the writers and waits until each has finished its last edit. */
  stopWriting(): Promise<void>;
}

/**
 * An owner and two joiners ('b', 'c') that keep writing tokens `${tablet}.${k}` until stopped.
 * Each edit is its own envelope (flush), so token -> clock is known and its ack can be read off
 * meta. `pauseMs` between edits keeps each tablet within the relay's default rate limit (50
 * frames/s per connection). Sessions are pushed into `sessions` as they open, so the caller's
 * `finally` closes every one of them even when opening fails halfway.
 */
export async function threeTabletsWriting(
  net: TestNetwork,
  sessions: EngineSession[],
  opts: { title: string; pauseMs: number },
): Promise<WritingTablets> {
  const clients: TestClient[] = ['owner', 'b', 'c'].map((name) => newClient(net, name));
  sessions.push((await clients[0]!.lib.create({ title: opts.title, displayName: 'owner' })) as EngineSession);
  const planId = sessions[0]!.planId;
  for (const c of clients.slice(1)) sessions.push((await c.lib.join(await clients[0]!.lib.createInvite(planId), c.name)) as EngineSession);

  const clockOf = new Map<string, { client: number; clock: number }>();
  let writing = true;
  const writer = async (i: number) => {
    for (let k = 0; writing; k++) {
      const s = sessions[i]!;
      const token = `${i}.${k}`;
      itemsOf(s).push([token]);
      await s.flush();
      clockOf.set(token, { client: i, clock: s.meta.nextClock - 1 });
      await new Promise((r) => setTimeout(r, opts.pauseMs));
    }
  };
  const writers = sessions.map((_, i) => writer(i));
  return {
    clients,
    planId,
    clockOf,
    async stopWriting() {
      writing = false;
      await Promise.all(writers);
    },
  };
}
