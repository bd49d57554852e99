import { rmSync } from 'node:fs';
import { createRelay, type RelayOptions } from '../../../server/src/create-relay.ts';
import { createMemoryLogger } from '../../../server/src/log.ts';
import { newTempDir } from '../../support/temp-dir.ts';

export interface SyncRelay {
  wsUrl: string;
  dataDir: string;
  /** Every log line so far, across restarts. */
  logLines(): string[];
  /** Stops the relay (in-flight writes finish first) and starts it again on the same SQLite file. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** A real relay in this process, port 0, a real SQLite file, the relay's own membership rules. */
export async function startSyncRelay(limits?: RelayOptions['limits']): Promise<SyncRelay> {
  const dataDir = newTempDir('sync-relay-');
  const { log, lines } = createMemoryLogger();
  const start = () =>
    createRelay({
      port: 0,
      dataDir,
      log,
      limits,
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

/**
 * The relay's log lines of publishes it refused for their clock (`replayed`, `clock-gap`): a device
 * that reopens after a crash or resends after a lost ack must cause none.
 */
export function clockRefusals(relay: SyncRelay): string[] {
  return relay.logLines().filter((l) => l.includes('"replayed"') || l.includes('"clock-gap"'));
}

/** The highest seq up to which the relay pruned receipts so far (server/src/relay/receipt-pruning.ts). */
export function receiptsPrunedUpTo(relay: SyncRelay): number {
  const pruned = relay.logLines().filter((l) => l.includes('"receipts.pruned"'));
  return Math.max(0, ...pruned.map((l) => (JSON.parse(l) as { upToSeq: number }).upToSeq));
}
