import { deriveInviteKeys, type DeviceKeys, type Sodium } from '@safeplan/schema/crypto';
import { createJoin, isProtocolError, validateLog, type MembershipState } from '@safeplan/schema/protocol';
import { sameBytes } from './member-log.ts';
import { exchangeOnLog } from './log-exchange.ts';
import { isLogFull } from './member-event-waiters.ts';
import type { ReconnectPolicy, WebSocketLike } from './relay-link.ts';

export type JoinFailure = 'offline' | 'invite-refused' | 'invite-invalid' | 'log-full';

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
  return exchangeOnLog<{ event: Uint8Array; epochKey: Uint8Array }, JoinResult>({
    s,
    url: opts.url,
    WebSocket: opts.WebSocket,
    planId: opts.planId,
    signer: invite.sign,
    timeoutMs: opts.timeoutMs ?? 15_000,
    reconnect: opts.reconnect,
    timeoutError: () => new JoinError('offline', 'the relay did not answer in time'),
    refused: (code, detail) =>
      // A full member log is no fault of the invite: saying "used or expired" would send the person for a new one.
      isLogFull(code, detail)
        ? new JoinError('log-full', detail)
        : new JoinError(code === 'not-a-member' || code === 'unknown-plan' ? 'invite-refused' : 'invite-invalid', code),
    onLog: (exchange, { full, confirmed }) => {
      const log = [...exchange.log];
      if (confirmed) {
        exchange.done({ events: log, state: validateLog(s, log, opts.now()), epochKey: confirmed.epochKey });
        return;
      }
      // An append before our join is built is ignored: the join is built on a full read only.
      if (!full) return;
      try {
        const state = validateLog(s, log, opts.now());
        if (!sameBytes(state.planId, opts.planId)) throw new JoinError('invite-invalid', 'log of another plan');
        const join = createJoin(s, state, { secret: opts.secret, device: opts.device, now: opts.now() });
        exchange.send({ event: join.event, epochKey: join.epochKey });
      } catch (err) {
        exchange.fail(err instanceof JoinError ? err : new JoinError('invite-invalid', isProtocolError(err) ? err.detail : String(err)));
      }
    },
  });
}
