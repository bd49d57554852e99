import {
  generateDeviceKeys,
  SIGN_DOMAINS,
  signDetached,
  toBase64Url,
  type DeviceKeys,
  type KeyPair,
  type Sodium,
} from '../../../crypto/index.ts';
import { ProtocolError } from '../../errors.ts';
import { createGenesis, createInvite, createJoin } from '../create-events.ts';
import { createDeviceLink } from '../create-member-events.ts';
import { encodeUnsignedEvent, finishEvent, type EventBody } from '../event-codec.ts';
import type { Role } from '../event-types.ts';
import type { MemberProfile } from '../member-kinds.ts';
import type { MembershipState } from '../state.ts';

/** Tests only: a plan log that grows event by event, one minute apart. */
export class LogBuilder {
  events: Uint8Array[] = [];
  constructor(
    public state: MembershipState,
    first: Uint8Array,
    public now: number,
  ) {
    this.events.push(first);
  }

  /** The time for the next event. */
  tick(): number {
    this.now += 60_000;
    return this.now;
  }

  add<T extends { event: Uint8Array; state: MembershipState }>(built: T): T {
    this.events.push(built.event);
    this.state = built.state;
    return built;
  }
}

export interface HandoverWorld {
  log: LogBuilder;
  /** The creator: a professional (casusregisseur), owner. */
  pro: DeviceKeys;
  /** A parent: household, editor. */
  parent: DeviceKeys;
  /** The network chair (voorzitter netwerkberaad): network, editor, with a phone and a tablet. */
  chair: DeviceKeys;
  chairTablet: DeviceKeys;
  /** Youth protection: professional, contributor. */
  youthPro: DeviceKeys;
  epochKey: Uint8Array;
}

/** Tests only: the plan at the start of a hand-over, built with the public builders. */
export function handoverWorld(s: Sodium, t0: number): HandoverWorld {
  const pro = generateDeviceKeys(s);
  const g = createGenesis(s, { device: pro, now: t0, profile: { kind: 'professional', function: 'casusregisseur' } });
  const log = new LogBuilder(g.state, g.event, t0);
  const join = (role: Role, profile: MemberProfile) => {
    const device = generateDeviceKeys(s);
    const inv = log.add(createInvite(s, log.state, { inviter: pro, epochKey: g.epochKey, expiresAt: t0 + 86_400_000, now: log.tick(), role, profile }));
    log.add(createJoin(s, log.state, { secret: inv.secret, device, now: log.tick() }));
    return device;
  };
  const parent = join('editor', { kind: 'household' });
  const chair = join('editor', { kind: 'network' });
  const youthPro = join('contributor', { kind: 'professional', function: 'jeugdbescherming' });
  const chairTablet = generateDeviceKeys(s);
  log.add(
    createDeviceLink(s, log.state, {
      device: chair,
      epochKey: g.epochKey,
      newDevice: { signKey: chairTablet.sign.publicKey, boxKey: chairTablet.box.publicKey },
      now: log.tick(),
    }),
  );
  return { log, pro, parent, chair, chairTablet, youthPro, epochKey: g.epochKey };
}

/** Tests only: signs any event the way someone holding `signer` could, on any head of any plan. */
export function forgeEvent(
  s: Sodium,
  signer: KeyPair,
  state: MembershipState,
  body: EventBody,
  opts: { timestamp: number; prev?: Uint8Array; planId?: Uint8Array },
): Uint8Array {
  const planId = opts.planId ?? state.planId;
  const unsigned = encodeUnsignedEvent({ planId, prev: opts.prev ?? state.head, signer: signer.publicKey, timestamp: opts.timestamp, body });
  return finishEvent(unsigned, signDetached(s, SIGN_DOMAINS.memberEvent, unsigned, signer.privateKey));
}

/** `code: detail` of the ProtocolError `fn` throws, or 'accepted'. */
export function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ProtocolError) return `${e.code}: ${e.detail}`;
    throw e;
  }
  return 'accepted';
}

/** Every field of a state as plain JSON, to prove a refused event changed nothing. */
export function fingerprint(state: MembershipState): string {
  return JSON.stringify(state, (_key, value: unknown) => {
    if (value instanceof Uint8Array) return toBase64Url(value);
    if (value instanceof Map) return [...value.entries()];
    return value;
  });
}
