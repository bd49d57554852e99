import type { DeviceKeys, Sodium } from '@safeplan/schema/crypto';
import {
  createDeviceLink,
  createDeviceRemoval,
  isProtocolError,
  keyId,
  memberOf,
  openEpochKey,
  validateLog,
  type MembershipState,
} from '@safeplan/schema/protocol';
import { sameBytes } from './member-log.ts';
import { exchangeOnLog } from './log-exchange.ts';
import type { ReconnectPolicy, WebSocketLike } from './relay-link.ts';
import { SyncError } from './sync-error.ts';
import { isLogFull } from './member-event-waiters.ts';

const CONTEXT = 'spdevice';

/**
 * The one-time keys in a device link (`#/join/<planId>#device=<secret>`). The linking device signs
 * a `link-device` event for these public keys; the new device derives the same pair only to hand
 * over to its own keys (completeDeviceLink), after which the pair is removed from the plan.
 */
export function deriveLinkedDevice(s: Sodium, secret: Uint8Array): DeviceKeys {
  const sign = s.crypto_sign_seed_keypair(s.crypto_kdf_derive_from_key(32, 1, CONTEXT, secret));
  const box = s.crypto_box_seed_keypair(s.crypto_kdf_derive_from_key(32, 2, CONTEXT, secret));
  return {
    sign: { publicKey: sign.publicKey, privateKey: sign.privateKey },
    box: { publicKey: box.publicKey, privateKey: box.privateKey },
  };
}

export interface LinkedLog {
  events: Uint8Array[];
  state: MembershipState;
  /** The current epoch's key, opened with the new device's own box key. */
  epochKey: Uint8Array;
}

/**
 * The new device turns a device link into a membership of its own, so that a used link is
 * worthless (docs/protocol.md "Linking a device"):
 * 1. connect with the link's key (a member since the `link-device` event) and read the log;
 * 2. `link-device` for this device's own keys, signed by the link's key (same person);
 * 3. `remove` (scope device) of the link's key, signed by this device: the link's key may sign
 *    nothing any more and the relay drops its connection; the key rotates in the same event when
 *    this person is an owner, else an owner's device rotates it next.
 * A link used before (step 3 happened) fails at step 1 with `invite-invalid`. When a previous try
 * stopped after step 2, a retry with the same link resumes at step 3.
 */
export function completeDeviceLink(opts: {
  s: Sodium;
  url: string;
  WebSocket: WebSocketLike;
  planId: Uint8Array;
  /** The keys derived from the link's secret. */
  linked: DeviceKeys;
  /** This device's own keys: its identity in the plan from now on. */
  device: DeviceKeys;
  now: () => number;
  timeoutMs: number;
  reconnect?: ReconnectPolicy;
}): Promise<LinkedLog> {
  const { s, linked, device } = opts;
  const asSyncError = (err: unknown) => (err instanceof SyncError ? err : new SyncError('invite-invalid', isProtocolError(err) ? err.detail : String(err)));
  return exchangeOnLog<{ event: Uint8Array; epochKey?: Uint8Array }, LinkedLog>({
    s,
    url: opts.url,
    WebSocket: opts.WebSocket,
    planId: opts.planId,
    signer: linked.sign,
    timeoutMs: opts.timeoutMs,
    reconnect: opts.reconnect,
    timeoutError: () => new SyncError('offline', 'the relay did not answer in time'),
    // Not (or no longer) a member: the link was never completed, or it was used already.
    refused: (code, detail) => (isLogFull(code, detail) ? new SyncError('log-full', detail) : new SyncError('invite-invalid', code)),
    /** The next step for the log as it stands: link our keys, retire the link's key, or done. */
    onLog: (exchange, { confirmed }) => {
      const retiredKey = confirmed?.epochKey;
      try {
        const log = [...exchange.log];
        const state = validateLog(s, log, opts.now());
        if (!sameBytes(state.planId, opts.planId)) throw new SyncError('invite-invalid', 'log of another plan');
        const mine = memberOf(state, device.sign.publicKey);
        const viaLink = memberOf(state, linked.sign.publicKey);
        if (mine && !viaLink) {
          const epochKey = retiredKey ?? openEpochKey(s, state, state.epoch, device.box);
          exchange.done({ events: log, state, epochKey });
          return;
        }
        if (!viaLink) throw new SyncError('invite-invalid', 'the log does not link this device');
        if (mine && keyId(mine.personId) !== keyId(viaLink.personId)) throw new SyncError('already-member');
        const t = opts.now();
        if (!mine) {
          const epochKey = openEpochKey(s, state, state.epoch, linked.box);
          const newDevice = { signKey: device.sign.publicKey, boxKey: device.box.publicKey };
          exchange.send({ event: createDeviceLink(s, state, { device: linked, epochKey, newDevice, now: t }).event });
        } else {
          // An owner's removal rotates: it chains the current key (the one just sealed to this device).
          const previousKey = currentKeyOrNone(() => openEpochKey(s, state, state.epoch, device.box));
          const removal = createDeviceRemoval(s, state, { device, subject: linked.sign.publicKey, now: t, ...previousKey });
          exchange.send({ event: removal.event, epochKey: removal.epochKey });
        }
      } catch (err) {
        exchange.fail(asSyncError(err));
      }
    },
  });
}

/** The current key for a rotation to chain, or nothing: a removal never fails for want of it. */
function currentKeyOrNone(open: () => Uint8Array): { previousKey?: Uint8Array } {
  try {
    return { previousKey: open() };
  } catch {
    return {};
  }
}
