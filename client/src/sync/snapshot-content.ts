import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * The plaintext of a snapshot envelope: the full Yjs state of both documents plus, per author, the
 * highest update clock merged into it. The relay prunes the updates a snapshot covers, so without
 * these clocks a client loading "snapshot + later updates" could not check that each author's clock
 * rises by one (one clock sequence per device, across both channels). Only clients read this (it is
 * encrypted), so it is the clients' own format. A snapshot always travels on the `plan` channel:
 * only roles that write both documents write one.
 */
export interface SnapshotContent {
  /** The plan document. */
  state: Uint8Array;
  /** The contributions document (empty in snapshots written before it existed). */
  contributions: Uint8Array;
  clocks: Map<string, number>;
  /**
   * Per author in `clocks`, the bytes of that author's update envelope with exactly that clock
   * (docs/protocol.md "Snapshots"): the author's own signature over the clock, so a snapshot can
   * never move a member's clock past what that member signed. Empty in content written before.
   */
  proofs?: Map<string, Uint8Array>;
}

export function encodeSnapshotContent(c: SnapshotContent): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint8Array(e, c.state);
  encoding.writeVarUint(e, c.clocks.size);
  for (const [author, clock] of c.clocks) {
    encoding.writeVarString(e, author);
    encoding.writeVarUint(e, clock);
  }
  // Last, so content written before the contributions document existed still decodes.
  encoding.writeVarUint8Array(e, c.contributions);
  // After it, so content written before proofs existed still decodes.
  const proofs = c.proofs ?? new Map<string, Uint8Array>();
  encoding.writeVarUint(e, proofs.size);
  for (const [author, envelope] of proofs) {
    encoding.writeVarString(e, author);
    encoding.writeVarUint8Array(e, envelope);
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
  const contributions = decoding.hasContent(d) ? decoding.readVarUint8Array(d) : new Uint8Array(0);
  const proofs = new Map<string, Uint8Array>();
  if (decoding.hasContent(d)) {
    const m = decoding.readVarUint(d);
    if (m > n) throw new Error('snapshot content: more proofs than clocks');
    for (let i = 0; i < m; i++) proofs.set(decoding.readVarString(d), decoding.readVarUint8Array(d));
  }
  if (decoding.hasContent(d) || state.length > bytes.length) throw new Error('snapshot content: trailing bytes');
  return { state, contributions, clocks, proofs };
}
