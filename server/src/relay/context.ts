import type { Sodium } from '@safeplan/schema/crypto';
import type { PlanAuthority } from '../auth/plan-authority.ts';
import type { Logger } from '../log.ts';
import type { RelayStore } from '../store/relay-store.ts';
import type { PlanQueue } from './plan-queue.ts';
import type { Rooms } from './rooms.ts';

export interface RelayLimits {
  /** Frames above this get a `too-large` error (docs/protocol.md: 1 MiB). */
  maxFrameBytes: number;
  /** Frames above this close the connection without reading them (a hard memory bound). */
  hardMaxFrameBytes: number;
  /** Token bucket per connection: burst size and frames per second. */
  burstFrames: number;
  framesPerSecond: number;
  /** A connection that keeps sending after this many refused frames in a row is closed. */
  floodCloseAfter: number;
  /** A client that does not read its socket is dropped past this much queued output. */
  maxBufferedBytes: number;
  /** Envelopes read from the store per batch while catching a subscriber up. */
  catchUpBatch: number;
  /** Protocol ping interval; a socket that has not answered the previous ping is dropped. */
  heartbeatMs: number;
}

export const DEFAULT_LIMITS: RelayLimits = {
  maxFrameBytes: 1024 * 1024,
  hardMaxFrameBytes: 4 * 1024 * 1024,
  burstFrames: 200,
  framesPerSecond: 50,
  floodCloseAfter: 1000,
  maxBufferedBytes: 16 * 1024 * 1024,
  catchUpBatch: 500,
  heartbeatMs: 30_000,
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
}
