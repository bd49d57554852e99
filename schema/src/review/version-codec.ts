import * as encoding from 'lib0/encoding';
import { HASH_BYTES, PUBLIC_KEY_BYTES, SIGNATURE_BYTES } from '../crypto/index.ts';
import { decodeRecord, encodeRecord, type RecordFormat } from './record-codec.ts';

/** What anyone may read of a fixed version once it is opened; `contentHash` identifies it. */
export interface VersionHeader {
  /** The plan's id as the session names it (base64url). */
  planId: string;
  /** 1 for the first fixed version, then one higher each time. */
  versionNo: number;
  title: string;
  /** Day of the network meeting, 'YYYY-MM-DD'. */
  date: string;
  /** BLAKE2b-256 of `content`. */
  contentHash: Uint8Array;
  /** Signing key of the owner device that fixed it. */
  fixedBy: Uint8Array;
  fixedAt: number;
}

/** A fixed plan version: immutable; every field is covered by the hash or by the owner's signature. */
export interface PlanVersion extends VersionHeader {
  /** The plan's canonical text (see canonicalPlanText). */
  content: string;
  /** Yjs snapshot (Y.encodeSnapshot) of the live document when it was fixed; empty when unknown. */
  snapshot: Uint8Array;
  fixSignature: Uint8Array;
}

/** A version carries pictures (up to 2 MB each); the bound only stops absurd input early. */
const VERSION_RECORD: RecordFormat = { what: 'version', format: 1, maxBytes: 64 * 1024 * 1024 };

/** What the owner signs: everything of the header, so the title or date cannot be swapped afterwards. */
export function fixMessage(h: VersionHeader): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, h.planId);
  encoding.writeVarUint(e, h.versionNo);
  encoding.writeVarUint8Array(e, h.contentHash);
  encoding.writeVarString(e, h.title);
  encoding.writeVarString(e, h.date);
  encoding.writeVarUint(e, h.fixedAt);
  return encoding.toUint8Array(e);
}

export function encodeVersion(v: PlanVersion): Uint8Array {
  return encodeRecord(VERSION_RECORD, (e) => {
    encoding.writeVarString(e, v.planId);
    encoding.writeVarUint(e, v.versionNo);
    encoding.writeVarString(e, v.title);
    encoding.writeVarString(e, v.date);
    encoding.writeVarUint8Array(e, v.contentHash);
    encoding.writeVarUint8Array(e, v.fixedBy);
    encoding.writeVarUint(e, v.fixedAt);
    encoding.writeVarUint8Array(e, v.fixSignature);
    encoding.writeVarString(e, v.content);
    encoding.writeVarUint8Array(e, v.snapshot);
  });
}

/** Throws ReviewError('malformed') for anything that is not exactly one encoded version. */
export function decodeVersion(bytes: Uint8Array): PlanVersion {
  return decodeRecord(VERSION_RECORD, bytes, (r) => ({
    planId: r.string(),
    versionNo: r.uint(),
    title: r.string(),
    date: r.string(),
    contentHash: r.fixed(HASH_BYTES, 'content hash'),
    fixedBy: r.fixed(PUBLIC_KEY_BYTES, 'signing key'),
    fixedAt: r.uint(),
    fixSignature: r.fixed(SIGNATURE_BYTES, 'signature'),
    content: r.string(),
    snapshot: r.bytes(),
  }));
}
