import type { DeviceKeys, Sodium } from '@safeplan/schema/crypto';
import { createRecoveryUse, isProtocolError, isRecoveryKey, memberOf, openEpochKey, validateLog, type MembershipState } from '@safeplan/schema/protocol';
import { sameBytes } from './member-log.ts';
import { exchangeOnLog } from './log-exchange.ts';
import type { LinkedLog } from './device-link.ts';
import type { ReconnectPolicy, WebSocketLike } from './relay-link.ts';
import { SyncError } from './sync-error.ts';
import { isLogFull } from './member-event-waiters.ts';

export interface RecoveredLog extends LinkedLog {
  /**
   * Every epoch key sealed to the kit: those its owner held when she made it, and every later
   * one (the kit was a member device, so every rotation sealed to it).
   */
  keys: Map<number, Uint8Array>;
}

function kitKeys(s: Sodium, state: MembershipState, kit: DeviceKeys, current: number, currentKey: Uint8Array): Map<number, Uint8Array> {
  const keys = new Map<number, Uint8Array>();
  for (const k of state.sealedKeys) {
    if (k.epoch === current || !sameBytes(k.boxKey, kit.box.publicKey)) continue;
    try {
      keys.set(k.epoch, openEpochKey(s, state, k.epoch, kit.box));
    } catch {
      // An older key that does not open (or is not the committed one) only leaves that epoch unread,
      // as on any device that lacks it; the current key must open, and did.
    }
  }
  return keys.set(current, currentKey);
}

/**
 * A new device uses a recovery kit (docs/protocol.md "Recovery kit"): it connects with the kit's
 * key (a member device of the kit's person since `register-recovery`), reads the log and appends
 * `use-recovery` for its own keys, which retires the kit in the same event. A kit used before,
 * removed, or never registered is refused by the relay at the door (`invite-invalid`).
 */
export function useRecoveryKit(opts: {
  s: Sodium;
  url: string;
  WebSocket: WebSocketLike;
  planId: Uint8Array;
  /** The keys derived from the kit's code (deriveRecoveryKeys). */
  kit: DeviceKeys;
  /** This device's own keys: its identity in the plan from now on. */
  device: DeviceKeys;
  now: () => number;
  timeoutMs: number;
  reconnect?: ReconnectPolicy;
}): Promise<RecoveredLog> {
  const { s, kit, device } = opts;
  const asSyncError = (err: unknown) => (err instanceof SyncError ? err : new SyncError('invite-invalid', isProtocolError(err) ? err.detail : String(err)));
  return exchangeOnLog<{ event: Uint8Array; epochKey: Uint8Array }, RecoveredLog>({
    s,
    url: opts.url,
    WebSocket: opts.WebSocket,
    planId: opts.planId,
    signer: kit.sign,
    timeoutMs: opts.timeoutMs,
    reconnect: opts.reconnect,
    timeoutError: () => new SyncError('offline', 'the relay did not answer in time'),
    refused: (code, detail) => (isLogFull(code, detail) ? new SyncError('log-full', detail) : new SyncError('invite-invalid', `recovery kit: ${code}`)),
    onLog: (exchange, { confirmed }) => {
      try {
        const log = [...exchange.log];
        const state = validateLog(s, log, opts.now());
        if (!sameBytes(state.planId, opts.planId)) throw new SyncError('invite-invalid', 'log of another plan');
        if (memberOf(state, device.sign.publicKey)) {
          const epochKey = confirmed?.epochKey ?? openEpochKey(s, state, state.epoch, device.box);
          exchange.done({ events: log, state, epochKey, keys: kitKeys(s, state, kit, state.epoch, epochKey) });
          return;
        }
        if (!memberOf(state, kit.sign.publicKey) || !isRecoveryKey(state, kit.sign.publicKey)) {
          throw new SyncError('invite-invalid', 'recovery kit: not a live kit in this plan');
        }
        const newDevice = { signKey: device.sign.publicKey, boxKey: device.box.publicKey };
        const used = createRecoveryUse(s, state, { kit, newDevice, now: opts.now() });
        exchange.send({ event: used.event, epochKey: used.epochKey });
      } catch (err) {
        exchange.fail(asSyncError(err));
      }
    },
  });
}
