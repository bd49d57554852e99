import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * The plaintext of a snapshot envelope: the full Yjs state plus, per author, the highest update
 * clock merged into it. The relay prunes the updates a snapshot covers, so without these clocks a
 * client loading "snapshot + later updates" could not check that each author's clock rises by one.
 * Only clients read this (it is encrypted), so it is the clients' own format.
 */
export interface SnapshotContent {
  state: Uint8Array;
  clocks: Map<string, number>;
}

export function encodeSnapshotContent(c: SnapshotContent): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint8Array(e, c.state);
  encoding.writeVarUint(e, c.clocks.size);
  for (const [author, clock] of c.clocks) {
    encoding.writeVarString(e, author);
    encoding.writeVarUint(e, clock);
  }
  return encoding.toUint8Array(e);
}

/** Throws on anything that is not snapshot content (callers treat that as tampering). */
export function decodeSnapshotContent(bytes: Uint8Array): SnapshotContent {
  const d = decoding.createDecoder(bytes);
  const state = decoding.readVarUint8Array(d);
  const n = decoding.readVarUint(d);
  if (n > 100_000) throw new Error('snapshot content: too many authors');
  const clocks = new Map<string, number>();
  for (let i = 0; i < n; i++) clocks.set(decoding.readVarString(d), decoding.readVarUint(d));
  if (decoding.hasContent(d) || state.length > bytes.length) throw new Error('snapshot content: trailing bytes');
  return { state, clocks };
}
