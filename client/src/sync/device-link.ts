import type { DeviceKeys, Sodium } from '@safeplan/schema/crypto';
import { memberOf, openEpochKey, validateLog, type MembershipState } from '@safeplan/schema/protocol';
import { RelayLink, type ReconnectPolicy, type WebSocketLike } from './relay-link.ts';
import { SyncError } from './sync-error.ts';

const CONTEXT = 'spdevice';

/**
 * The keys of a person's next device, derived from the one-time secret in a device link
 * (`#/join/<planId>#device=<secret>`). The linking device signs a `link-device` event for these
 * public keys; the new device derives the same pair and uses it as its identity for this plan.
 * Whoever holds the link holds that device's keys: it is as secret as the device itself.
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
  epochKey: Uint8Array;
}

/**
 * The new device connects with its derived key (a member since the `link-device` event), reads
 * the plan's log once, and checks that the log makes it a member and opens the current key for it.
 */
export function fetchLinkedLog(opts: {
  s: Sodium;
  url: string;
  WebSocket: WebSocketLike;
  planId: Uint8Array;
  device: DeviceKeys;
  now: () => number;
  timeoutMs: number;
  reconnect?: ReconnectPolicy;
}): Promise<LinkedLog> {
  const { s } = opts;
  return new Promise<LinkedLog>((resolve, reject) => {
    let settled = false;
    const finish = (err: SyncError | null, result?: LinkedLog) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      link.close();
      if (err) reject(err);
      else resolve(result!);
    };
    const timer = setTimeout(() => finish(new SyncError('offline', 'the relay did not answer in time')), opts.timeoutMs);
    const link: RelayLink = new RelayLink(
      opts.url,
      opts.WebSocket,
      s,
      opts.device.sign,
      {
        onReady: () => link.subscribe(opts.planId, 0),
        onConnection: () => undefined,
        onFrame: (frame) => {
          if (frame.type === 'error') {
            // Not (or no longer) a member: the link was never completed, or this device was removed.
            finish(new SyncError('invite-invalid', frame.code));
            return;
          }
          if (frame.type !== 'log') return;
          try {
            const events = [...frame.events];
            const state = validateLog(s, events, opts.now());
            if (!memberOf(state, opts.device.sign.publicKey)) throw new SyncError('invite-invalid', 'the log does not link this device');
            finish(null, { events, state, epochKey: openEpochKey(s, state, state.epoch, opts.device.box) });
          } catch (err) {
            finish(err instanceof SyncError ? err : new SyncError('invite-invalid', String(err)));
          }
        },
      },
      opts.reconnect,
    );
  });
}
