export {
  EVENT_TYPES,
  ROLES,
  INVITABLE_ROLES,
  CHANNELS,
  MAX_CLOCK_SKEW_MS,
  MAX_INVITE_LIFETIME_MS,
  mayPublish,
  roleFromNumber,
  eventTypeFromNumber,
} from './event-types.ts';
export type { EventTypeName, Role, Channel } from './event-types.ts';
export {
  MEMBER_KINDS,
  PROFESSIONAL_FUNCTIONS,
  DEFAULT_PROFILE,
  kindFromNumber,
  functionFromNumber,
  profileProblem,
} from './member-kinds.ts';
export type { MemberKind, ProfessionalFunction, MemberProfile } from './member-kinds.ts';
export { decodeEvent, encodeUnsignedEvent, finishEvent, EVENT_VERSION, EVENT_VERSION_2, EVENT_VERSION_3, EVENT_VERSION_4, EVENT_VERSION_5 } from './event-codec.ts';
export type { DeviceCap, EventBody, EventFields, DecodedEvent, RemoveScope, SealedTo } from './event-codec.ts';
export { memberOf, isRecoveryKey, personOf, ownersOf, pendingInvites, pendingOffers, mayHaveWritten, roleUnderEpoch, keyId, writeStanding, overCap, epochAt } from './state.ts';
export type {
  Member,
  Person,
  Invite,
  SealedKey,
  OwnershipOffer,
  RemovedDevice,
  HistoryEntry,
  EpochStart,
  StandingProblem,
  ClockCaps,
  MembershipState,
  RecoveryKey,
} from './state.ts';
export { validateLog, appendEvent } from './validate-log.ts';
export { createGenesis, createInvite, createJoin } from './create-events.ts';
export {
  createRoleChange,
  createOwnershipOffer,
  createOwnershipAccept,
  createDeviceLink,
  createInviteRevocation,
} from './create-member-events.ts';
export type { Built } from './create-member-events.ts';
export { createRemoval, createDeviceRemoval, createKeyRotation, createCaseClose } from './create-rotation-events.ts';
export type { ClockOf } from './device-caps.ts';
export type { Rotated, Removed } from './create-rotation-events.ts';
export { createRecoveryRegistration, createRecoveryUse } from './create-recovery-events.ts';
export { openEpochKey, keyMatchesCommitment, walkKeyChain } from './epoch-key.ts';
export type { ChainProblem } from './epoch-key.ts';
export { handoverAdvice, MIN_ACTIVE_NETWORK_MEMBERS } from './handover-advice.ts';
export type { HandoverAdvice, HandoverView, PlanFacts } from './handover-advice.ts';
