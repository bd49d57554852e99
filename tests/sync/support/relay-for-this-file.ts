import { afterAll, beforeAll } from 'vitest';
import type { RelayOptions } from '../../../server/src/create-relay.ts';
import { startSyncRelay, type SyncRelay } from './sync-relay.ts';
import { TestNetwork } from './test-network.ts';

export interface RelayForThisFile {
  /** Stands for the relay started in `beforeAll`; using it earlier throws. */
  relay: SyncRelay;
  /** Exists at once, so a file can tap it at the top; it points at the relay from `beforeAll` on. */
  net: TestNetwork;
}

/**
 * One real relay (port 0, its own SQLite file) and one network for all tests of a file, started
 * before them and closed after them. `beforeClose` reads the relay one last time (its logs) before
 * it closes; the relay closes even when that fails.
 */
export function relayForThisFile(opts: { beforeClose?: (relay: SyncRelay) => void | Promise<void>; limits?: RelayOptions['limits'] } = {}): RelayForThisFile {
  let started: SyncRelay | undefined;
  const current = (): SyncRelay => {
    if (!started) throw new Error('the relay of this file starts in beforeAll; use it inside a test or hook');
    return started;
  };
  // A stand-in with a stable identity, so tests can destructure it at module level.
  const relay: SyncRelay = {
    get wsUrl() {
      return current().wsUrl;
    },
    get dataDir() {
      return current().dataDir;
    },
    logLines: () => current().logLines(),
    restart: () => current().restart(),
    close: () => current().close(),
  };
  const net = new TestNetwork('');

  beforeAll(async () => {
    started = await startSyncRelay(opts.limits);
    net.target = started.wsUrl;
  });
  afterAll(async () => {
    net.close();
    if (!started) return;
    try {
      await opts.beforeClose?.(relay);
    } finally {
      await started.close();
    }
  });
  return { relay, net };
}
