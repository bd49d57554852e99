/**
 * Sends frames at a steady total rate: every tick, as many as are due by now, taken round-robin
 * across the senders so each one runs at rate / senders.
 */
export async function sendAtRate(
  frames: readonly (() => void)[],
  perSecond: number,
  tickMs = 5,
): Promise<number> {
  const start = performance.now();
  let sent = 0;
  while (sent < frames.length) {
    const due = Math.min(frames.length, Math.floor(((performance.now() - start) / 1000) * perSecond) + 1);
    while (sent < due) frames[sent++]!();
    await new Promise((r) => setTimeout(r, tickMs));
  }
  return (performance.now() - start) / 1000;
}

/** Latency per message, keyed by 8 bytes that identify it (e.g. the tail of its signature). */
export class LatencyBook {
  readonly #sentAt = new Map<bigint, number>();
  readonly samples: number[] = [];
  expected = 0;

  sent(key: bigint, receivers: number): void {
    this.#sentAt.set(key, performance.now());
    this.expected += receivers;
  }

  received(key: bigint): void {
    const at = this.#sentAt.get(key);
    if (at !== undefined) this.samples.push(performance.now() - at);
  }

  /** Waits until everything expected arrived or `ms` passed; returns the number missing. */
  async drain(ms: number): Promise<number> {
    const deadline = performance.now() + ms;
    while (this.samples.length < this.expected && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return this.expected - this.samples.length;
  }
}

/** The last 8 bytes of a frame as a key: for envelopes, the tail of the Ed25519 signature. */
export function tailKey(bytes: Uint8Array): bigint {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).readBigUInt64LE(bytes.byteLength - 8);
}
