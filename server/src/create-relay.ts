import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createHttpHandler } from './http/http-handler.ts';
import { createJsonLogger, type Logger } from './log.ts';
import { ready } from '@safeplan/schema/crypto';
import { createPlanAuthority } from './auth/plan-authority.ts';
import { withNativeVerify } from './crypto/native-verify.ts';
import type { MembershipRules } from './auth/membership-rules.ts';
import { createSharedMembershipRules } from './auth/shared-membership-rules.ts';
import { DEFAULT_LIMITS, type RelayContext, type RelayLimits } from './relay/context.ts';
import { createPlanQueue } from './relay/plan-queue.ts';
import { createRooms } from './relay/rooms.ts';
import { createQuotas } from './relay/quotas.ts';
import { createReceiptPruner } from './relay/receipt-pruning.ts';
import type { Connection } from './relay/connection.ts';
import { createMetrics, type Metrics } from './metrics/metrics.ts';
import { attachWsRelay } from './relay/ws-relay.ts';
import type { RelayStore } from './store/relay-store.ts';
import { openSqliteStore } from './store/sqlite-store.ts';
import { openPostgresStore, redactUrl, type PostgresStoreOptions } from './store/postgres-store.ts';

export interface RelayOptions {
  /** 0 = any free port. */
  port: number;
  /** Interface to bind; default all interfaces, so a tablet on the same network can connect. */
  host?: string;
  /** Where the SQLite file lives; ignored when `store` or `postgres` is given. */
  dataDir?: string;
  /** PostgreSQL instead of the SQLite file (SAFEPLAN_STORE=postgres://…); ignored when `store` is given. */
  postgres?: Omit<PostgresStoreOptions, 'log'>;
  store?: RelayStore;
  /** Membership checks; default: the shared validation code from schema/. */
  rules?: MembershipRules;
  /** Overrides for frame size, rate and buffer limits (tests use small ones). */
  limits?: Partial<RelayLimits>;
  /** The built client to serve (client/dist); without it only /healthz and the WebSocket answer. */
  staticDir?: string;
  log?: Logger;
  /**
   * Envelope signature checks by native libsodium (default, falls back to wasm where no prebuilt
   * binary exists) or always by the WebAssembly build (benchmarks compare the two).
   */
  verify?: 'native' | 'wasm';
}

export interface RunningRelay {
  /** http://localhost:<port> — the app, when static files are served. */
  url: string;
  /** ws://localhost:<port>/ — where clients open their WebSocket. */
  wsUrl: string;
  port: number;
  close(): Promise<void>;
}

/** Starts the relay: HTTP (health, app) and the WebSocket relay on one port. */
export async function createRelay(options: RelayOptions): Promise<RunningRelay> {
  const log = options.log ?? createJsonLogger();
  if (!options.store && !options.dataDir && !options.postgres) throw new Error('createRelay needs a dataDir, postgres or a store');
  if (options.staticDir && !existsSync(join(options.staticDir, 'index.html'))) {
    throw new Error(`No built app in ${options.staticDir} (index.html is missing); run \`pnpm build\` first.`);
  }
  const wasm = await ready();
  const crypto = options.verify === 'wasm' ? { sodium: wasm, verify: 'wasm' as const, fallbackReason: undefined } : withNativeVerify(wasm);
  const sodium = crypto.sodium;
  const store =
    options.store ??
    (options.postgres ? await openPostgresStore({ ...options.postgres, log }) : openSqliteStore(options.dataDir as string, { log }));
  const storeName = options.store ? 'custom' : options.postgres ? 'postgres' : 'sqlite';
  const metrics = createMetrics();
  const limits: RelayLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const server = createServer(createHttpHandler({ staticDir: options.staticDir, metrics, log }));
  const timedStore = timeCommits(store, metrics);
  const plans = createPlanAuthority(timedStore, options.rules ?? createSharedMembershipRules(sodium), limits.planCacheSize);
  const catchingUp = new Set<Connection>();
  const ctx: RelayContext = {
    sodium,
    store: timedStore,
    plans,
    rooms: createRooms(),
    queue: createPlanQueue(),
    log,
    limits,
    metrics,
    quotas: createQuotas({ store: timedStore, log, limits }),
    receipts: createReceiptPruner({ store: timedStore, log }),
    catchingUp,
  };
  metrics.gauge('plan_cache_entries', () => plans.size);
  metrics.gauge('catch_up_queue_bytes', () => {
    let bytes = 0;
    for (const conn of catchingUp) bytes += conn.bufferedAmount();
    return bytes;
  });
  const ws = attachWsRelay(server, ctx);

  try {
    await listen(server, options.port, options.host);
  } catch (err) {
    await ws.close();
    await store.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  log('relay.listening', {
    port,
    static: Boolean(options.staticDir),
    verify: crypto.verify,
    verifyFallback: crypto.fallbackReason,
    store: storeName,
    // Host and database only: the password is replaced (redactUrl).
    storeAt: options.postgres && !options.store ? redactUrl(options.postgres.url) : undefined,
  });

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      await ws.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // In-flight publishes finish (and ack) before the store goes away.
      await ctx.queue.idle();
      await store.close();
      log('relay.closed', { port });
    })();
    return closing;
  };
  return { url: `http://localhost:${port}`, wsUrl: `ws://localhost:${port}/`, port, close };
}

/** The store as is, with each commit's latency observed for the `/metrics` histogram. */
function timeCommits(store: RelayStore, metrics: Metrics): RelayStore {
  const timed = Object.create(store) as RelayStore;
  timed.appendEnvelopes = async (envelopes) => {
    const started = performance.now();
    try {
      return await store.appendEnvelopes(envelopes);
    } finally {
      metrics.observeCommit((performance.now() - started) / 1000);
    }
  };
  return timed;
}

function listen(server: Server, port: number, host: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
