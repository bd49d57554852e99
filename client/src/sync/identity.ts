import { generateDeviceKeys, type DeviceKeys, type Sodium } from '@safeplan/schema/crypto';
import type { KeyValueStore } from '../storage/kv.ts';

const IDENTITY_KEY = 'device/identity';

/**
 * The device's key pairs, made once and then always read back: a new identity would make this
 * device a stranger to every plan it belongs to.
 */
export async function loadOrCreateIdentity(kv: KeyValueStore, s: Sodium): Promise<DeviceKeys> {
  const stored = await kv.get<DeviceKeys>(IDENTITY_KEY);
  if (stored && isDeviceKeys(stored)) return stored;
  if (stored !== undefined) {
    // Never overwrite keys we cannot read: keep them aside for recovery.
    await kv.set(`quarantine/device/${Date.now()}`, { key: IDENTITY_KEY, value: stored, reason: 'identity' });
  }
  const keys = generateDeviceKeys(s);
  await kv.set(IDENTITY_KEY, keys);
  return keys;
}

function isDeviceKeys(v: unknown): v is DeviceKeys {
  const k = v as DeviceKeys;
  return (
    k?.sign?.publicKey instanceof Uint8Array &&
    k.sign.privateKey instanceof Uint8Array &&
    k.box?.publicKey instanceof Uint8Array &&
    k.box.privateKey instanceof Uint8Array
  );
}
