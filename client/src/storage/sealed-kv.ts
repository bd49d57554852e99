import { fromBase64Url, toBase64Url, type Sodium } from '@safeplan/schema/crypto';
import type { KeyValueStore } from './kv.ts';
import { decodeValue, encodeValue } from './value-codec.ts';

/**
 * A KeyValueStore that keeps nothing readable in the store beneath it. Every value is sealed with
 * XChaCha20-Poly1305 under a key derived from the device key, bound to its record's name (so a
 * record moved to another name does not open). Every segment of a key name ("plans", the plan id,
 * "pending", the clock) is encrypted deterministically (SIV style: the nonce is a keyed hash of the
 * segment), so names are opaque yet prefix scans on whole segments still run inside IndexedDB.
 * What stays visible: how many records there are, their sizes and which ones share a prefix.
 */

/** Sealed names start with this, so left-over readable records (an interrupted migration) stand out. */
export const SEALED_PREFIX = '~';
const NONCE = 24;
const KDF_CONTEXT = 'sfplnkv_';

export type SealedStoreErrorCode = 'locked' | 'tampered';

export class SealedStoreError extends Error {
  constructor(
    readonly code: SealedStoreErrorCode,
    readonly key?: string,
  ) {
    super(
      code === 'locked'
        ? 'the device is locked: nothing can be read or written until it is unlocked'
        : `a record on this device does not open with this device's key (${key ?? 'a name'}); it was kept as it is`,
    );
    this.name = 'SealedStoreError';
  }
}

export interface SealedStore extends KeyValueStore {
  /** Forgets the keys (overwritten with zeros): every later call throws SealedStoreError('locked'). */
  forget(): void;
  /** The sealed name of a readable key, e.g. to check that a migration wrote it. */
  sealedName(key: string): string;
  /** Seals records without writing them, so a caller can add them to a transaction of its own. */
  sealEntries(entries: ReadonlyArray<readonly [string, unknown]>): Array<readonly [string, Uint8Array]>;
  /** The device key, for wrapping it under a new PIN; a copy the caller must zero. */
  deviceKey(): Uint8Array;
}

export function isSealedName(key: string): boolean {
  return key.startsWith(SEALED_PREFIX);
}

export function createSealedStore(inner: KeyValueStore, deviceKey: Uint8Array, s: Sodium): SealedStore {
  let nameKey: Uint8Array | null = s.crypto_kdf_derive_from_key(32, 1, KDF_CONTEXT, deviceKey);
  let valueKey: Uint8Array | null = s.crypto_kdf_derive_from_key(32, 2, KDF_CONTEXT, deviceKey);
  let ownKey: Uint8Array | null = deviceKey.slice();
  const segmentCache = new Map<string, string>();

  const keys = () => {
    if (!nameKey || !valueKey) throw new SealedStoreError('locked');
    return { nameKey, valueKey };
  };

  const sealSegment = (segment: string): string => {
    const cached = segmentCache.get(segment);
    if (cached !== undefined) return cached;
    const k = keys().nameKey;
    const plain = s.from_string(segment);
    const nonce = s.crypto_generichash(NONCE, plain, k);
    const ct = s.crypto_aead_xchacha20poly1305_ietf_encrypt(plain, null, null, nonce, k);
    const out = new Uint8Array(NONCE + ct.length);
    out.set(nonce);
    out.set(ct, NONCE);
    const sealed = toBase64Url(out);
    segmentCache.set(segment, sealed);
    return sealed;
  };

  const openSegment = (sealed: string): string => {
    const k = keys().nameKey;
    try {
      const bytes = fromBase64Url(sealed);
      const plain = s.crypto_aead_xchacha20poly1305_ietf_decrypt(null, bytes.subarray(NONCE), null, bytes.subarray(0, NONCE), k);
      return s.to_string(plain);
    } catch {
      throw new SealedStoreError('tampered', `${SEALED_PREFIX}${sealed}`);
    }
  };

  const sealedName = (key: string) => SEALED_PREFIX + key.split('/').map(sealSegment).join('/');
  const openName = (name: string) => name.slice(SEALED_PREFIX.length).split('/').map(openSegment).join('/');

  const sealValue = (name: string, value: unknown): Uint8Array => {
    const k = keys().valueKey;
    const nonce = s.randombytes_buf(NONCE);
    const ct = s.crypto_aead_xchacha20poly1305_ietf_encrypt(encodeValue(value), s.from_string(name), null, nonce, k);
    const out = new Uint8Array(NONCE + ct.length);
    out.set(nonce);
    out.set(ct, NONCE);
    return out;
  };

  const openValue = (key: string, name: string, record: unknown): unknown => {
    const k = keys().valueKey;
    if (!(record instanceof Uint8Array) || record.length < NONCE + 16) throw new SealedStoreError('tampered', key);
    let plain: Uint8Array;
    try {
      plain = s.crypto_aead_xchacha20poly1305_ietf_decrypt(null, record.subarray(NONCE), s.from_string(name), record.subarray(0, NONCE), k);
    } catch {
      throw new SealedStoreError('tampered', key);
    }
    try {
      return decodeValue(plain);
    } catch {
      throw new SealedStoreError('tampered', key);
    }
  };

  const sealEntries = (entries: ReadonlyArray<readonly [string, unknown]>) =>
    entries.map(([k, v]) => {
      const name = sealedName(k);
      return [name, sealValue(name, v)] as const;
    });

  return {
    sealedName,
    sealEntries,
    deviceKey() {
      if (!ownKey) throw new SealedStoreError('locked');
      return ownKey.slice();
    },
    forget() {
      nameKey?.fill(0);
      valueKey?.fill(0);
      ownKey?.fill(0);
      nameKey = null;
      valueKey = null;
      ownKey = null;
      segmentCache.clear();
    },
    async get<T>(key: string) {
      const name = sealedName(key);
      const record = await inner.get(name);
      return (record === undefined ? undefined : openValue(key, name, record)) as T | undefined;
    },
    async set(key, value) {
      const name = sealedName(key);
      await inner.set(name, sealValue(name, value));
    },
    async setMany(entries) {
      // Sealed before anything is written: a value that cannot be kept fails the whole batch.
      await inner.setMany(sealEntries(entries));
    },
    async del(key) {
      await inner.del(sealedName(key));
    },
    async delMany(ks) {
      await inner.delMany(ks.map(sealedName));
    },
    async writeMany(puts, dels) {
      await inner.writeMany(sealEntries(puts), dels.map(sealedName));
    },
    async keys(prefix) {
      // Whole segments are sealed and scanned in the store; the last, partial one is matched here.
      const parts = prefix.split('/');
      const whole = parts.slice(0, -1);
      const scan = SEALED_PREFIX + whole.map((p) => `${sealSegment(p)}/`).join('');
      const names = await inner.keys(scan);
      keys();
      return names.map(openName).filter((k) => k.startsWith(prefix));
    },
  };
}
