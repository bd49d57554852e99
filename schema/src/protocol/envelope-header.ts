import * as encoding from 'lib0/encoding';
import { NONCE_BYTES, PLAN_ID_BYTES, PUBLIC_KEY_BYTES } from '../crypto/index.ts';
import { ProtocolError } from './errors.ts';
import { decodeStrict } from './reader.ts';

export const PROTOCOL_VERSION = 1;

export const ENVELOPE_KINDS = { update: 0, snapshot: 1, presence: 2 } as const;
export type EnvelopeKind = keyof typeof ENVELOPE_KINDS;

export interface EnvelopeHeader {
  planId: Uint8Array;
  epoch: number;
  /** Ed25519 public key of the writing device. */
  author: Uint8Array;
  clock: number;
  kind: EnvelopeKind;
  nonce: Uint8Array;
  /** Only for snapshots: the highest relay seq merged into it. */
  coversUpTo?: number;
}

export function encodeEnvelopeHeader(h: EnvelopeHeader): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, PROTOCOL_VERSION);
  encoding.writeVarUint8Array(e, h.planId);
  encoding.writeVarUint(e, h.epoch);
  encoding.writeVarUint8Array(e, h.author);
  encoding.writeVarUint(e, h.clock);
  encoding.writeVarUint(e, ENVELOPE_KINDS[h.kind]);
  encoding.writeVarUint8Array(e, h.nonce);
  if (h.kind === 'snapshot') encoding.writeVarUint(e, h.coversUpTo ?? 0);
  return encoding.toUint8Array(e);
}

const KIND_BY_NUMBER: Record<number, EnvelopeKind> = { 0: 'update', 1: 'snapshot', 2: 'presence' };

export function decodeEnvelopeHeader(bytes: Uint8Array): EnvelopeHeader {
  return decodeStrict(bytes, (r) => {
    const version = r.uint();
    if (version !== PROTOCOL_VERSION) throw new ProtocolError('malformed', `unknown envelope version ${version}`);
    const planId = r.fixed(PLAN_ID_BYTES, 'planId');
    const epoch = r.uint();
    const author = r.fixed(PUBLIC_KEY_BYTES, 'author');
    const clock = r.uint();
    const kind = KIND_BY_NUMBER[r.uint()];
    if (kind === undefined) throw new ProtocolError('malformed', 'unknown envelope kind');
    const nonce = r.fixed(NONCE_BYTES, 'nonce');
    const header: EnvelopeHeader = { planId, epoch, author, clock, kind, nonce };
    if (kind === 'snapshot') header.coversUpTo = r.uint();
    if (kind === 'presence' && clock !== 0) throw new ProtocolError('malformed', 'presence has clock 0');
    if (kind !== 'presence' && clock === 0) throw new ProtocolError('malformed', 'clocks start at 1');
    return header;
  });
}
