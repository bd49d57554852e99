import type { KeyPair, Sodium } from '@safeplan/schema/crypto';
import type { WireErrorCode } from '@safeplan/schema/protocol';
import { sameBytes } from './member-log.ts';
import { RelayLink, type ReconnectPolicy, type WebSocketLike } from './relay-link.ts';
import { SyncError } from './sync-error.ts';

/** Rebuilds on a new head this often: another member's event rarely races ours more than once. */
const MAX_STALE_HEAD_RETRIES = 5;

/** A member event on its way, with what the caller needs once the relay's log holds it. */
export interface SentEvent {
  event: Uint8Array;
}

export interface LogExchange<S extends SentEvent, T> {
  /** The plan's log as the relay has shown it so far. */
  readonly log: readonly Uint8Array[];
  /** Appends `sent.event`; `onLog` hears of it again once the relay's log holds it. */
  send(sent: S): void;
  done(result: T): void;
  fail(err: Error): void;
}

export interface LogRead<S extends SentEvent> {
  /** The frame carried the whole log (it starts with the genesis), not an append. */
  full: boolean;
  /** Our event that this frame showed in the log, if one was on its way. */
  confirmed: S | null;
}

/**
 * A one-off connection that is not (yet) this device's membership: the invite's or the device
 * link's key reads the plan's log and appends member events to it, one at a time, until the caller
 * is done. A `stale-head` refusal (another member's event got in first) reads the log again, so
 * the caller rebuilds on the new head. Shared by joining by invite and linking a device.
 */
export function exchangeOnLog<S extends SentEvent, T>(opts: {
  s: Sodium;
  url: string;
  WebSocket: WebSocketLike;
  planId: Uint8Array;
  /** The key the connection authenticates with. */
  signer: KeyPair;
  timeoutMs: number;
  reconnect?: ReconnectPolicy;
  timeoutError: () => Error;
  /** Why the relay's refusal ends the exchange. */
  /** `detail`: the relay's words with the refusal (e.g. that the plan's member log is full). */
  refused: (code: WireErrorCode, detail: string) => Error;
  /** The log changed: send the next event, finish or fail. Not called while our event is not in it yet. */
  onLog: (exchange: LogExchange<S, T>, read: LogRead<S>) => void;
}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let log: Uint8Array[] = [];
    let sent: S | null = null;
    let attempts = 0;
    let settled = false;
    const finish = (err: Error | null, result?: T) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      link.close();
      if (err) reject(err);
      else resolve(result!);
    };
    const timer = setTimeout(() => finish(opts.timeoutError()), opts.timeoutMs);
    const exchange: LogExchange<S, T> = {
      get log() {
        return log;
      },
      send(next) {
        sent = next;
        link.memberEvent(opts.planId, next.event);
      },
      done: (result) => finish(null, result),
      fail: (err) => finish(err),
    };

    const link: RelayLink = new RelayLink(
      opts.url,
      opts.WebSocket,
      opts.s,
      opts.signer,
      {
        onReady: () => {
          sent = null;
          link.subscribe(opts.planId, 0);
        },
        onConnection: () => undefined,
        // An app older than the relay is refused for good (the link stops): waiting for the
        // timeout would end in "no connection". A relay older than the app is tried again.
        onVersionRefused: (outdated) => {
          if (outdated === 'app') finish(new SyncError('update-required'));
        },
        onFrame: (frame) => {
          if (frame.type === 'error') {
            if (frame.code === 'stale-head' && sent && attempts++ < MAX_STALE_HEAD_RETRIES) {
              sent = null;
              link.subscribe(opts.planId, 0);
              return;
            }
            // A refusal after we finished (the relay dropping a retired key) changes nothing.
            finish(opts.refused(frame.code, frame.detail));
            return;
          }
          if (frame.type !== 'log') return;
          const full = log.length === 0 || (frame.events.length > 0 && sameBytes(frame.events[0]!, log[0]!));
          log = full ? [...frame.events] : [...log, ...frame.events.filter((e) => !log.some((k) => sameBytes(k, e)))];
          const waiting = sent;
          if (waiting && !log.some((e) => sameBytes(e, waiting.event))) return;
          sent = null;
          opts.onLog(exchange, { full, confirmed: waiting });
        },
      },
      opts.reconnect,
    );
  });
}
