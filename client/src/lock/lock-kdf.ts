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
 * 64 MiB, 2 passes, 1 lane: about 0.2 s in Node on the development machine and under a second on
 * a mid-range tablet (measured by `pnpm bench unlock`). The memory cost is what makes guessing on
 * graphics cards expensive; it is kept below what a low-end tablet's browser tab can allocate.
 */
export const DEFAULT_KDF = { alg: 'argon2id', memoryKiB: 64 * 1024, iterations: 2, parallelism: 1 } as const;

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
