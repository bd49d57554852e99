import { rmSync } from 'node:fs';
import { createRelay, type RelayOptions } from '../../server/src/create-relay.ts';
import { createMemoryLogger } from '../../server/src/log.ts';
import { newTempDir } from './temp-dir.ts';

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
  /** Membership checks other than the shared ones (a test that needs a reader, say). */
  rules?: RelayOptions['rules'];
  /** Small or slow limits for the tests of rate limiting, large ones for tests that must not hit them. */
  limits?: RelayOptions['limits'];
  /** The wire versions the relay accepts (a relay older or newer than the app under test). */
  wireVersions?: RelayOptions['wireVersions'];
}

/** Starts a real relay in this process on port 0 with a real SQLite file in a temp dir. */
export async function startRelay(options: TestRelayOptions = {}): Promise<TestRelay> {
  const ownsDir = !options.dataDir;
  const dataDir = options.dataDir ?? newTempDir('relay-');
  const { log, lines } = createMemoryLogger();
  const relay = await createRelay({ port: 0, dataDir, staticDir: options.staticDir, rules: options.rules, limits: options.limits, wireVersions: options.wireVersions, log });
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
