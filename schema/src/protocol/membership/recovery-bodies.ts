import * as encoding from 'lib0/encoding';
import { PUBLIC_KEY_BYTES, SEALED_EPOCH_KEY_BYTES } from '../../crypto/index.ts';
import { ProtocolError } from '../errors.ts';
import type { Reader } from '../reader.ts';

/** One epoch's key sealed to the kit's box key. */
export interface SealedEpoch {
  epoch: number;
  sealed: Uint8Array;
}

/**
 * The recovery kit's two events (docs/protocol.md "Recovery kit").
 * `register-recovery`: signed by an owner's device; `recoveryKey`/`boxKey` are derived from the
 * kit's code, so the log holds only public keys and the epoch keys sealed to the kit: the current
 * one and every earlier one the owner holds, so the restored device reads what she could read.
 * `use-recovery`: signed by the kit's key; adds `deviceKey` as a new device of the kit's person
 * and retires the kit in the same event (one use).
 */
export type RecoveryBody =
  | { type: 'register-recovery'; recoveryKey: Uint8Array; boxKey: Uint8Array; sealedEpochs: SealedEpoch[] }
  | { type: 'use-recovery'; deviceKey: Uint8Array; boxKey: Uint8Array; sealedEpochKey: Uint8Array };

export function writeRecoveryBody(e: encoding.Encoder, b: RecoveryBody): void {
  if (b.type === 'use-recovery') {
    for (const x of [b.deviceKey, b.boxKey, b.sealedEpochKey]) encoding.writeVarUint8Array(e, x);
    return;
  }
  encoding.writeVarUint8Array(e, b.recoveryKey);
  encoding.writeVarUint8Array(e, b.boxKey);
  encoding.writeVarUint(e, b.sealedEpochs.length);
  for (const k of b.sealedEpochs) {
    encoding.writeVarUint(e, k.epoch);
    encoding.writeVarUint8Array(e, k.sealed);
  }
}

export function readRecoveryBody(r: Reader, type: RecoveryBody['type']): RecoveryBody {
  if (type === 'use-recovery') {
    const deviceKey = r.fixed(PUBLIC_KEY_BYTES, 'device key');
    return { type, deviceKey, boxKey: r.fixed(PUBLIC_KEY_BYTES, 'box key'), sealedEpochKey: r.fixed(SEALED_EPOCH_KEY_BYTES, 'sealed epoch key') };
  }
  const recoveryKey = r.fixed(PUBLIC_KEY_BYTES, 'recovery key');
  const boxKey = r.fixed(PUBLIC_KEY_BYTES, 'box key');
  const count = r.uint();
  // Each entry takes at least 82 bytes; more than a frame can hold is garbage.
  if (count > 10_000) throw new ProtocolError('malformed', 'too many sealed epoch keys');
  const sealedEpochs = Array.from({ length: count }, () => ({ epoch: r.uint(), sealed: r.fixed(SEALED_EPOCH_KEY_BYTES, 'sealed epoch key') }));
  return { type, recoveryKey, boxKey, sealedEpochs };
}
