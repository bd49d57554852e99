import { constantTimeEqual, toBase64Url, type Sodium } from '@safeplan/schema/crypto';
import { verifyEnvelope } from '@safeplan/schema/protocol';
import type { SnapshotContent } from './snapshot-content.ts';

/**
 * Whether every clock in a snapshot's clock table is proven by its author's own signature: the
 * proof for (author, clock) must be an update envelope of this plan, signed by that author, with
 * exactly that clock (docs/protocol.md "Snapshots"). Only the signature is checked, not the
 * epoch key: an author's clock counts whatever epoch it was written under. Without this, a
 * snapshot writer could set another member's clock to 10^9 and every device that took it would
 * refuse all that member's later edits as replayed. Cost: one Ed25519 verify per author.
 */
export function clocksAreProven(s: Sodium, planId: Uint8Array, content: SnapshotContent): boolean {
  for (const [author, clock] of content.clocks) {
    const proof = content.proofs?.get(author);
    if (!proof) return false;
    let header;
    try {
      header = verifyEnvelope(s, proof).header;
    } catch {
      return false;
    }
    if (header.kind !== 'update' || header.clock !== clock || !constantTimeEqual(header.planId, planId)) return false;
    if (toBase64Url(header.author) !== author) return false;
  }
  return true;
}
