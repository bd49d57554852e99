import { SIGN_DOMAINS, signDetached, type KeyPair, type Sodium } from '../../crypto/index.ts';
import { encodeUnsignedEvent, finishEvent, type EventBody } from './event-codec.ts';

/** Encodes and signs one event (domain member-event) as `signer`. */
export function signEvent(
  s: Sodium,
  signer: KeyPair,
  fields: { planId: Uint8Array; prev: Uint8Array; timestamp: number; body: EventBody },
): Uint8Array {
  const unsigned = encodeUnsignedEvent({ ...fields, signer: signer.publicKey });
  return finishEvent(unsigned, signDetached(s, SIGN_DOMAINS.memberEvent, unsigned, signer.privateKey));
}
