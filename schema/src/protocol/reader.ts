import * as decoding from 'lib0/decoding';
import { ProtocolError } from './errors.ts';

/** Frames are refused above this size, before any decoding. */
export const MAX_FRAME_BYTES = 1024 * 1024;

/**
 * Bounds-checked reads over lib0's decoder. lib0 itself trusts lengths (a subarray may reach past
 * the frame into its underlying buffer), so every length is checked here and every result copied.
 */
export class Reader {
  readonly #dec: decoding.Decoder;
  constructor(bytes: Uint8Array) {
    this.#dec = decoding.createDecoder(bytes);
  }

  uint(): number {
    if (!decoding.hasContent(this.#dec)) throw new ProtocolError('malformed', 'unexpected end');
    const start = this.#dec.pos;
    const n = decoding.readVarUint(this.#dec);
    if (!Number.isSafeInteger(n)) throw new ProtocolError('malformed', 'number out of range');
    // One encoding per number: a longer one (ending in a zero byte, e.g. 64 as C0 00) would let the
    // relay change an envelope's bytes, and so its hash, outside what the author signed (the
    // lengths around header, ciphertext and signature), and make readers see a fork the author never made.
    if (this.#dec.pos - start > 1 && this.#dec.arr[this.#dec.pos - 1] === 0) throw new ProtocolError('malformed', 'number not in its shortest form');
    return n;
  }

  bytes(): Uint8Array {
    const len = this.uint();
    if (len > this.#dec.arr.length - this.#dec.pos) throw new ProtocolError('malformed', 'length past the end');
    const out = this.#dec.arr.slice(this.#dec.pos, this.#dec.pos + len);
    this.#dec.pos += len;
    return out;
  }

  fixed(length: number, what: string): Uint8Array {
    const b = this.bytes();
    if (b.length !== length) throw new ProtocolError('malformed', `${what} must be ${length} bytes`);
    return b;
  }

  string(): string {
    const b = this.bytes();
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(b);
    } catch {
      throw new ProtocolError('malformed', 'text is not utf-8');
    }
  }

  get done(): boolean {
    return !decoding.hasContent(this.#dec);
  }

  /** Offset of the next unread byte (to slice out signed regions). */
  get position(): number {
    return this.#dec.pos;
  }

  end(): void {
    if (!this.done) throw new ProtocolError('malformed', 'trailing bytes');
  }
}

/**
 * A plain Uint8Array view of the same bytes: Node's Buffer (what ws hands the relay) shares memory
 * on `slice`, and every decoded field must be a copy.
 */
export function plainBytes(bytes: Uint8Array): Uint8Array {
  return bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Runs a decoder over untrusted bytes: size-checked first, any non-protocol failure becomes
 * `malformed`, and trailing bytes are refused so every message has exactly one encoding length.
 */
export function decodeStrict<T>(bytes: Uint8Array, read: (r: Reader) => T): T {
  if (!(bytes instanceof Uint8Array)) throw new ProtocolError('malformed', 'not bytes');
  if (bytes.length > MAX_FRAME_BYTES) throw new ProtocolError('too-large', `over ${MAX_FRAME_BYTES} bytes`);
  try {
    const r = new Reader(plainBytes(bytes));
    const value = read(r);
    r.end();
    return value;
  } catch (e) {
    if (e instanceof ProtocolError) throw e;
    throw new ProtocolError('malformed', 'does not decode');
  }
}
