import WebSocket from 'ws';
import { generateDeviceKeys, NonceSource, type DeviceKeys, type Sodium } from '@safeplan/schema/crypto';
import {
  createGenesis,
  createInvite,
  createJoin,
  decodeRelayFrame,
  encodeClientFrame,
  sealEnvelope,
  signChallenge,
  type Channel,
  type ClientFrame,
  type EnvelopeKind,
  type MembershipState,
  type RelayFrame,
  type Role,
  WIRE_VERSION,
} from '@safeplan/schema/protocol';

type Of<T extends RelayFrame['type']> = Extract<RelayFrame, { type: T }>;

/**
 * A raw protocol client for relay tests: real frames, real keys, no sync engine. Frames are
 * queued as they arrive and taken in order with `next`, so a test states exactly what the relay
 * must answer.
 */
export class RelayTestClient {
  readonly device: DeviceKeys;
  readonly #ws: WebSocket;
  readonly #inbox: RelayFrame[] = [];
  #waiter: (() => void) | null = null;
  #closed = false;
  readonly #closedWith: Promise<number>;

  private constructor(ws: WebSocket, device: DeviceKeys) {
    this.#ws = ws;
    this.device = device;
    ws.on('message', (data: Buffer) => {
      this.#inbox.push(decodeRelayFrame(new Uint8Array(data)));
      this.#waiter?.();
    });
    this.#closedWith = new Promise<number>((resolve) => ws.once('close', (code: number) => resolve(code)));
    ws.on('close', () => {
      this.#closed = true;
      this.#waiter?.();
    });
  }

  static async connect(url: string, sodium: Sodium, device: DeviceKeys = generateDeviceKeys(sodium)): Promise<RelayTestClient> {
    const ws = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new RelayTestClient(ws, device);
  }

  /** Connects and completes hello → challenge → auth → ready. */
  static async authenticated(url: string, sodium: Sodium, device?: DeviceKeys): Promise<RelayTestClient> {
    const client = await RelayTestClient.connect(url, sodium, device);
    client.send({ type: 'hello', author: client.device.sign.publicKey, version: WIRE_VERSION });
    const { challenge } = await client.next('challenge');
    client.send({ type: 'auth', signature: signChallenge(sodium, challenge, client.device.sign.privateKey) });
    await client.next('ready');
    return client;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Resolves with the WebSocket close code once the socket closed (by either side). */
  closedWith(): Promise<number> {
    return this.#closedWith;
  }

  send(frame: ClientFrame): void {
    this.sendRaw(encodeClientFrame(frame));
  }

  sendRaw(bytes: Uint8Array | string): void {
    this.#ws.send(bytes);
  }

  /** The next frame; with a type, fails if the next frame is of another type. */
  async next<T extends RelayFrame['type']>(type?: T, timeoutMs = 5000): Promise<Of<T>> {
    const deadline = Date.now() + timeoutMs;
    while (this.#inbox.length === 0) {
      if (this.#closed) throw new Error(`connection closed while waiting for ${type ?? 'a frame'}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${type ?? 'frame'} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#waiter = null;
    }
    const frame = this.#inbox.shift() as RelayFrame;
    if (type && frame.type !== type) {
      const detail = frame.type === 'error' ? ` (${frame.code}: ${frame.detail})` : '';
      throw new Error(`expected ${type}, got ${frame.type}${detail}`);
    }
    return frame as Of<T>;
  }

  /** Appends member events one by one, each confirmed by the relay's log frame (a plan's first events, say). */
  async appendMemberEvents(planId: Uint8Array, events: readonly Uint8Array[]): Promise<void> {
    for (const event of events) {
      this.send({ type: 'member-event', planId, event });
      await this.next('log');
    }
  }

  /** Subscribes from the start and takes the log and everything up to caught-up. */
  async subscribeFromStart(planId: Uint8Array): Promise<void> {
    this.send({ type: 'subscribe', planId, afterSeq: 0 });
    await this.next('log');
    await this.next('caught-up');
  }

  /** True when nothing arrives within `ms` (to prove something was not sent). */
  async silentFor(ms: number): Promise<boolean> {
    await new Promise((r) => setTimeout(r, ms));
    return this.#inbox.length === 0;
  }

  /** Frames received and not yet taken. */
  pending(): readonly RelayFrame[] {
    return [...this.#inbox];
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    const closed = new Promise<void>((resolve) => this.#ws.once('close', () => resolve()));
    this.#ws.close();
    await closed;
  }
}

/** A plan with its owner device, keys and state, built with the shared membership code. */
export interface TestPlan {
  planId: Uint8Array;
  epochKey: Uint8Array;
  genesis: Uint8Array;
  state: MembershipState;
}

export function newTestPlan(sodium: Sodium, owner: DeviceKeys, now = Date.now()): TestPlan {
  const { event, planId, epochKey, state } = createGenesis(sodium, { device: owner, now });
  return { planId, epochKey, genesis: event, state };
}

/**
 * An invite + join pair that makes `joiner` a member of the plan (an editor unless `role` says
 * otherwise), built on `state` (the plan's genesis state unless given); returns both events.
 */
export function inviteAndJoin(
  sodium: Sodium,
  plan: TestPlan,
  owner: DeviceKeys,
  joiner: DeviceKeys,
  { now = Date.now(), role, state = plan.state }: { now?: number; role?: Role; state?: MembershipState } = {},
): { invite: Uint8Array; join: Uint8Array; state: MembershipState } {
  const invite = createInvite(sodium, state, { inviter: owner, epochKey: plan.epochKey, expiresAt: now + 3_600_000, now, role });
  const join = createJoin(sodium, invite.state, { secret: invite.secret, device: joiner, now });
  return { invite: invite.event, join: join.event, state: join.state };
}

/** Seals a real envelope (random plaintext: the relay never sees it anyway). */
export function sealTestEnvelope(
  sodium: Sodium,
  plan: TestPlan,
  author: DeviceKeys,
  opts: { clock: number; kind?: EnvelopeKind; epoch?: number; coversUpTo?: number; plaintext?: Uint8Array; channel?: Channel },
): Uint8Array {
  const kind = opts.kind ?? 'update';
  return sealEnvelope(
    sodium,
    { planId: plan.planId, epoch: opts.epoch ?? 0, author: author.sign, clock: opts.clock, kind, coversUpTo: opts.coversUpTo, channel: opts.channel },
    plan.epochKey,
    opts.plaintext ?? sodium.randombytes_buf(32),
    NonceSource.random(sodium),
  );
}
