import sodium from 'libsodium-wrappers';

/** The libsodium API, passed into every function here so callers decide when it is loaded. */
export type Sodium = typeof sodium;

let loading: Promise<Sodium> | undefined;

/** Resolves once the WebAssembly module is loaded; later calls reuse the same promise. */
export function ready(): Promise<Sodium> {
  loading ??= sodium.ready.then(() => sodium);
  return loading;
}
