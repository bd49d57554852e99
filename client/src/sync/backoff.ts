/**
 * Reconnect delays: exponential with full jitter, so a relay that comes back is not hit by every
 * tablet of a region in the same second.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random, baseMs = 250, maxMs = 30_000): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 20));
  return Math.round(baseMs / 2 + random() * (ceiling - baseMs / 2));
}
