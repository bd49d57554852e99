import { deriveInviteKeys, type DeviceKeys, type Sodium } from '@safeplan/schema/crypto';
import { createJoin, isProtocolError, validateLog, type MembershipState } from '@safeplan/schema/protocol';
import { sameBytes } from './member-log.ts';
import { RelayLink, type ReconnectPolicy, type WebSocketLike } from './relay-link.ts';

export type JoinFailure = 'offline' | 'invite-refused' | 'invite-invalid';

export class JoinError extends Error {
  constructor(
    readonly code: JoinFailure,
    readonly detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
  }
}

export interface JoinResult {
  events: Uint8Array[];
  state: MembershipState;
  epochKey: Uint8Array;
}

/**
 * The invite-key connection of docs/protocol.md "Joining by invite": authenticate with the key
 * derived from the invite secret, read the plan's log, append our `join` (signed by that key), and
 * wait until the relay's log holds it. The caller then reconnects as a member with its device key.
 */
export function joinWithInvite(opts: {
  s: Sodium;
  url: string;
  WebSocket: WebSocketLike;
  planId: Uint8Array;
  secret: Uint8Array;
  device: DeviceKeys;
  now: () => number;
  timeoutMs?: number;
  reconnect?: ReconnectPolicy;
}): Promise<JoinResult> {
  const { s } = opts;
  const invite = deriveInviteKeys(s, opts.secret);
  return new Promise<JoinResult>((resolve, reject) => {
    /** The log as far as we know it: a frame starting with the genesis is the full log, else an append. */
    let log: Uint8Array[] = [];
    let built: { event: Uint8Array; epochKey: Uint8Array } | null = null;
    let attempts = 0;
    let settled = false;
    const finish = (err: JoinError | null, result?: JoinResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      link.close();
      if (err) reject(err);
      else resolve(result!);
    };
    const timer = setTimeout(() => finish(new JoinError('offline', 'the relay did not answer in time')), opts.timeoutMs ?? 15_000);
    const buildAndSend = () => {
      try {
        const state = validateLog(s, log, opts.now());
        if (!sameBytes(state.planId, opts.planId)) throw new JoinError('invite-invalid', 'log of another plan');
        const join = createJoin(s, state, { secret: opts.secret, device: opts.device, now: opts.now() });
        built = { event: join.event, epochKey: join.epochKey };
        link.memberEvent(opts.planId, join.event);
      } catch (err) {
        finish(err instanceof JoinError ? err : new JoinError('invite-invalid', isProtocolError(err) ? err.detail : String(err)));
      }
    };
    const link: RelayLink = new RelayLink(
      opts.url,
      opts.WebSocket,
      s,
      invite.sign,
      {
        onReady: () => {
          built = null;
          link.subscribe(opts.planId, 0);
        },
        onConnection: () => undefined,
        onFrame: (frame) => {
          if (frame.type === 'error') {
            // Another member event got in first: read the log again and rebuild on its new head.
            if (frame.code === 'stale-head' && built && attempts++ < 5) {
              built = null;
              link.subscribe(opts.planId, 0);
              return;
            }
            const code = frame.code === 'not-a-member' || frame.code === 'unknown-plan' ? 'invite-refused' : 'invite-invalid';
            finish(new JoinError(code, frame.code));
            return;
          }
          if (frame.type !== 'log') return;
          const full = log.length === 0 || (frame.events.length > 0 && sameBytes(frame.events[0]!, log[0]!));
          log = full ? [...frame.events] : [...log, ...frame.events.filter((e) => !log.some((k) => sameBytes(k, e)))];
          if (built) {
            const mine = built.event;
            if (log.some((e) => sameBytes(e, mine))) {
              finish(null, { events: log, state: validateLog(s, log, opts.now()), epochKey: built.epochKey });
            }
            return;
          }
          if (full) buildAndSend();
        },
      },
      opts.reconnect,
    );
  });
}
