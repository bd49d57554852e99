import { createMemoryStore } from '../../../client/src/storage/memory-kv.ts';
import type { KeyValueStore } from '../../../client/src/storage/kv.ts';
import { createPlanLibrary } from '../../../client/src/sync/index.ts';
import type { EngineSession } from '../../../client/src/sync/plan-session.ts';
import type { SyncWarning } from '../../../client/src/sync/session.ts';
import { until } from './clients.ts';
import type { TestNetwork } from './test-network.ts';

/** A library on `kv` whose sockets go through `net` as `name` (quick reconnects, as in every sync test). */
export function libraryOn(net: TestNetwork, name: string, kv: KeyValueStore): ReturnType<typeof createPlanLibrary> {
  return createPlanLibrary({
    kv,
    relayUrl: 'ws://relay.invalid/',
    WebSocket: net.socketClass(name),
    origin: 'https://safeplan.test',
    reconnect: { baseMs: 5, maxMs: 40 },
    relayTimeoutMs: 5_000,
  });
}

/** Anna (on `annaKv`) shares a plan with Bram (on `bramKv`); both synced, their warnings collected. */
export async function shareBetween(
  net: TestNetwork,
  annaKv: KeyValueStore = createMemoryStore(),
  bramKv: KeyValueStore = createMemoryStore(),
): Promise<{ mine: EngineSession; theirs: EngineSession; warnings: SyncWarning[] }> {
  const anna = libraryOn(net, 'anna', annaKv);
  const bram = libraryOn(net, 'bram', bramKv);
  const mine = (await anna.create({ title: 'x', displayName: 'Anna' })) as EngineSession;
  const theirs = (await bram.join(await anna.createInvite(mine.planId), 'Bram')) as EngineSession;
  await until('both synced', () => mine.state().kind === 'synced' && theirs.state().kind === 'synced');
  const warnings: SyncWarning[] = [];
  mine.onWarning((w) => warnings.push(w));
  theirs.onWarning((w) => warnings.push(w));
  return { mine, theirs, warnings };
}
