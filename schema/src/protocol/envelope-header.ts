import * as encoding from 'lib0/encoding';
import { HASH_BYTES, NONCE_BYTES, PLAN_ID_BYTES, PUBLIC_KEY_BYTES } from '../crypto/index.ts';
import { ProtocolError } from './errors.ts';
import type { Channel } from './membership/event-types.ts';
import { decodeStrict } from './reader.ts';

/**
 * Version 4 added the author chain (`prev`, updates only); version 3 the log position; version 2
 * the channel. Version 1 headers (no channel) still decode, as channel `plan`; versions 1 and 2
 * decode without a position, versions 1 to 3 without a chain link.
 */
export const PROTOCOL_VERSION = 4;
const FIRST_VERSION_WITH_CHANNEL = 2;
const FIRST_VERSION_WITH_POSITION = 3;
const FIRST_VERSION_WITH_CHAIN = 4;

export const ENVELOPE_KINDS = { update: 0, snapshot: 1, presence: 2 } as const;
export type EnvelopeKind = keyof typeof ENVELOPE_KINDS;

/** Channel numbers on the wire (docs/protocol.md, "Roles and what each may do"). */
export const ENVELOPE_CHANNELS: Record<Channel, number> = { plan: 0, contributions: 1 };

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
  /**
   * Which document the content belongs to. In the header because the relay must enforce who
   * writes which channel without reading content; being AD and signed, it cannot be moved.
   */
  channel: Channel;
  /**
   * How many membership-log events the author held when sealing (version 3). Signed, so every
   * client can refuse what a device wrote after the event that removed it or took the channel
   * from its person, whatever the relay delivers. Absent in versions 1 and 2.
   */
  logPosition?: number;
  /**
   * The author chain (version 4, updates only; docs/protocol.md "Author chains"): the BLAKE2b-256
   * hash of the author's update envelope with clock - 1 in this plan (its exact bytes), so the
   * signature on the newest envelope of a run vouches for every one before it. `null`: no link,
   * either the chain's start (clock 1) or a visible restart (a device that no longer holds its
   * previous envelope). Absent (undefined) in versions 1 to 3 and in snapshots and presence.
   */
  prev?: Uint8Array | null;
}

export function encodeEnvelopeHeader(h: EnvelopeHeader): Uint8Array {
  const e = encoding.createEncoder();
  if (h.prev !== undefined && h.logPosition === undefined) throw new ProtocolError('malformed', 'a chained header has a log position');
  // Without a position the header is written as version 2, without a chain link as version 3
  // (only tools, tests and snapshots / presence do that; the engine's updates always have both).
  encoding.writeVarUint(
    e,
    h.logPosition === undefined ? FIRST_VERSION_WITH_POSITION - 1 : h.prev === undefined ? FIRST_VERSION_WITH_CHAIN - 1 : PROTOCOL_VERSION,
  );
  encoding.writeVarUint8Array(e, h.planId);
  encoding.writeVarUint(e, h.epoch);
  encoding.writeVarUint8Array(e, h.author);
  encoding.writeVarUint(e, h.clock);
  encoding.writeVarUint(e, ENVELOPE_KINDS[h.kind]);
  encoding.writeVarUint8Array(e, h.nonce);
  if (h.kind === 'snapshot') encoding.writeVarUint(e, h.coversUpTo ?? 0);
  encoding.writeVarUint(e, ENVELOPE_CHANNELS[h.channel]);
  if (h.logPosition !== undefined) encoding.writeVarUint(e, h.logPosition);
  if (h.prev !== undefined) encoding.writeVarUint8Array(e, h.prev ?? new Uint8Array(0));
  return encoding.toUint8Array(e);
}

const KIND_BY_NUMBER: Record<number, EnvelopeKind> = { 0: 'update', 1: 'snapshot', 2: 'presence' };
const CHANNEL_BY_NUMBER = new Map<number, Channel>(
  Object.entries(ENVELOPE_CHANNELS).map(([name, n]) => [n, name as Channel]),
);

export function decodeEnvelopeHeader(bytes: Uint8Array): EnvelopeHeader {
  return decodeStrict(bytes, (r) => {
    const version = r.uint();
    if (version < 1 || version > PROTOCOL_VERSION) throw new ProtocolError('malformed', `unknown envelope version ${version}`);
    const planId = r.fixed(PLAN_ID_BYTES, 'planId');
    const epoch = r.uint();
    const author = r.fixed(PUBLIC_KEY_BYTES, 'author');
    const clock = r.uint();
    const kind = KIND_BY_NUMBER[r.uint()];
    if (kind === undefined) throw new ProtocolError('malformed', 'unknown envelope kind');
    const nonce = r.fixed(NONCE_BYTES, 'nonce');
    const coversUpTo = kind === 'snapshot' ? r.uint() : undefined;
    const channel = version >= FIRST_VERSION_WITH_CHANNEL ? CHANNEL_BY_NUMBER.get(r.uint()) : 'plan';
    if (channel === undefined) throw new ProtocolError('malformed', 'unknown envelope channel');
    const header: EnvelopeHeader = { planId, epoch, author, clock, kind, nonce, channel };
    if (coversUpTo !== undefined) header.coversUpTo = coversUpTo;
    if (version >= FIRST_VERSION_WITH_POSITION) {
      header.logPosition = r.uint();
      // The genesis is in every log: an author always held at least one event.
      if (header.logPosition === 0) throw new ProtocolError('malformed', 'a log position is at least 1');
    }
    if (version >= FIRST_VERSION_WITH_CHAIN) {
      // Only updates form the chain: snapshots and presence are checked one by one, as before.
      if (kind !== 'update') throw new ProtocolError('malformed', `a ${kind} has no chain link`);
      const prev = r.bytes();
      if (prev.length !== 0 && prev.length !== HASH_BYTES) throw new ProtocolError('malformed', `prev must be empty or ${HASH_BYTES} bytes`);
      // Clock 1 starts the chain: there is nothing before it to name.
      if (clock === 1 && prev.length !== 0) throw new ProtocolError('malformed', 'clock 1 has no previous envelope');
      header.prev = prev.length === 0 ? null : prev;
    }
    if (kind === 'presence' && clock !== 0) throw new ProtocolError('malformed', 'presence has clock 0');
    if (kind !== 'presence' && clock === 0) throw new ProtocolError('malformed', 'clocks start at 1');
    // A snapshot holds both documents and only plan writers write one; presence is not content.
    if (kind !== 'update' && channel !== 'plan') throw new ProtocolError('malformed', `a ${kind} is on channel plan`);
    return header;
  });
}
