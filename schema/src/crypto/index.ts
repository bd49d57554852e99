export { ready } from './sodium.ts';
export type { Sodium } from './sodium.ts';
export { CryptoError } from './errors.ts';
export type { CryptoErrorCode } from './errors.ts';
export {
  generateDeviceKeys,
  generateEpochKey,
  generatePlanId,
  PUBLIC_KEY_BYTES,
  SIGNATURE_BYTES,
  SYMMETRIC_KEY_BYTES,
  PLAN_ID_BYTES,
} from './keys.ts';
export type { KeyPair, DeviceKeys } from './keys.ts';
export { SIGN_DOMAINS, signDetached, verifyDetached, domainSeparated, domainTag } from './sign.ts';
export type { SignDomain } from './sign.ts';
export { aeadEncrypt, aeadDecrypt, NONCE_BYTES, AEAD_TAG_BYTES } from './aead.ts';
export { NonceSource } from './nonce-source.ts';
export { sealEpochKey, openSealedEpochKey, SEALED_EPOCH_KEY_BYTES, sealToBoxKey, openSealedToBox } from './sealed-box.ts';
export { hash, HASH_BYTES } from './hash.ts';
export { epochKeyCommitment } from './key-commitment.ts';
export { chainEpochKey, openChainedEpochKey, CHAINED_KEY_BYTES } from './key-chain.ts';
export { deriveInviteKeys, generateInviteSecret, INVITE_SECRET_BYTES } from './invite-keys.ts';
export type { InviteKeys } from './invite-keys.ts';
export { toBase64Url, fromBase64Url } from './base64url.ts';
export { constantTimeEqual } from './constant-time.ts';
export {
  deriveRecoveryKeys,
  formatRecoveryCode,
  generateRecoverySecret,
  parseRecoveryCode,
  RecoveryCodeError,
  RECOVERY_SECRET_BYTES,
} from './recovery-code.ts';
export type { RecoveryCodeProblem } from './recovery-code.ts';
