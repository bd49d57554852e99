import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { NonceSource, Sodium } from '@safeplan/schema/crypto';
import { openUnderEpoch, SEAL_PURPOSES, sealUnderEpoch } from './epoch-sealing.ts';
import { decodeSnapshotContent, encodeSnapshotContent, type SnapshotContent } from './snapshot-content.ts';

/**
 * A snapshot of the plan kept on this device only, so opening a plan does not verify and decrypt
 * every stored envelope again (docs/performance.md "open-plan"). It is a cache: every envelope it
 * covers stays in the store, so a local snapshot that does not open costs a full replay, nothing
 * more. It covers relay envelopes with seq <= coversSeq and own updates with clock <= coversClock.
 */
export interface LocalSnapshot extends SnapshotContent {
  coversSeq: number;
  coversClock: number;
}

/** Envelopes replayed or added since the last local snapshot before a new one is written. */
export const LOCAL_SNAPSHOT_EVERY = 100;

export function sealLocalSnapshot(
  s: Sodium,
  planId: Uint8Array,
  epoch: number,
  key: Uint8Array,
  nonces: NonceSource,
  snap: LocalSnapshot,
): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, snap.coversSeq);
  encoding.writeVarUint(e, snap.coversClock);
  encoding.writeVarUint8Array(e, encodeSnapshotContent(snap));
  return sealUnderEpoch(s, SEAL_PURPOSES.localSnapshot, planId, epoch, key, nonces, encoding.toUint8Array(e));
}

/** Throws when the record does not open or decode (the caller then replays everything). */
export function openLocalSnapshot(s: Sodium, planId: Uint8Array, keyFor: (epoch: number) => Uint8Array | undefined, sealed: unknown): LocalSnapshot {
  if (!(sealed instanceof Uint8Array)) throw new Error('local snapshot: not bytes');
  const d = decoding.createDecoder(openUnderEpoch(s, SEAL_PURPOSES.localSnapshot, planId, keyFor, sealed));
  const coversSeq = decoding.readVarUint(d);
  const coversClock = decoding.readVarUint(d);
  const content = decodeSnapshotContent(decoding.readVarUint8Array(d));
  if (decoding.hasContent(d)) throw new Error('local snapshot: trailing bytes');
  return { coversSeq, coversClock, ...content };
}
