import { CryptoError } from './errors.ts';

// Plain JS so the relay and logs can print ids without loading libsodium.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const LOOKUP = new Map([...ALPHABET].map((c, i) => [c, i]));

const CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));

/**
 * Unpadded base64url (RFC 4648 §5). Built as character codes and made a string in one step: the
 * result is a flat string, so the Map lookups keyed by it (member ids, clocks per author: several
 * per delivered envelope) hash it without first flattening a 43-piece concatenation.
 */
export function toBase64Url(bytes: Uint8Array): string {
  const len = bytes.length;
  const out = new Uint8Array(Math.ceil((len * 8) / 6));
  let o = 0;
  let i = 0;
  for (; i + 2 < len; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = CODES[n >> 18]!;
    out[o++] = CODES[(n >> 12) & 63]!;
    out[o++] = CODES[(n >> 6) & 63]!;
    out[o++] = CODES[n & 63]!;
  }
  if (i < len) {
    const two = i + 1 < len;
    const n = (bytes[i]! << 16) | (two ? bytes[i + 1]! << 8 : 0);
    out[o] = CODES[n >> 18]!;
    out[o + 1] = CODES[(n >> 12) & 63]!;
    if (two) out[o + 2] = CODES[(n >> 6) & 63]!;
  }
  // Short (keys, hashes: at most a few hundred characters); apply takes the codes as arguments.
  return out.length <= 4096 ? String.fromCharCode.apply(null, out as unknown as number[]) : chunked(out);
}

function chunked(codes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < codes.length; i += 4096) s += String.fromCharCode.apply(null, codes.subarray(i, i + 4096) as unknown as number[]);
  return s;
}

/** Strict: rejects padding, whitespace, foreign characters and impossible lengths. */
export function fromBase64Url(text: string): Uint8Array {
  if (text.length % 4 === 1) throw new CryptoError('bad-encoding', 'not base64url: impossible length');
  const out = new Uint8Array(Math.floor((text.length * 6) / 8));
  let bits = 0;
  let value = 0;
  let o = 0;
  for (const c of text) {
    const v = LOOKUP.get(c);
    if (v === undefined) throw new CryptoError('bad-encoding', 'not base64url: unexpected character');
    value = ((value << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (value >> bits) & 0xff;
    }
  }
  // Leftover bits must be zero, so every byte string has exactly one encoding.
  if ((value & ((1 << bits) - 1)) !== 0) throw new CryptoError('bad-encoding', 'not base64url: non-canonical ending');
  return out;
}
