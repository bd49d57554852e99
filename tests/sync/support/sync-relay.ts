import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRelay } from '../../../server/src/create-relay.ts';
import { createMemoryLogger } from '../../../server/src/log.ts';

const tmpRoot = fileURLToPath(new URL('../../.tmp/', import.meta.url));

export interface SyncRelay {
  wsUrl: string;
  dataDir: string;
  /** Every log line so far, across restarts. */
  logLines(): string[];
  /** Stops the relay (in-flight writes finish first) and starts it again on the same SQLite file. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export function newDataDir(prefix: string): string {
  mkdirSync(tmpRoot, { recursive: true });
  return mkdtempSync(join(tmpRoot, prefix));
}

/** A real relay in this process, port 0, a real SQLite file, the relay's own membership rules. */
export async function startSyncRelay(): Promise<SyncRelay> {
  const dataDir = newDataDir('sync-relay-');
  const { log, lines } = createMemoryLogger();
  const start = () =>
    createRelay({
      port: 0,
      dataDir,
      log,
    });
  let relay = await start();
  const handle: SyncRelay = {
    wsUrl: relay.wsUrl,
    dataDir,
    logLines: () => [...lines],
    async restart() {
      await relay.close();
      relay = await start();
      handle.wsUrl = relay.wsUrl;
    },
    async close() {
      await relay.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return handle;
}
