import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { PlanDocs } from './review-doc.ts';

/**
 * A point in both documents of a plan: one Yjs snapshot (state vector + delete set) per document.
 * Snapshots of different documents cannot be compared, so each document keeps its own.
 */
export interface PlanSnapshots {
  plan: Y.Snapshot;
  contributions: Y.Snapshot;
}

/** Both documents as they are now. */
export function snapshotsOf(docs: PlanDocs): PlanSnapshots {
  return { plan: Y.snapshot(docs.plan), contributions: Y.snapshot(docs.contributions) };
}

// Tells the two-document form apart from a bare Y.encodeSnapshot (what versions held before).
const TAG = 'safeplan/plan-snapshots/1';

/** Both snapshots as one byte string (a version's `snapshot` field). */
export function encodePlanSnapshots(snapshots: PlanSnapshots): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, TAG);
  encoding.writeVarUint8Array(e, Y.encodeSnapshot(snapshots.plan));
  encoding.writeVarUint8Array(e, Y.encodeSnapshot(snapshots.contributions));
  return encoding.toUint8Array(e);
}

function decodeTagged(bytes: Uint8Array): PlanSnapshots | null {
  try {
    const d = decoding.createDecoder(bytes);
    if (decoding.readVarString(d) !== TAG) return null;
    const plan = decoding.readVarUint8Array(d);
    const contributions = decoding.readVarUint8Array(d);
    if (decoding.hasContent(d)) return null;
    return { plan: Y.decodeSnapshot(plan), contributions: Y.decodeSnapshot(contributions) };
  } catch {
    return null;
  }
}

/**
 * What encodePlanSnapshots wrote; a bare snapshot (from before the plan had two documents) counts
 * for the plan document, with nothing seen in the contributions document. Null when neither
 * decodes, or for no bytes: then every change shows, which loses nothing.
 */
export function decodePlanSnapshots(bytes: Uint8Array): PlanSnapshots | null {
  if (bytes.length === 0) return null;
  const tagged = decodeTagged(bytes);
  if (tagged) return tagged;
  try {
    return { plan: Y.decodeSnapshot(bytes), contributions: Y.emptySnapshot };
  } catch {
    return null;
  }
}
