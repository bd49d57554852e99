import * as encoding from 'lib0/encoding';
import {
  hash,
  aeadDecrypt,
  domainTag,
  aeadEncrypt,
  SIGN_DOMAINS,
  signDetached,
  SIGNATURE_BYTES,
  verifyDetached,
  type KeyPair,
  type NonceSource,
  type Sodium,
} from '../crypto/index.ts';
import { ProtocolError } from './errors.ts';
import type { Channel } from './membership/event-types.ts';
import { decodeStrict, plainBytes } from './reader.ts';
import { decodeEnvelopeHeader, encodeEnvelopeHeader, type EnvelopeHeader, type EnvelopeKind } from './envelope-header.ts';

export interface SealParams {
  planId: Uint8Array;
  epoch: number;
  /** The device's Ed25519 key pair; its public half becomes `author`. */
  author: KeyPair;
  clock: number;
  kind: EnvelopeKind;
  coversUpTo?: number;
  /** The document written to; default `plan`. Snapshots and presence must be `plan`. */
  channel?: Channel;
  /** Events in the author's membership log now (header version 3); absent writes a version 2 header. */
  logPosition?: number;
  /**
   * The author chain (header version 4, updates only): `envelopeHash` of this author's update
   * envelope with clock - 1, or null at clock 1 and for a visible restart. Absent writes version 3.
   */
  prev?: Uint8Array | null;
}

/** An envelope whose shape and signature are checked; its content is still sealed. */
export interface VerifiedEnvelope {
  header: EnvelopeHeader;
  headerBytes: Uint8Array;
  ciphertext: Uint8Array;
  signature: Uint8Array;
  /** The exact bytes received, for storage and for "same envelope again" comparison. */
  bytes: Uint8Array;
}

/** The envelope domain's tag, made once: every publish the relay checks starts its signed message with it. */
const ENVELOPE_DOMAIN_TAG = domainTag(SIGN_DOMAINS.envelope);

/**
 * What an envelope's signature covers, in order and not yet joined: the envelope domain's tag
 * (utf8 || 0x00, as domainSeparated writes it), the header bytes and the ciphertext. For a verifier
 * that packs the signed message itself (the relay's verify threads), so each envelope is copied
 * once. The tag is shared by every call: read it, never write into it.
 */
export function envelopeSignedParts(env: Pick<VerifiedEnvelope, 'headerBytes' | 'ciphertext'>): readonly Uint8Array[] {
  return [ENVELOPE_DOMAIN_TAG, env.headerBytes, env.ciphertext];
}

/** Encrypts under the epoch key with the header as additional data, then signs header + ciphertext. */
export function sealEnvelope(
  s: Sodium,
  params: SealParams,
  key: Uint8Array,
  plaintext: Uint8Array,
  nonces: NonceSource,
): Uint8Array {
  const header: EnvelopeHeader = {
    planId: params.planId,
    epoch: params.epoch,
    author: params.author.publicKey,
    clock: params.clock,
    kind: params.kind,
    nonce: nonces.next(),
    channel: params.channel ?? 'plan',
  };
  if (params.kind === 'snapshot') header.coversUpTo = params.coversUpTo ?? 0;
  if (params.logPosition !== undefined) header.logPosition = params.logPosition;
  if (params.prev !== undefined) header.prev = params.prev;
  const headerBytes = encodeEnvelopeHeader(header);
  // Decoding our own header catches bad params (wrong id length, clock 0, a snapshot off channel plan) before they reach the wire.
  decodeEnvelopeHeader(headerBytes);
  const ciphertext = aeadEncrypt(s, key, header.nonce, headerBytes, plaintext);
  const signature = signDetached(s, SIGN_DOMAINS.envelope, [headerBytes, ciphertext], params.author.privateKey);
  const e = encoding.createEncoder();
  encoding.writeVarUint8Array(e, headerBytes);
  encoding.writeVarUint8Array(e, ciphertext);
  encoding.writeVarUint8Array(e, signature);
  return encoding.toUint8Array(e);
}

/**
 * The chain hash of an envelope: BLAKE2b-256 over its exact bytes (header, ciphertext and
 * signature as on the wire), what the next envelope of its author names as `prev`.
 */
export function envelopeHash(s: Sodium, bytes: Uint8Array): Uint8Array {
  return hash(s, bytes);
}

/**
 * Checks shape only: the signature is NOT verified. For run verification (author-chain.ts),
 * which verifies one signature per run; everything else uses `verifyEnvelope`.
 * Throws `malformed` / `too-large`.
 */
export function decodeEnvelope(bytes: Uint8Array): VerifiedEnvelope {
  const parts = decodeStrict(bytes, (r) => ({
    headerBytes: r.bytes(),
    ciphertext: r.bytes(),
    signature: r.fixed(SIGNATURE_BYTES, 'signature'),
  }));
  const header = decodeEnvelopeHeader(parts.headerBytes);
  // Field by field, not a spread (about a microsecond in Node 20): every delivery is decoded here.
  return { header, headerBytes: parts.headerBytes, ciphertext: parts.ciphertext, signature: parts.signature, bytes: plainBytes(bytes).slice() };
}

/** Whether the author's signature on a decoded envelope holds. */
export function signatureHolds(s: Sodium, env: VerifiedEnvelope): boolean {
  return verifyDetached(s, SIGN_DOMAINS.envelope, [env.headerBytes, env.ciphertext], env.signature, env.header.author);
}

/**
 * Checks shape and the author's signature without any key: what the relay can verify.
 * Throws `malformed` / `too-large` / `bad-signature`.
 */
export function verifyEnvelope(s: Sodium, bytes: Uint8Array): VerifiedEnvelope {
  const env = decodeEnvelope(bytes);
  if (!signatureHolds(s, env)) throw new ProtocolError('bad-signature', 'envelope signature does not match its author');
  return env;
}

/** Decrypts a verified envelope; throws `tampered` if key, header or ciphertext do not fit together. */
export function openEnvelope(s: Sodium, env: VerifiedEnvelope, key: Uint8Array): Uint8Array {
  try {
    return aeadDecrypt(s, key, env.header.nonce, env.headerBytes, env.ciphertext);
  } catch {
    throw new ProtocolError('tampered', 'envelope does not decrypt under this epoch key');
  }
}
