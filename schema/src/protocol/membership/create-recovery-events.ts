import { sealEpochKey, type DeviceKeys, type Sodium } from '../../crypto/index.ts';
import { buildEvent, type Built } from './create-member-events.ts';
import { openEpochKey } from './epoch-key.ts';
import type { MembershipState } from './state.ts';

/**
 * An owner's device registers a recovery kit for its person: only the kit's public keys (derived
 * from its code, crypto/recovery-code.ts) and the epoch keys this device holds, sealed to the kit,
 * go into the log.
 */
export function createRecoveryRegistration(
  s: Sodium,
  state: MembershipState,
  opts: {
    owner: DeviceKeys;
    /** The keys the owner holds, by epoch; the current epoch's is required. */
    epochKeys: ReadonlyMap<number, Uint8Array>;
    kit: { signKey: Uint8Array; boxKey: Uint8Array };
    now: number;
  },
): Built {
  const sealedEpochs = [...opts.epochKeys]
    .filter(([epoch]) => epoch <= state.epoch)
    .sort(([a], [b]) => a - b)
    .map(([epoch, key]) => ({ epoch, sealed: sealEpochKey(s, key, opts.kit.boxKey) }));
  const body = { type: 'register-recovery' as const, recoveryKey: opts.kit.signKey, boxKey: opts.kit.boxKey, sealedEpochs };
  return buildEvent(s, state, opts.owner, body, opts.now);
}

/**
 * The kit (its keys derived from the code) brings in a new device of its person, once. Returns
 * the current epoch key too, opened with the kit's box key, for the new device to keep.
 */
export function createRecoveryUse(
  s: Sodium,
  state: MembershipState,
  opts: { kit: DeviceKeys; newDevice: { signKey: Uint8Array; boxKey: Uint8Array }; now: number },
): Built & { epochKey: Uint8Array } {
  const epochKey = openEpochKey(s, state, state.epoch, opts.kit.box);
  const body = {
    type: 'use-recovery' as const,
    deviceKey: opts.newDevice.signKey,
    boxKey: opts.newDevice.boxKey,
    sealedEpochKey: sealEpochKey(s, epochKey, opts.newDevice.boxKey),
  };
  return { ...buildEvent(s, state, opts.kit, body, opts.now), epochKey };
}
