import { argon2id } from 'hash-wasm';

/**
 * Argon2id turns a PIN or passphrase into the key that wraps the device key. Loaded only when a
 * lock is set or opened (device-lock.ts imports this module lazily), so the first view stays small.
 */
export interface KdfParams {
  alg: 'argon2id';
  /** Memory in KiB. */
  memoryKiB: number;
  iterations: number;
  parallelism: number;
  salt: Uint8Array;
}

/**
 * 32 MiB, 3 passes, 1 lane (above OWASP's Argon2id minimum of 19 MiB, 2 passes): about 0.1 s for
 * one core of the development machine when it is idle, and meant to stay under a second on a
 * mid-range tablet; `pnpm bench unlock` measures the whole unlock in Chromium with the CPU slowed
 * 4×. The memory cost is what makes guessing on graphics cards expensive; it stays small enough
 * for a low-end tablet's browser tab. The header keeps the parameters, so they can be raised later
 * without breaking a lock that was set with these.
 */
export const DEFAULT_KDF = { alg: 'argon2id', memoryKiB: 32 * 1024, iterations: 3, parallelism: 1 } as const;

export async function deriveLockKey(secret: string, params: KdfParams): Promise<Uint8Array> {
  return argon2id({
    password: secret.normalize('NFC'),
    salt: params.salt,
    parallelism: params.parallelism,
    iterations: params.iterations,
    memorySize: params.memoryKiB,
    hashLength: 32,
    outputType: 'binary',
  });
}
