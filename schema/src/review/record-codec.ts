import * as encoding from 'lib0/encoding';
import { Reader, plainBytes } from '../protocol/reader.ts';
import { ReviewError } from './errors.ts';

/** How a review record (a fixed version, an endorsement) is framed: a format number, then its fields. */
export interface RecordFormat {
  /** Named in refusals: 'version', 'endorsement'. */
  what: string;
  format: number;
  /** Longer input is refused before any parsing. */
  maxBytes: number;
}

export function encodeRecord(f: RecordFormat, write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, f.format);
  write(e);
  return encoding.toUint8Array(e);
}

/** Throws ReviewError('malformed') for anything that is not exactly one record of this format. */
export function decodeRecord<T>(f: RecordFormat, bytes: Uint8Array, read: (r: Reader) => T): T {
  if (!(bytes instanceof Uint8Array)) throw new ReviewError('malformed', `${f.what} must be bytes`);
  if (bytes.length > f.maxBytes) throw new ReviewError('malformed', `${f.what} too large`);
  try {
    const r = new Reader(plainBytes(bytes));
    if (r.uint() !== f.format) throw new ReviewError('malformed', `unknown ${f.what} format`);
    const record = read(r);
    r.end();
    return record;
  } catch (err) {
    if (err instanceof ReviewError) throw err;
    throw new ReviewError('malformed', `${f.what} does not decode (${err instanceof Error ? err.message : 'unknown'})`);
  }
}
