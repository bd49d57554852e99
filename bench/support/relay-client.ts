import WebSocket from 'ws';
import { generateDeviceKeys, type DeviceKeys, type Sodium } from '@safeplan/schema/crypto';
import {
  createGenesis,
  createInvite,
  createJoin,
  decodeRelayFrame,
  encodeClientFrame,
  signChallenge,
  type ClientFrame,
  type MembershipState,
  type RelayFrame,
  WIRE_VERSION,
} from '@safeplan/schema/protocol';

/**
 * A lean protocol client for load: frames are handed to one callback as they come (no queue, no
 * per-frame promise), so the load generator spends its time on the protocol, not on bookkeeping.
 */
export class BenchClient {
  readonly device: DeviceKeys;
  readonly ws: WebSocket;
  /** Replaced by the benchmark; the raw bytes come too, for figures that need no decoding. */
  onFrame: (frame: RelayFrame, raw: Uint8Array) => void = () => {};
  /** When set, sees every frame first and undecoded; returning true consumes it (load figures). */
  onRaw: ((raw: Uint8Array) => boolean) | null = null;
  #waiters: { type: RelayFrame['type']; resolve: (f: RelayFrame) => void; reject: (e: Error) => void }[] = [];

  private constructor(ws: WebSocket, device: DeviceKeys) {
    this.ws = ws;
    this.device = device;
    ws.on('message', (data: Buffer) => {
      const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      if (this.onRaw?.(raw)) return;
      const frame = decodeRelayFrame(raw);
      const i = this.#waiters.findIndex((w) => w.type === frame.type || frame.type === 'error');
      if (i >= 0) {
        const [w] = this.#waiters.splice(i, 1);
        if (frame.type === 'error' && w!.type !== 'error') w!.reject(new Error(`relay error ${frame.code}: ${frame.detail}`));
        else w!.resolve(frame);
        return;
      }
      this.onFrame(frame, raw);
    });
    ws.on('close', () => {
      for (const w of this.#waiters.splice(0)) w.reject(new Error(`connection closed while waiting for ${w.type}`));
    });
  }

  /** Connects and authenticates (hello → challenge → auth → ready). */
  static async open(url: string, s: Sodium, device: DeviceKeys = generateDeviceKeys(s)): Promise<BenchClient> {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const client = new BenchClient(ws, device);
    const challenge = client.next('challenge');
    client.send({ type: 'hello', author: device.sign.publicKey, version: WIRE_VERSION });
    const ready = client.next('ready');
    client.send({ type: 'auth', signature: signChallenge(s, (await challenge).challenge, device.sign.privateKey) });
    await ready;
    return client;
  }

  send(frame: ClientFrame): void {
    this.ws.send(encodeClientFrame(frame), { binary: true });
  }

  /** The next frame of this type (an error frame rejects it). Register before sending. */
  next<T extends RelayFrame['type']>(type: T, timeoutMs = 30_000): Promise<Extract<RelayFrame, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} within ${timeoutMs} ms`)), timeoutMs);
      this.#waiters.push({
        type,
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f as Extract<RelayFrame, { type: T }>);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  }

  /** Subscribes and resolves with the caught-up seq; deliveries before it go to onFrame. */
  async subscribe(planId: Uint8Array, afterSeq = 0): Promise<number> {
    const caughtUp = this.next('caught-up', 120_000);
    this.send({ type: 'subscribe', planId, afterSeq });
    return (await caughtUp).seq;
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    const closed = new Promise<void>((resolve) => this.ws.once('close', () => resolve()));
    this.ws.close();
    return closed;
  }
}

export interface SharedPlan {
  planId: Uint8Array;
  epochKey: Uint8Array;
  /** The owner first, then the editors, in the order they joined. */
  members: DeviceKeys[];
  state: MembershipState;
}

/** A plan and its member log, made on this machine (for baselines that have no log). */
export function newSharedPlan(s: Sodium, memberCount: number): SharedPlan & { events: { by: DeviceKeys; event: Uint8Array }[] } {
  const members = Array.from({ length: memberCount }, () => generateDeviceKeys(s));
  const owner = members[0]!;
  const genesis = createGenesis(s, { device: owner, now: Date.now() });
  const events = [{ by: owner, event: genesis.event }];
  let state = genesis.state;
  for (const editor of members.slice(1)) {
    const now = Date.now();
    const invite = createInvite(s, state, { inviter: owner, epochKey: genesis.epochKey, expiresAt: now + 3_600_000, now });
    const join = createJoin(s, invite.state, { secret: invite.secret, device: editor, now });
    events.push({ by: owner, event: invite.event }, { by: editor, event: join.event });
    state = join.state;
  }
  return { planId: genesis.planId, epochKey: genesis.epochKey, members, state, events };
}

/**
 * Creates a plan on the relay the way devices do: the owner sends the genesis and one invite per
 * editor, each editor sends its join. The set-up connections are closed again.
 */
export async function createSharedPlan(s: Sodium, url: string, memberCount: number): Promise<SharedPlan> {
  const { events, ...plan } = newSharedPlan(s, memberCount);
  const conns = new Map<DeviceKeys, BenchClient>();
  // The owner also hears of each join: wait for the log frame that carries this very event.
  for (const { by, event } of events) {
    let conn = conns.get(by);
    if (!conn) conns.set(by, (conn = await BenchClient.open(url, s, by)));
    const key = Buffer.from(event).toString('base64');
    let log = conn.next('log');
    conn.send({ type: 'member-event', planId: plan.planId, event });
    while (!(await log).events.some((e) => Buffer.from(e).toString('base64') === key)) log = conn.next('log');
  }
  await Promise.all([...conns.values()].map((c) => c.close()));
  return plan;
}
