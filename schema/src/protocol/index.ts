export { ProtocolError, isProtocolError, WIRE_ERROR_CODES, wireErrorCodeFromNumber } from './errors.ts';
export type { ProtocolErrorCode, WireErrorCode, ClientOnlyErrorCode } from './errors.ts';
export { MAX_FRAME_BYTES } from './reader.ts';
export {
  PROTOCOL_VERSION,
  ENVELOPE_KINDS,
  ENVELOPE_CHANNELS,
  encodeEnvelopeHeader,
  decodeEnvelopeHeader,
} from './envelope-header.ts';
export type { EnvelopeHeader, EnvelopeKind } from './envelope-header.ts';
export { sealEnvelope, verifyEnvelope, openEnvelope, decodeEnvelope, signatureHolds, envelopeHash, envelopeSignedParts } from './envelope.ts';
export { authenticateRuns, linkToHead, verifyRuns } from './author-chain.ts';
export type { Authentication, AuthenticatedBatch, ChainHead, ChainProblem, Link, RunVerdict } from './author-chain.ts';
export type { SealParams, VerifiedEnvelope } from './envelope.ts';
export { signChallenge, verifyChallenge, CHALLENGE_BYTES } from './auth.ts';
export * from './client-frames.ts';
export * from './wire-version.ts';
export * from './relay-frames.ts';
export * from './membership/index.ts';
export {
  MAX_DETAIL_CHARS,
  PERSON_DETAILS_FORMAT,
  signPersonDetails,
  encodePersonDetails,
  decodePersonDetails,
  openPersonDetails,
  maySignDetailsOf,
  refuseDetails,
  checkPersonDetails,
} from './person-details.ts';
export type { PersonDetails, SignedPersonDetails, DetailsRefusal, DetailsCheck } from './person-details.ts';
