import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * Turns a stored value into bytes and back, so the sealed store can encrypt it. Only the shapes
 * the engine keeps are allowed (plain objects, arrays, byte arrays, strings, numbers, booleans,
 * null, undefined); anything else (a Map, a Date, a function) is refused before a byte is written,
 * because it would not come back the same.
 */
export class UnsupportedValueError extends Error {
  constructor(readonly path: string) {
    super(`this value cannot be kept on the device (at ${path || 'the top'})`);
    this.name = 'UnsupportedValueError';
  }
}

function check(value: unknown, path: string): void {
  if (value === null || value === undefined) return;
  switch (typeof value) {
    case 'undefined':
    case 'string':
    case 'number':
    case 'boolean':
      return;
    case 'object':
      if (value instanceof Uint8Array) return;
      if (Array.isArray(value)) {
        value.forEach((v, i) => check(v, `${path}[${i}]`));
        return;
      }
      {
        const proto = Object.getPrototypeOf(value) as unknown;
        if (proto !== Object.prototype && proto !== null) throw new UnsupportedValueError(path);
        for (const [k, v] of Object.entries(value)) check(v, `${path}.${k}`);
      }
      return;
    case 'bigint':
    case 'function':
    case 'symbol':
      throw new UnsupportedValueError(path);
  }
}

export function encodeValue(value: unknown): Uint8Array {
  check(value, '');
  const e = encoding.createEncoder();
  encoding.writeAny(e, value as Parameters<typeof encoding.writeAny>[1]);
  return encoding.toUint8Array(e);
}

/** Byte arrays come back as copies of their own, not views into the decrypted buffer. */
function detach(value: unknown): unknown {
  if (value instanceof Uint8Array) return value.slice();
  if (Array.isArray(value)) return value.map(detach);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = detach(v);
    return out;
  }
  return value;
}

export function decodeValue(bytes: Uint8Array): unknown {
  return detach(decoding.readAny(decoding.createDecoder(bytes)));
}
