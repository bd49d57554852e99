import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createHttpHandler } from './http/http-handler.ts';
import { guardSockets } from './http/socket-guard.ts';
import { createJsonLogger, type Logger } from './log.ts';
import { withLinesPerConnection } from './log-budget.ts';
import { ready } from '@safeplan/schema/crypto';
import { RELAY_WIRE_VERSIONS, type WireVersionRange } from '@safeplan/schema/protocol';
import { createPlanAuthority } from './auth/plan-authority.ts';
import { availableParallelism } from 'node:os';
import { withNativeVerify } from './crypto/native-verify.ts';
import { createVerifyPool, defaultVerifyThreads } from './crypto/verify-pool.ts';
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
import { createLocalBus } from './fanout/relay-bus.ts';
import { channelOfSchema, pgNotifyBus, type RelayBusFactory } from './fanout/pg-notify-bus.ts';
import { planFollowerOf } from './fanout/plan-follower.ts';
import { createInputBudget } from './relay/input-budget.ts';
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
   * How this relay hears of what other relays on the same store write (fanout/relay-bus.ts).
   * Default: PostgreSQL LISTEN/NOTIFY on the store's database and schema with `postgres`, the
   * local bus (nothing to tell) otherwise. The relay closes it on close.
   */
  bus?: RelayBusFactory;
  /**
   * Envelope signature checks by native libsodium (default, falls back to wasm where no prebuilt
   * binary exists) or always by the WebAssembly build (benchmarks compare the two).
   */
  verify?: 'native' | 'wasm';
  /**
   * Worker threads that check published envelopes' signatures beside the event loop (native
   * verify only; 0: on the event loop). Default: one per core beyond two, at most 4
   * (SAFEPLAN_VERIFY_THREADS in main.ts).
   */
  verifyThreads?: number;
  /** Fewest checks in one turn that go to a thread (verify-pool.ts MIN_THREAD_BATCH; tests use 1). */
  verifyThreadBatch?: number;
  /** The wire versions accepted in `hello`; default RELAY_WIRE_VERSIONS (tests play an older or newer relay). */
  wireVersions?: WireVersionRange;
}

export interface RunningRelay {
  /** http://localhost:<port> — the app, when static files are served. */
  url: string;
  /** ws://localhost:<port>/ — where clients open their WebSocket. */
  wsUrl: string;
  port: number;
  /**
   * Graceful stop (SIGTERM): /readyz turns 503 and new upgrades are refused, frames already read
   * finish (publishes committed and acked) within `limits.drainMs`, every socket is closed with
   * RECONNECT_CLOSE_CODE, then the relay closes like `close()`.
   */
  shutdown(): Promise<void>;
  /** Stops at once: sockets are dropped, in-flight commits still finish before the store closes. */
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
  const verifyThreads = crypto.verify === 'native' ? (options.verifyThreads ?? defaultVerifyThreads(availableParallelism())) : 0;
  const verifier = verifyThreads > 0 ? createVerifyPool(verifyThreads, log, options.verifyThreadBatch) : null;
  const store =
    options.store ??
    (options.postgres ? await openPostgresStore({ ...options.postgres, log }) : openSqliteStore(options.dataDir as string, { log }));
  const storeName = options.store ? 'custom' : options.postgres ? 'postgres' : 'sqlite';
  const metrics = createMetrics();
  const limits: RelayLimits = { ...DEFAULT_LIMITS, ...options.limits };
  let draining = false;
  // Headers are checked every second rather than every 30 s: guardSockets holds them to the login deadline.
  const server = createServer({ connectionsCheckingInterval: 1000 }, createHttpHandler({ staticDir: options.staticDir, metrics, log, ready: () => !draining }));
  guardSockets(server, {
    // Room for every WebSocket the upgrade's admission lets in, and its logged-out ones: that check
    // keeps its own answer, and this one catches sockets that never get as far as an upgrade.
    maxPerAddress: limits.maxConnectionsPerAddress + limits.maxUnauthenticatedPerAddress,
    // Every WebSocket the upgrade lets in, and one address's share beside them.
    maxTotal: limits.maxConnections + limits.maxConnectionsPerAddress + limits.maxUnauthenticatedPerAddress,
    newPerAddressPerSecond: limits.newSocketsPerAddressPerSecond,
    headersTimeoutMs: limits.loginDeadlineMs,
    countRefusal: (code) => metrics.count('refusals_total', 1, code),
    logRefusal: (code, counts) => log('limit.hit', { ...counts, code }),
  });
  const timedStore = timeCommits(store, metrics);
  const busFactory = options.bus ?? (options.postgres && !options.store ? pgNotifyBus({ url: options.postgres.url, channel: channelOfSchema(options.postgres.schema) }) : null);
  let bus;
  try {
    bus = busFactory ? await busFactory({ log, metrics }) : createLocalBus();
  } catch (err) {
    await store.close();
    throw err;
  }
  const plans = createPlanAuthority(timedStore, options.rules ?? createSharedMembershipRules(sodium), limits.planCacheSize, limits.planCacheBytes);
  const catchingUp = new Set<Connection>();
  // What connections cause is written within a budget per connection (log-budget.ts).
  const connLog = withLinesPerConnection(log);
  const ctx: RelayContext = {
    input: createInputBudget(limits.maxInFlightBytes, { log, metrics }),
    sodium,
    store: timedStore,
    plans,
    rooms: createRooms(),
    queue: createPlanQueue(),
    log: connLog,
    limits,
    metrics,
    quotas: createQuotas({ store: timedStore, log: connLog, limits }),
    receipts: createReceiptPruner({ store: timedStore, log }),
    bus,
    catchingUp,
    wireVersions: options.wireVersions ?? RELAY_WIRE_VERSIONS,
    verifier,
  };
  // Listens to the bus from the start: a notification before the first subscribe is simply not needed.
  const follower = planFollowerOf(ctx);
  metrics.gauge('plan_cache_entries', () => plans.size);
  metrics.gauge('plan_cache_bytes', () => plans.bytes);
  metrics.gauge('input_in_flight_bytes', () => ctx.input.bytes);
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
    follower.close();
    await ctx.bus.close();
    await store.close();
    await verifier?.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  log('relay.listening', {
    port,
    static: Boolean(options.staticDir),
    verify: crypto.verify,
    verifyFallback: crypto.fallbackReason,
    verifyThreads,
    store: storeName,
    bus: bus.kind,
    // Host and database only: the password is replaced (redactUrl).
    storeAt: options.postgres && !options.store ? redactUrl(options.postgres.url) : undefined,
  });

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      await ws.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      follower.close();
      // In-flight publishes finish (and ack) before the store goes away.
      await ctx.queue.idle();
      await ctx.bus.close();
      await store.close();
      await verifier?.close();
      log('relay.closed', { port });
    })();
    return closing;
  };
  let shuttingDown: Promise<void> | null = null;
  const shutdown = () => {
    shuttingDown ??= (async () => {
      draining = true;
      const started = performance.now();
      log('relay.draining', { drainMs: limits.drainMs });
      const { sockets, timedOut } = await ws.drain(limits.drainMs);
      log('relay.drained', { sockets, timedOut, ms: Math.round(performance.now() - started) });
      await close();
    })();
    return shuttingDown;
  };
  return { url: `http://localhost:${port}`, wsUrl: `ws://localhost:${port}/`, port, shutdown, close };
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
