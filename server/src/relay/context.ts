import type { Sodium } from '@safeplan/schema/crypto';
import type { WireVersionRange } from '@safeplan/schema/protocol';
import type { PlanAuthority } from '../auth/plan-authority.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics/metrics.ts';
import type { RelayStore } from '../store/relay-store.ts';
import type { Connection } from './connection.ts';
import type { InputBudget } from './input-budget.ts';
import type { Quotas } from './quotas.ts';
import type { ReceiptPruner } from './receipt-pruning.ts';
import type { PlanQueue } from './plan-queue.ts';
import type { Rooms } from './rooms.ts';
import type { RelayBus } from '../fanout/relay-bus.ts';
import type { VerifyPool } from '../crypto/verify-pool.ts';

/**
 * Every bound the relay keeps. Defaults suit one relay serving a region (thousands of plans,
 * about ten devices each); each has an environment variable (limits-from-env.ts, README).
 */
export interface RelayLimits {
  /** Frames above this get a `too-large` error (docs/protocol.md: 1 MiB). */
  maxFrameBytes: number;
  /** Frames above this close the connection without reading them (a hard memory bound). */
  hardMaxFrameBytes: number;
  /** Before login a frame is hello, auth or ping (well under 1 KiB): larger ones close the socket unread. */
  maxFrameBytesBeforeLogin: number;
  /** Token bucket per connection: burst size and frames per second (every frame type, pings too). */
  burstFrames: number;
  framesPerSecond: number;
  /** Token bucket per connection on bytes received. */
  burstBytes: number;
  bytesPerSecond: number;
  /** A connection with this many refused frames within `floodWindowMs` is closed. */
  floodCloseAfter: number;
  floodWindowMs: number;
  /** A client that does not read its socket is dropped past this much queued output. */
  maxBufferedBytes: number;
  /** The same before login, where the relay only ever answers challenges, pongs and errors. */
  maxBufferedBytesBeforeLogin: number;
  /**
   * Queued output of all connections together: past it, the connections with the most queued
   * are dropped (largest first) until the total is under three quarters of it. Checked every second.
   */
  maxTotalBufferedBytes: number;
  /**
   * Bytes read from all sockets and not yet answered (a publish: until its ack); past it the
   * connections holding more than a sixteenth of it are not read until the total is half (input-budget.ts).
   */
  maxInFlightBytes: number;
  /** Open WebSocket connections in total; more are refused at the upgrade (HTTP 503). */
  maxConnections: number;
  /** Connections from one address that have not logged in yet; more are refused (HTTP 429). */
  maxUnauthenticatedPerAddress: number;
  /** Open connections from one address, logged in or not; more are refused (HTTP 429). */
  maxConnectionsPerAddress: number;
  /** New TCP sockets per address and second, after a burst of its open-socket bound (http/socket-guard.ts). */
  newSocketsPerAddressPerSecond: number;
  /** A connection that has not completed hello and auth by then is closed. */
  loginDeadlineMs: number;
  /**
   * Browser origins allowed to open a WebSocket. Empty: the relay's own origin only (the Origin
   * host equals the Host header). `*` allows every origin. A request without Origin (not a
   * browser) is allowed: Origin protects browsers from other sites, a non-browser can send any.
   */
  allowedOrigins: readonly string[];
  /** Envelopes read from the store per page while catching a subscriber up. */
  catchUpBatch: number;
  /** Bytes per catch-up page; the next page is read once the socket has drained below this. */
  catchUpPageBytes: number;
  /** A subscriber whose socket does not drain for this long during catch-up is closed. */
  catchUpStallMs: number;
  /** Protocol ping interval; a socket that has not answered the previous ping is dropped. */
  heartbeatMs: number;
  /** Largest envelope a publish may carry (`too-large`). */
  maxEnvelopeBytes: number;
  /** Stored bytes per plan past which updates are refused (`plan-full`); snapshots still pass. */
  maxPlanBytes: number;
  /**
   * Events and bytes of one plan's member log (member-log-room.ts): past three quarters of either
   * only owners may append, past it nobody (`invalid-event`, log-full). The bytes never exceed
   * what one `log` frame carries.
   */
  maxLogEvents: number;
  maxLogBytes: number;
  /**
   * Presence (fanned out, never stored): the largest envelope (`too-large`), and what one device may
   * send in one plan, as a burst and per second (`rate-limited`); presence-budget.ts.
   */
  maxPresenceBytes: number;
  presenceBurstBytes: number;
  presenceBytesPerSecond: number;
  /** New plans per device key and per address in 24 hours (`quota-exceeded`). */
  maxPlansPerKeyPerDay: number;
  maxPlansPerAddressPerDay: number;
  /** When non-empty, a new plan needs one of these tokens in the WebSocket URL (`token-required`). */
  creationTokens: readonly string[];
  /** Member logs kept in memory (least recently used are dropped and read again when needed). */
  planCacheSize: number;
  /** Member-log bytes kept in memory (about a quarter of what the cached plans take with their validated state). */
  planCacheBytes: number;
  /**
   * With several relays on one store: how often each plan with subscribers here is compared with
   * the store, in case the bus lost a notification without noticing (0: never). Unused by one relay.
   */
  busPollMs: number;
  /** On SIGTERM: how long frames already read may take to finish before the sockets close anyway. */
  drainMs: number;
}

export const DEFAULT_LIMITS: RelayLimits = {
  maxFrameBytes: 1024 * 1024,
  hardMaxFrameBytes: 4 * 1024 * 1024,
  maxFrameBytesBeforeLogin: 1024,
  burstFrames: 200,
  framesPerSecond: 50,
  burstBytes: 16 * 1024 * 1024,
  bytesPerSecond: 2 * 1024 * 1024,
  floodCloseAfter: 100,
  floodWindowMs: 10_000,
  maxBufferedBytes: 16 * 1024 * 1024,
  maxBufferedBytesBeforeLogin: 64 * 1024,
  maxTotalBufferedBytes: 256 * 1024 * 1024,
  maxInFlightBytes: 32 * 1024 * 1024,
  maxConnections: 20_000,
  maxUnauthenticatedPerAddress: 50,
  maxConnectionsPerAddress: 1000,
  newSocketsPerAddressPerSecond: 50,
  loginDeadlineMs: 10_000,
  allowedOrigins: [],
  catchUpBatch: 500,
  catchUpPageBytes: 1024 * 1024,
  catchUpStallMs: 60_000,
  heartbeatMs: 30_000,
  maxEnvelopeBytes: 1024 * 1024,
  maxPlanBytes: 64 * 1024 * 1024,
  maxLogEvents: 2000,
  maxLogBytes: 768 * 1024,
  maxPresenceBytes: 16 * 1024,
  presenceBurstBytes: 128 * 1024,
  presenceBytesPerSecond: 32 * 1024,
  maxPlansPerKeyPerDay: 20,
  maxPlansPerAddressPerDay: 200,
  creationTokens: [],
  planCacheSize: 10_000,
  planCacheBytes: 256 * 1024 * 1024,
  busPollMs: 10_000,
  drainMs: 10_000,
};

/** What every frame handler may use; built once per relay. */
export interface RelayContext {
  sodium: Sodium;
  store: RelayStore;
  plans: PlanAuthority;
  rooms: Rooms;
  queue: PlanQueue;
  log: Logger;
  limits: RelayLimits;
  metrics: Metrics;
  quotas: Quotas;
  receipts: ReceiptPruner;
  /** The other relays on the same store (the local bus when there are none). */
  bus: RelayBus;
  /** Connections being caught up now (their queued bytes are a metric). */
  catchingUp: Set<Connection>;
  /** Bytes read and not yet answered, relay-wide (input-budget.ts). */
  input: InputBudget;
  /** The wire versions this relay accepts in `hello` (RELAY_WIRE_VERSIONS; tests narrow it). */
  wireVersions: WireVersionRange;
  /**
   * Where published envelopes' signatures are checked (worker threads beside the event loop);
   * null: inline, with `sodium` (the WebAssembly build, or no core beyond two).
   */
  verifier: VerifyPool | null;
}
