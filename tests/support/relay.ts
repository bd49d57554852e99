import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRelay } from '../../server/src/create-relay.ts';
import { createMemoryLogger } from '../../server/src/log.ts';

const tmpRoot = fileURLToPath(new URL('../.tmp/', import.meta.url));

export interface TestRelay {
  /** http://localhost:<port> */
  url: string;
  /** ws://localhost:<port>/ */
  wsUrl: string;
  port: number;
  /** The SQLite data directory (a fresh temp dir unless one was given). */
  dataDir: string;
  /** Every log line the relay wrote so far, as raw JSON strings. */
  logLines(): string[];
  /** The log lines parsed, for asserting on event names and fields. */
  logEvents(): Array<Record<string, unknown>>;
  /** Stops the relay; removes the temp data dir unless it was passed in. */
  close(): Promise<void>;
}

export interface TestRelayOptions {
  /** Serve the built app from here (e.g. client/dist). */
  staticDir?: string;
  /** Reuse a data dir (e.g. to restart on the same SQLite file); kept on close. */
  dataDir?: string;
}

/** Starts a real relay in this process on port 0 with a real SQLite file in a temp dir. */
export async function startRelay(options: TestRelayOptions = {}): Promise<TestRelay> {
  mkdirSync(tmpRoot, { recursive: true });
  const ownsDir = !options.dataDir;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpRoot, 'relay-'));
  const { log, lines } = createMemoryLogger();
  const relay = await createRelay({ port: 0, dataDir, staticDir: options.staticDir, log });
  return {
    url: relay.url,
    wsUrl: relay.wsUrl,
    port: relay.port,
    dataDir,
    logLines: () => [...lines],
    logEvents: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    close: async () => {
      await relay.close();
      if (ownsDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
