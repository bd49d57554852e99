import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRelay } from '../../server/src/create-relay.ts';
import { silentLogger } from '../../server/src/log.ts';

export const DIST_DIR = fileURLToPath(new URL('../../client/dist', import.meta.url));

export interface AppServer {
  /** http://localhost:<port>/ : the built app, served by a real relay. */
  url: string;
  /** ws://localhost:<port>/ : the same relay's WebSocket. */
  wsUrl: string;
  close(): Promise<void>;
}

/** Serves the built app for browser tests from a real relay on port 0 with its own SQLite file. */
export async function startAppServer(staticDir = DIST_DIR): Promise<AppServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'safeplan-relay-'));
  const relay = await createRelay({ port: 0, dataDir, staticDir, log: silentLogger });
  return {
    url: `${relay.url}/`,
    wsUrl: relay.wsUrl,
    async close() {
      await relay.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
