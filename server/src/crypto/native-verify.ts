import { createRequire } from 'node:module';
import type { Sodium } from '@safeplan/schema/crypto';

/**
 * Ed25519 verification is the relay's largest CPU cost per envelope (docs/performance.md). The
 * WebAssembly build of libsodium takes ~130 µs per verify on the benchmark machine; the same
 * libsodium compiled natively (sodium-native, prebuilt inside its npm package) takes ~55 µs.
 * Same library, same rules: small-order keys and non-canonical signatures are refused by both,
 * which `native-verify-agrees-with-libsodium.test.ts` checks on real keys.
 */
interface NativeSodium {
  crypto_sign_verify_detached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
  crypto_sign_BYTES: number;
  crypto_sign_PUBLICKEYBYTES: number;
}

export type VerifyBackend = 'native' | 'wasm';

export interface RelaySodium {
  sodium: Sodium;
  verify: VerifyBackend;
  /** Why the native build was not used (a platform without a prebuilt binary), for the startup log. */
  fallbackReason?: string;
}

function loadNative(): NativeSodium {
  const native = createRequire(import.meta.url)('sodium-native') as NativeSodium;
  if (typeof native.crypto_sign_verify_detached !== 'function') throw new Error('sodium-native has no crypto_sign_verify_detached');
  return native;
}

/**
 * The given libsodium with `crypto_sign_verify_detached` answered by native libsodium; every
 * other function is the WebAssembly one. Without a native build it returns `sodium` unchanged.
 */
export function withNativeVerify(sodium: Sodium, load: () => NativeSodium = loadNative): RelaySodium {
  let native: NativeSodium;
  try {
    native = load();
  } catch (err) {
    return { sodium, verify: 'wasm', fallbackReason: err instanceof Error ? err.name : 'unknown' };
  }
  const wasmVerify = sodium.crypto_sign_verify_detached.bind(sodium);
  const verify: Sodium['crypto_sign_verify_detached'] = (signature, message, publicKey) => {
    // Strings (libsodium-wrappers encodes them as UTF-8) and wrong lengths keep the wasm path,
    // so callers see exactly the errors they always saw.
    if (
      !(signature instanceof Uint8Array) ||
      !(message instanceof Uint8Array) ||
      !(publicKey instanceof Uint8Array) ||
      signature.length !== native.crypto_sign_BYTES ||
      publicKey.length !== native.crypto_sign_PUBLICKEYBYTES
    ) {
      return wasmVerify(signature, message, publicKey);
    }
    return native.crypto_sign_verify_detached(signature, message, publicKey);
  };
  const wrapped = Object.create(sodium) as Sodium;
  Object.defineProperty(wrapped, 'crypto_sign_verify_detached', { value: verify, enumerable: true });
  return { sodium: wrapped, verify: 'native' };
}
