export type CryptoErrorCode = 'bad-length' | 'decrypt-failed' | 'bad-encoding' | 'nonce-exhausted';

/** Raised on bad keys, bad input or failed authentication; never carries secret material. */
export class CryptoError extends Error {
  readonly code: CryptoErrorCode;
  constructor(code: CryptoErrorCode, detail: string) {
    super(`${code}: ${detail}`);
    this.name = 'CryptoError';
    this.code = code;
  }
}

export function expectLength(bytes: Uint8Array, length: number, what: string): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    throw new CryptoError('bad-length', `${what} must be ${length} bytes`);
  }
}
