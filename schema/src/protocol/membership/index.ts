export {
  EVENT_TYPES,
  ROLES,
  INVITABLE_ROLES,
  MAX_CLOCK_SKEW_MS,
  MAX_INVITE_LIFETIME_MS,
  mayPublish,
  roleFromNumber,
} from './event-types.ts';
export type { EventTypeName, Role } from './event-types.ts';
export { decodeEvent, encodeUnsignedEvent, finishEvent, EVENT_VERSION } from './event-codec.ts';
export type { EventBody, EventFields, DecodedEvent } from './event-codec.ts';
export { memberOf, pendingInvites, keyId } from './state.ts';
export type { Member, Invite, SealedKey, MembershipState } from './state.ts';
export { validateLog, appendEvent } from './validate-log.ts';
export { createGenesis, createInvite, createJoin } from './create-events.ts';
export { openEpochKey } from './epoch-key.ts';
