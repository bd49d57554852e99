import type { KeyPair, NonceSource, Sodium } from '../../crypto/index.ts';
import { envelopeHash, sealEnvelope } from '../envelope.ts';

/** What a chain of one author's updates is sealed under. Tests only. */
export interface ChainPlan {
  planId: Uint8Array;
  key: Uint8Array;
  nonces: NonceSource;
}

/**
 * `count` chained updates of `author` from clock `from` (epoch 0, log position 1), each naming
 * the hash of the one before it and the first naming `prev`. Tests only.
 */
export function sealedChain(
  s: Sodium,
  plan: ChainPlan,
  author: KeyPair,
  count: number,
  options: { from?: number; prev?: Uint8Array | null; payload?: (clock: number) => Uint8Array } = {},
): Uint8Array[] {
  const { from = 1, payload = (clock) => new Uint8Array([clock]) } = options;
  let prev = options.prev ?? null;
  const out: Uint8Array[] = [];
  for (let clock = from; clock < from + count; clock++) {
    const env = sealEnvelope(s, { planId: plan.planId, epoch: 0, author, clock, kind: 'update', logPosition: 1, prev }, plan.key, payload(clock), plan.nonces);
    out.push(env);
    prev = envelopeHash(s, env);
  }
  return out;
}
