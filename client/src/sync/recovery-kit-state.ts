import { isRecoveryKey, keyId, memberOf, personOf, type MembershipState } from '@safeplan/schema/protocol';

/** The still usable recovery kit key of the person this device belongs to, if there is one. */
export function liveKitOf(state: MembershipState, myDevice: Uint8Array): Uint8Array | undefined {
  const me = memberOf(state, myDevice);
  const person = me ? personOf(state, me.personId) : undefined;
  // A used kit is removed from its person's devices in the same event, so a listed kit is live.
  return person?.devices.find((d) => isRecoveryKey(state, d) && state.recoveryKeys.get(keyId(d))?.usedAt === undefined);
}
