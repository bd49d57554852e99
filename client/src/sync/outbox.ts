/**
 * Own envelopes the relay has not acknowledged, in clock order, and which of them are on the wire
 * now. The relay needs clocks in order and acks one by one; a bounded window keeps a device that
 * was offline for a week from tripping the relay's rate limit with a thousand frames at once.
 */
export class Outbox {
  readonly #pending = new Map<number, Uint8Array>();
  readonly #inFlight = new Set<number>();
  /** While a snapshot waits for its ack nothing else is sent: acks do not say which kind they answer. */
  #held = false;

  constructor(private readonly window = 32) {}

  get size(): number {
    return this.#pending.size;
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  add(clock: number, envelope: Uint8Array): void {
    this.#pending.set(clock, envelope);
  }

  get(clock: number): Uint8Array | undefined {
    return this.#pending.get(clock);
  }

  values(): IterableIterator<Uint8Array> {
    return this.#pending.values();
  }

  entries(): Array<[number, Uint8Array]> {
    return [...this.#pending.entries()];
  }

  confirm(clock: number): Uint8Array | undefined {
    const envelope = this.#pending.get(clock);
    this.#pending.delete(clock);
    this.#inFlight.delete(clock);
    return envelope;
  }

  hold(held: boolean): void {
    this.#held = held;
  }

  get held(): boolean {
    return this.#held;
  }

  /** The connection is gone: nothing is on the wire any more, everything unacked goes again. */
  reset(): void {
    this.#inFlight.clear();
    this.#held = false;
  }

  /** The envelopes to send now, lowest clock first; they count as in flight from here on. */
  take(): Uint8Array[] {
    if (this.#held) return [];
    const out: Uint8Array[] = [];
    for (const clock of [...this.#pending.keys()].sort((a, b) => a - b)) {
      if (this.#inFlight.size >= this.window) break;
      if (this.#inFlight.has(clock)) continue;
      this.#inFlight.add(clock);
      out.push(this.#pending.get(clock)!);
    }
    return out;
  }
}
