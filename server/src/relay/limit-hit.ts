import type { LogValue } from '../log.ts';
import type { RelayContext } from './context.ts';

/**
 * Every limit the relay enforces reports here: one JSON log line `limit.hit` with the code and
 * counts, and the `refusals_total{code}` counter. Fields are counts, sizes and the random
 * connection id: never a key, a plan id, an address or content.
 */
export function limitHit(ctx: Pick<RelayContext, 'log' | 'metrics'>, code: string, counts: Record<string, LogValue> = {}): void {
  ctx.metrics.count('refusals_total', 1, code);
  ctx.log('limit.hit', { ...counts, code });
}

/** The log line alone, for a limit whose refusal goes out through `refuse` (which counts it). */
export function limitLogged(ctx: Pick<RelayContext, 'log'>, code: string, counts: Record<string, LogValue> = {}): void {
  ctx.log('limit.hit', { ...counts, code });
}
