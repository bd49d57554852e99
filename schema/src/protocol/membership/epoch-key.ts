import { constantTimeEqual, epochKeyCommitment, openChainedEpochKey, openSealedEpochKey, type KeyPair, type Sodium } from '../../crypto/index.ts';
import { ProtocolError } from '../errors.ts';
import type { MembershipState } from './state.ts';

/**
 * Opens the epoch key sealed to this device; `no-epoch-key` if none was, `tampered` if it will not
 * open, `key-split` if it is not the key the rotation committed to (the signer sealed different
 * keys to different members).
 */
export function openEpochKey(s: Sodium, state: MembershipState, epoch: number, myBoxKeys: KeyPair): Uint8Array {
  const entry = state.sealedKeys.find((k) => k.epoch === epoch && constantTimeEqual(k.boxKey, myBoxKeys.publicKey));
  if (!entry) throw new ProtocolError('no-epoch-key', `no key for epoch ${epoch} was sealed to this device`);
  let key: Uint8Array;
  try {
    key = openSealedEpochKey(s, entry.sealed, myBoxKeys);
  } catch (e) {
    throw new ProtocolError('tampered', `the key for epoch ${epoch} does not open`, { cause: e });
  }
  if (!keyMatchesCommitment(s, state, epoch, key)) {
    throw new ProtocolError('key-split', `the key for epoch ${epoch} is not the one its rotation committed to`);
  }
  return key;
}

/**
 * Whether `key` is the key the event that began `epoch` committed to. True when that event carries
 * no commitment (epoch 0, rotations written before event version 3): nothing to check against.
 */
export function keyMatchesCommitment(s: Sodium, state: MembershipState, epoch: number, key: Uint8Array): boolean {
  const start = state.epochs[epoch];
  if (!start?.commitment) return true;
  return constantTimeEqual(epochKeyCommitment(s, state.planId, epoch, key), start.commitment);
}

/** Why a key the chain gave for `epoch` is not used: it did not open, or it is not the committed one. */
export interface ChainProblem {
  epoch: number;
  /** The epoch whose starting event carried the bad chained key (its signer is to blame). */
  from: number;
  reason: 'does-not-open' | 'not-committed';
}

/**
 * Walks the backward key chain (event version 5): from every epoch key in `keys`, the key of the
 * epoch before it, down to epoch 0 or the first rotation without a chained key. Adds what it
 * recovers to `keys`; a chained key that does not open, or is not the key that epoch committed to,
 * is never added and is returned, so the caller raises the alarm instead of trusting it.
 */
export function walkKeyChain(s: Sodium, state: MembershipState, keys: Map<number, Uint8Array>): ChainProblem[] {
  const problems: ChainProblem[] = [];
  for (let epoch = state.epoch; epoch >= 1; epoch--) {
    const key = keys.get(epoch);
    const chainedKey = state.epochs[epoch]?.chainedKey;
    if (!key || !chainedKey || keys.has(epoch - 1)) continue;
    let previous: Uint8Array;
    try {
      previous = openChainedEpochKey(s, state.planId, epoch, key, chainedKey);
    } catch {
      problems.push({ epoch: epoch - 1, from: epoch, reason: 'does-not-open' });
      continue;
    }
    if (!keyMatchesCommitment(s, state, epoch - 1, previous)) {
      problems.push({ epoch: epoch - 1, from: epoch, reason: 'not-committed' });
      continue;
    }
    keys.set(epoch - 1, previous);
  }
  return problems;
}
