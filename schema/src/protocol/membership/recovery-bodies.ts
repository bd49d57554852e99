import * as encoding from 'lib0/encoding';
import { PUBLIC_KEY_BYTES, SEALED_EPOCH_KEY_BYTES } from '../../crypto/index.ts';
import type { Reader } from '../reader.ts';

/**
 * The recovery kit's two events (docs/protocol.md "Recovery kit").
 * `register-recovery`: signed by an owner's device; `recoveryKey`/`boxKey` are derived from the
 * kit's code, so the log holds only public keys and the current epoch key sealed to the kit.
 * `use-recovery`: signed by the kit's key; adds `deviceKey` as a new device of the kit's person
 * and retires the kit in the same event (one use).
 */
export type RecoveryBody =
  | { type: 'register-recovery'; recoveryKey: Uint8Array; boxKey: Uint8Array; sealedEpochKey: Uint8Array }
  | { type: 'use-recovery'; deviceKey: Uint8Array; boxKey: Uint8Array; sealedEpochKey: Uint8Array };

export function writeRecoveryBody(e: encoding.Encoder, b: RecoveryBody): void {
  const first = b.type === 'register-recovery' ? b.recoveryKey : b.deviceKey;
  for (const x of [first, b.boxKey, b.sealedEpochKey]) encoding.writeVarUint8Array(e, x);
}

export function readRecoveryBody(r: Reader, type: RecoveryBody['type']): RecoveryBody {
  const first = r.fixed(PUBLIC_KEY_BYTES, type === 'register-recovery' ? 'recovery key' : 'device key');
  const boxKey = r.fixed(PUBLIC_KEY_BYTES, 'box key');
  const sealedEpochKey = r.fixed(SEALED_EPOCH_KEY_BYTES, 'sealed epoch key');
  return type === 'register-recovery'
    ? { type, recoveryKey: first, boxKey, sealedEpochKey }
    : { type, deviceKey: first, boxKey, sealedEpochKey };
}
