import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRelay, type RelayOptions } from '../../server/src/create-relay.ts';
import { createMemoryLogger } from '../../server/src/log.ts';

export const DIST_DIR = fileURLToPath(new URL('../../client/dist', import.meta.url));

export interface AppServer {
  /** http://localhost:<port>/ : the built app, served by a real relay. */
  url: string;
  /** ws://localhost:<port>/ : the same relay's WebSocket. */
  wsUrl: string;
  /** The relay's log lines so far (ids, sizes and codes only: it never logs content). */
  logLines(): string[];
  close(): Promise<void>;
}

/** Serves the built app for browser tests from a real relay on port 0 with its own SQLite file. */
export async function startAppServer(staticDir = DIST_DIR, limits?: RelayOptions['limits'], wireVersions?: RelayOptions['wireVersions']): Promise<AppServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'safeplan-relay-'));
  const { log, lines } = createMemoryLogger();
  const relay = await createRelay({ port: 0, dataDir, staticDir, log, limits, wireVersions });
  return {
    url: `${relay.url}/`,
    wsUrl: relay.wsUrl,
    logLines: () => [...lines],
    async close() {
      await relay.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface NetworkGate {
  /** http://localhost:<port>/ : the same app and relay, reached through the gate. */
  url: string;
  /** Drops every open connection (the WebSocket too) and refuses new ones: the line is down. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

/**
 * A TCP pass-through in front of the app server, for one device. Chromium's offline emulation
 * (`context.setOffline`) blocks new requests but leaves an open WebSocket running, which a real
 * lost connection does not: cutting the gate as well gives the device a real network loss.
 */
export async function startNetworkGate(server: AppServer): Promise<NetworkGate> {
  const target = new URL(server.url);
  const open = new Set<Socket>();
  let down = false;
  const gate = createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = connect(Number(target.port), target.hostname);
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => gate.listen(0, resolve));
  const { port } = gate.address() as AddressInfo;
  return {
    url: `http://${target.hostname}:${port}/`,
    cut() {
      down = true;
      for (const s of open) s.destroy();
    },
    restore() {
      down = false;
    },
    async close() {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => gate.close(() => resolve()));
    },
  };
}
