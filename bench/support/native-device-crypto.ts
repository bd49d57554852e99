import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Sodium } from '@safeplan/schema/crypto';

/**
 * Simulated devices stand in for separate tablets, each with a core of its own. Two hundred of
 * them in one Node process on a 2-core machine, all signing and verifying with libsodium's
 * WebAssembly build, make the load generator the bottleneck instead of the relay (issue 15). So
 * the load generator's devices may use natively built libsodium (sodium-native, the relay's own
 * dependency) for Ed25519: the same library and rules, computed faster. The cost per keystroke on
 * a real device, with libsodium as shipped, is measured separately in Chromium
 * (`pnpm bench chromium-keystroke`).
 *
 * This patches the process's (or worker thread's) libsodium-wrappers object, which the sync
 * engine gets from `ready()`: only the load generator calls it, never the product.
 */
interface NativeEd25519 {
  crypto_sign_detached(signature: Uint8Array, message: Uint8Array, secretKey: Uint8Array): void;
  crypto_sign_verify_detached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
  crypto_sign_BYTES: number;
  crypto_sign_SECRETKEYBYTES: number;
  crypto_sign_PUBLICKEYBYTES: number;
}

export type DeviceCrypto = 'native' | 'wasm';

/** Which Ed25519 the simulated devices use: BENCH_DEVICE_CRYPTO=wasm keeps libsodium as shipped. */
export function deviceCryptoFromEnv(): DeviceCrypto {
  const raw = process.env.BENCH_DEVICE_CRYPTO ?? 'native';
  if (raw !== 'native' && raw !== 'wasm') throw new Error(`BENCH_DEVICE_CRYPTO must be "native" or "wasm", not "${raw}"`);
  return raw;
}

export function useDeviceCrypto(s: Sodium, kind: DeviceCrypto): void {
  if (kind === 'wasm') return;
  const requireFromServer = createRequire(fileURLToPath(new URL('../../server/package.json', import.meta.url)));
  const native = requireFromServer('sodium-native') as NativeEd25519;
  const wasmSign = s.crypto_sign_detached.bind(s);
  const wasmVerify = s.crypto_sign_verify_detached.bind(s);
  const bytes = (x: unknown): x is Uint8Array => x instanceof Uint8Array;
  // Anything but plain bytes of the right sizes (strings, output formats) keeps the wasm path, so
  // callers see the errors they always saw.
  const sign = ((message: unknown, secretKey: unknown, ...rest: unknown[]) => {
    if (rest.length > 0 || !bytes(message) || !bytes(secretKey) || secretKey.length !== native.crypto_sign_SECRETKEYBYTES) {
      return (wasmSign as (...a: unknown[]) => unknown)(message, secretKey, ...rest);
    }
    const signature = new Uint8Array(native.crypto_sign_BYTES);
    native.crypto_sign_detached(signature, message, secretKey);
    return signature;
  }) as Sodium['crypto_sign_detached'];
  const verify = ((signature: unknown, message: unknown, publicKey: unknown) => {
    if (!bytes(signature) || !bytes(message) || !bytes(publicKey) || signature.length !== native.crypto_sign_BYTES || publicKey.length !== native.crypto_sign_PUBLICKEYBYTES) {
      return (wasmVerify as (...a: unknown[]) => boolean)(signature, message, publicKey);
    }
    return native.crypto_sign_verify_detached(signature, message, publicKey);
  }) as Sodium['crypto_sign_verify_detached'];
  Object.assign(s, { crypto_sign_detached: sign, crypto_sign_verify_detached: verify });
}
