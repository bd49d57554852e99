/**
 * Per author (base64url), the highest clock this device holds of theirs and the envelope signed
 * with exactly that clock: what a snapshot we write proves it with (snapshot-proofs.ts) and the
 * head the author's next update must name (chain-links.ts). Raised by the store replay, delivered
 * updates, own acks and snapshots taken in; never lowered.
 */
export class AuthorClocks {
  readonly clocks = new Map<string, number>();
  readonly proofs = new Map<string, Uint8Array>();

  /** The highest clock of `author` here (0 when none). */
  of(author: string): number {
    return this.clocks.get(author) ?? 0;
  }

  raise(author: string, clock: number, proof?: Uint8Array): void {
    const known = this.clocks.get(author) ?? 0;
    if (known < clock) {
      this.clocks.set(author, clock);
      // A clock without its proof (a local snapshot written before proofs) leaves none.
      if (proof) this.proofs.set(author, proof);
      else this.proofs.delete(author);
    } else if (known === clock && proof && !this.proofs.has(author)) {
      this.proofs.set(author, proof);
    }
  }
}
