import { DEFAULT_LIMITS, type RelayLimits } from './context.ts';

/** Environment variable → limit it sets. README lists the same table for operators. */
export const LIMIT_ENV: Readonly<Record<string, keyof RelayLimits>> = {
  SAFEPLAN_MAX_CONNECTIONS: 'maxConnections',
  SAFEPLAN_MAX_UNAUTHENTICATED_PER_ADDRESS: 'maxUnauthenticatedPerAddress',
  SAFEPLAN_MAX_CONNECTIONS_PER_ADDRESS: 'maxConnectionsPerAddress',
  SAFEPLAN_NEW_SOCKETS_PER_ADDRESS_PER_SECOND: 'newSocketsPerAddressPerSecond',
  SAFEPLAN_LOGIN_DEADLINE_MS: 'loginDeadlineMs',
  SAFEPLAN_MAX_FRAME_BYTES_BEFORE_LOGIN: 'maxFrameBytesBeforeLogin',
  SAFEPLAN_MAX_FRAME_BYTES: 'maxFrameBytes',
  SAFEPLAN_HARD_MAX_FRAME_BYTES: 'hardMaxFrameBytes',
  SAFEPLAN_MAX_BUFFERED_BYTES_BEFORE_LOGIN: 'maxBufferedBytesBeforeLogin',
  SAFEPLAN_MAX_BUFFERED_BYTES: 'maxBufferedBytes',
  SAFEPLAN_MAX_TOTAL_BUFFERED_BYTES: 'maxTotalBufferedBytes',
  SAFEPLAN_MAX_IN_FLIGHT_BYTES: 'maxInFlightBytes',
  SAFEPLAN_RATE_BURST_FRAMES: 'burstFrames',
  SAFEPLAN_RATE_FRAMES_PER_SECOND: 'framesPerSecond',
  SAFEPLAN_RATE_BURST_BYTES: 'burstBytes',
  SAFEPLAN_RATE_BYTES_PER_SECOND: 'bytesPerSecond',
  SAFEPLAN_FLOOD_CLOSE_AFTER: 'floodCloseAfter',
  SAFEPLAN_FLOOD_WINDOW_MS: 'floodWindowMs',
  SAFEPLAN_ALLOWED_ORIGINS: 'allowedOrigins',
  SAFEPLAN_CATCH_UP_PAGE_BYTES: 'catchUpPageBytes',
  SAFEPLAN_CATCH_UP_STALL_MS: 'catchUpStallMs',
  SAFEPLAN_HEARTBEAT_MS: 'heartbeatMs',
  SAFEPLAN_MAX_ENVELOPE_BYTES: 'maxEnvelopeBytes',
  SAFEPLAN_MAX_PLAN_BYTES: 'maxPlanBytes',
  SAFEPLAN_MAX_LOG_EVENTS: 'maxLogEvents',
  SAFEPLAN_MAX_LOG_BYTES: 'maxLogBytes',
  SAFEPLAN_MAX_PRESENCE_BYTES: 'maxPresenceBytes',
  SAFEPLAN_PRESENCE_BURST_BYTES: 'presenceBurstBytes',
  SAFEPLAN_PRESENCE_BYTES_PER_SECOND: 'presenceBytesPerSecond',
  SAFEPLAN_MAX_PLANS_PER_KEY_PER_DAY: 'maxPlansPerKeyPerDay',
  SAFEPLAN_MAX_PLANS_PER_ADDRESS_PER_DAY: 'maxPlansPerAddressPerDay',
  SAFEPLAN_CREATION_TOKENS: 'creationTokens',
  SAFEPLAN_PLAN_CACHE_SIZE: 'planCacheSize',
  SAFEPLAN_PLAN_CACHE_BYTES: 'planCacheBytes',
  SAFEPLAN_BUS_POLL_MS: 'busPollMs',
  SAFEPLAN_DRAIN_MS: 'drainMs',
};

/**
 * The limits the environment overrides. Numbers must be non-negative; lists are comma separated.
 * A bad value throws with the variable's name, so the relay does not start on a typo.
 */
export function limitsFromEnv(env: NodeJS.ProcessEnv): Partial<RelayLimits> {
  const limits: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(LIMIT_ENV)) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') continue;
    if (Array.isArray(DEFAULT_LIMITS[key])) {
      limits[key] = raw
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v.length > 0);
      continue;
    }
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number of 0 or more, not "${raw}".`);
    limits[key] = n;
  }
  return limits as Partial<RelayLimits>;
}
