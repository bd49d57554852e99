export interface ScheduleRun {
  /** Frames the schedule asked for. */
  scheduled: number;
  /** Frames sent by the time the schedule ended (plus two ticks of grace). */
  onTime: number;
  /** How long the schedule should take (frames / rate). */
  scheduledSeconds: number;
  /** How long sending them all took. */
  seconds: number;
}

/**
 * Sends frames at a steady total rate: every tick, as many as are due by now, taken round-robin
 * across the senders so each one runs at rate / senders. A generator that cannot keep up still
 * sends everything, later: `onTime` says how much of the schedule it actually kept.
 */
export async function sendAtRate(
  frames: readonly (() => void)[],
  perSecond: number,
  tickMs = 5,
): Promise<ScheduleRun> {
  const start = performance.now();
  const scheduledSeconds = frames.length / perSecond;
  const deadline = start + scheduledSeconds * 1000 + 2 * tickMs;
  let sent = 0;
  let onTime = 0;
  while (sent < frames.length) {
    const due = Math.min(frames.length, Math.floor(((performance.now() - start) / 1000) * perSecond) + 1);
    const before = sent;
    while (sent < due) frames[sent++]!();
    if (performance.now() <= deadline) onTime += sent - before;
    await new Promise((r) => setTimeout(r, tickMs));
  }
  return { scheduled: frames.length, onTime, scheduledSeconds, seconds: (performance.now() - start) / 1000 };
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
