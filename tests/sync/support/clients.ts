import { createMemoryStore } from '../../../client/src/storage/memory-kv.ts';
import type { EngineSession } from '../../../client/src/sync/plan-session.ts';
import type { HeartbeatPolicy } from '../../../client/src/sync/heartbeat.ts';
import { createPlanLibrary } from '../../../client/src/sync/index.ts';
import type { PlanSession, SyncState, SyncWarning } from '../../../client/src/sync/session.ts';
import type { TestNetwork } from './test-network.ts';

export type Library = ReturnType<typeof createPlanLibrary>;

export interface TestClient {
  name: string;
  lib: Library;
  kv: ReturnType<typeof createMemoryStore>;
  warnings: SyncWarning[];
}

/** A simulated tablet: its own device store and its own line to the relay. */
export function newClient(
  net: TestNetwork,
  name: string,
  opts: { snapshotEvery?: number; heartbeat?: HeartbeatPolicy; reconnect?: { baseMs: number; maxMs: number } } = {},
): TestClient {
  const kv = createMemoryStore();
  const lib = createPlanLibrary({
    kv,
    relayUrl: 'ws://relay.invalid/', // the TestNetwork decides where sockets really go
    WebSocket: net.socketClass(name),
    origin: 'https://safeplan.test',
    snapshotEvery: opts.snapshotEvery,
    reconnect: opts.reconnect ?? { baseMs: 5, maxMs: 40 },
    heartbeat: opts.heartbeat,
    relayTimeoutMs: 5_000,
  });
  return { name, lib, kv, warnings: [] };
}

/** Polls `check` until it holds; fails with `what` (and the last detail) after `timeoutMs`. */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000, detail?: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}${detail ? `\n${detail()}` : ''}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const isSynced = (s: PlanSession): boolean => s.state().kind === 'synced';

export function describeState(s: SyncState): string {
  return 'waiting' in s ? `${s.kind}(${s.waiting}${s.kind === 'problem' ? `, ${s.code}` : ''})` : s.kind;
}

/** Anna creates a plan and invites Bram, who joins by the link; resolves once Bram is synced. */
export async function annaSharesAPlanWithBram(net: TestNetwork): Promise<{
  anna: TestClient;
  bram: TestClient;
  mine: EngineSession;
  theirs: EngineSession;
}> {
  const anna = newClient(net, 'anna');
  const bram = newClient(net, 'bram');
  const mine = (await anna.lib.create({ title: 'x', displayName: 'Anna' })) as EngineSession;
  const theirs = (await bram.lib.join(await anna.lib.createInvite(mine.planId), 'Bram')) as EngineSession;
  await until('joiner synced', () => theirs.state().kind === 'synced');
  return { anna, bram, mine, theirs };
}
