import { ready, type Sodium } from '@safeplan/schema/crypto';
import type { KeyValueStore } from '../storage/kv.ts';
import { createSealedStore, isSealedName, type SealedStore } from '../storage/sealed-kv.ts';
import type { KdfParams } from './lock-kdf.ts';

/**
 * The device lock. One random device key encrypts everything the app keeps (sealed-kv.ts); the
 * PIN or passphrase, through Argon2id, only wraps that key. The one readable record is the lock
 * header: the Argon2id settings, the wrapped key and the wrong-try counter. It says nothing about
 * plans or people.
 */

export const LOCK_HEADER_KEY = 'lock';
export const DEFAULT_MAX_TRIES = 10;
export const MIN_PIN_DIGITS = 6;
export const MIN_PASSPHRASE_CHARS = 8;
const WRAP_AD = 'safeplan device lock v1';

export type LockKind = 'pin' | 'passphrase';

export interface LockHeader {
  v: 1;
  kind: LockKind;
  kdf: KdfParams;
  nonce: Uint8Array;
  wrapped: Uint8Array;
  /** Wrong tries since the last good one. Counted BEFORE the key is derived, so closing the tab mid-try does not give a free try. */
  failed: number;
  /** No try is taken before this time (ms since epoch). */
  waitUntil: number;
  /** After this many wrong tries in a row the device wipes itself. */
  maxTries: number;
}

export class LockError extends Error {
  constructor(readonly code: 'pin-too-short' | 'pin-not-digits' | 'passphrase-too-short' | 'already-locked' | 'no-lock' | 'bad-max-tries') {
    super(code);
    this.name = 'LockError';
  }
}

/** Seconds to wait after the n-th wrong try in a row: 2, 4, 8, … up to 10 minutes. */
export function delayAfterWrongTry(n: number): number {
  if (n <= 0) return 0;
  return Math.min(2 * 2 ** (n - 1), 600) * 1000;
}

export function checkSecret(kind: LockKind, secret: string): void {
  if (kind === 'pin') {
    if (!/^\d+$/.test(secret)) throw new LockError('pin-not-digits');
    if (secret.length < MIN_PIN_DIGITS) throw new LockError('pin-too-short');
  } else if ([...secret.trim()].length < MIN_PASSPHRASE_CHARS) {
    throw new LockError('passphrase-too-short');
  }
}

/** All checks of a new lock that need no store: run them before closing anything. */
export function checkLockChoice(kind: LockKind, secret: string, maxTries: number): void {
  checkSecret(kind, secret);
  if (!Number.isInteger(maxTries) || maxTries < 3 || maxTries > 100) throw new LockError('bad-max-tries');
}

const loadKdf = () => import('./lock-kdf.ts');

export function readLockHeader(inner: KeyValueStore): Promise<LockHeader | undefined> {
  return inner.get<LockHeader>(LOCK_HEADER_KEY);
}

async function wrap(s: Sodium, kind: LockKind, secret: string, deviceKey: Uint8Array, maxTries: number): Promise<LockHeader> {
  const { DEFAULT_KDF, deriveLockKey } = await loadKdf();
  const kdf: KdfParams = { ...DEFAULT_KDF, salt: s.randombytes_buf(16) };
  const lockKey = await deriveLockKey(secret, kdf);
  const nonce = s.randombytes_buf(24);
  const wrapped = s.crypto_aead_xchacha20poly1305_ietf_encrypt(deviceKey, s.from_string(WRAP_AD), null, nonce, lockKey);
  lockKey.fill(0);
  return { v: 1, kind, kdf, nonce, wrapped, failed: 0, waitUntil: 0, maxTries };
}

/**
 * Seals every readable record under a sealed name, then removes the readable copies. The sealed
 * copies (and, when given, the lock header) are written in one transaction first; a crash before
 * the removal leaves both, and the next unlock runs this again: nothing is lost either way.
 */
export async function sealReadableRecords(inner: KeyValueStore, sealed: SealedStore, header?: LockHeader): Promise<number> {
  const readable = (await inner.keys('')).filter((k) => k !== LOCK_HEADER_KEY && !isSealedName(k));
  const entries: Array<readonly [string, unknown]> = [];
  for (const key of readable) entries.push([key, await inner.get(key)]);
  const writes: Array<readonly [string, unknown]> = sealed.sealEntries(entries);
  if (header) writes.push([LOCK_HEADER_KEY, header]);
  if (writes.length > 0) await inner.setMany(writes);
  if (readable.length > 0) await inner.delMany(readable);
  return readable.length;
}

/**
 * Sets a lock on a device that had none. The caller closes every plan first (nothing may write
 * readable records meanwhile); afterwards the returned store holds everything, sealed.
 */
export async function setDeviceLock(inner: KeyValueStore, kind: LockKind, secret: string, maxTries = DEFAULT_MAX_TRIES): Promise<SealedStore> {
  checkLockChoice(kind, secret, maxTries);
  if (await readLockHeader(inner)) throw new LockError('already-locked');
  const s = await ready();
  const deviceKey = s.randombytes_buf(32);
  const header = await wrap(s, kind, secret, deviceKey, maxTries);
  const store = createSealedStore(inner, deviceKey, s);
  deviceKey.fill(0);
  await sealReadableRecords(inner, store, header);
  return store;
}

/** A new PIN or passphrase for the same device key: nothing else is rewritten. */
export async function changeDeviceLock(inner: KeyValueStore, store: SealedStore, kind: LockKind, secret: string, maxTries: number): Promise<void> {
  checkLockChoice(kind, secret, maxTries);
  if (!(await readLockHeader(inner))) throw new LockError('no-lock');
  const s = await ready();
  const deviceKey = store.deviceKey();
  try {
    await inner.set(LOCK_HEADER_KEY, await wrap(s, kind, secret, deviceKey, maxTries));
  } finally {
    deviceKey.fill(0);
  }
}

export type UnlockResult =
  | { kind: 'ok'; store: SealedStore }
  | { kind: 'wait'; until: number }
  | { kind: 'wrong'; triesLeft: number; until: number }
  | { kind: 'wipe' };

/**
 * One try. The counter and the next wait are written before Argon2id runs, so neither closing the
 * tab nor a reload gives a try for free; a good try resets them.
 */
export async function tryUnlock(inner: KeyValueStore, secret: string, now = Date.now()): Promise<UnlockResult> {
  const header = await readLockHeader(inner);
  if (!header) throw new LockError('no-lock');
  if (header.failed >= header.maxTries) return { kind: 'wipe' };
  if (now < header.waitUntil) return { kind: 'wait', until: header.waitUntil };
  const failed = header.failed + 1;
  const counted: LockHeader = { ...header, failed, waitUntil: now + delayAfterWrongTry(failed) };
  await inner.set(LOCK_HEADER_KEY, counted);
  const s = await ready();
  const { deriveLockKey } = await loadKdf();
  const lockKey = await deriveLockKey(secret, header.kdf);
  let deviceKey: Uint8Array;
  try {
    deviceKey = s.crypto_aead_xchacha20poly1305_ietf_decrypt(null, header.wrapped, s.from_string(WRAP_AD), header.nonce, lockKey);
  } catch {
    if (failed >= header.maxTries) return { kind: 'wipe' };
    return { kind: 'wrong', triesLeft: header.maxTries - failed, until: counted.waitUntil };
  } finally {
    lockKey.fill(0);
  }
  await inner.set(LOCK_HEADER_KEY, { ...header, failed: 0, waitUntil: 0 });
  const store = createSealedStore(inner, deviceKey, s);
  deviceKey.fill(0);
  // A migration cut short left readable records: seal them now.
  await sealReadableRecords(inner, store);
  return { kind: 'ok', store };
}
