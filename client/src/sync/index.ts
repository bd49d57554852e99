import {
  deriveInviteKeys,
  deriveRecoveryKeys,
  fromBase64Url,
  parseRecoveryCode,
  ready,
  RecoveryCodeError,
  sealEpochKey,
  toBase64Url,
  type DeviceKeys,
  type Sodium,
} from '@safeplan/schema/crypto';
import { createGenesis, createInvite, isProtocolError, keyId, memberOf, validateLog } from '@safeplan/schema/protocol';
import type { KeyValueStore } from '../storage/kv.ts';
import { completeDeviceLink, deriveLinkedDevice } from './device-link.ts';
import { loadOrCreateIdentity } from './identity.ts';
import { formatInviteLink, InviteLinkError, parseInviteLink } from './invite-link.ts';
import { JoinError, joinWithInvite } from './invite-join.ts';
import { useRecoveryKit } from './recovery-use.ts';
import { MemberEventError } from './member-event-waiters.ts';
import { MemberLog } from './member-log.ts';
import { openKeyring, type SealedKeyring } from './membership-view.ts';
import type { EngineSession, RelayTarget } from './plan-session.ts';
import type * as PlanSessionModule from './plan-session.ts';
import { listPlanIds, planKeys, PlanStore, type PlanMeta } from './plan-store.ts';
import type { HeartbeatPolicy } from './heartbeat.ts';
import type { ReconnectPolicy, WebSocketLike } from './relay-link.ts';
import type { RunVerifier } from './incoming-runs.ts';
import type { PlanLibrary, PlanSession, PlanSummary } from './session.ts';
import { liveForRelayAction } from './live-for-relay-action.ts';
import { SyncError } from './sync-error.ts';

export type { InviteOptions, PlanLibrary, PlanSession, PlanSummary, SyncState, SyncWarning } from './session.ts';
export type { EngineSession } from './plan-session.ts';
export { SyncError } from './sync-error.ts';
export { inlineRunVerifier } from './incoming-runs.ts';
export type { RunVerifier } from './incoming-runs.ts';
export { browserRunVerifier } from './worker-run-verifier.ts';
export { browserWebSocket } from './worker-websocket.ts';
export type { SyncErrorCode } from './sync-error.ts';

/** Invites expire after a week: long enough to reach someone, short enough to not linger. */
export const INVITE_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

export interface PlanLibraryOptions {
  kv: KeyValueStore;
  /** ws(s):// URL of the relay; null or absent keeps every plan on this device. */
  relayUrl?: string | null;
  /**
   * The relay sockets: the app passes sockets held by a Web Worker (`browserWebSocket`,
   * worker-websocket.ts); Node has no global WebSocket before v22, so tests pass `ws`; absent,
   * the global WebSocket on the calling thread.
   */
  WebSocket?: WebSocketLike;
  now?: () => number;
  /** Where invite links point (the app's origin). */
  origin?: string;
  /** Relay envelopes between snapshots (tests make it small). */
  snapshotEvery?: number;
  /** Reconnect pacing (tests make it short). */
  reconnect?: ReconnectPolicy;
  /** When a silent line is pinged and then given up (default 15 s + 10 s; tests make it short). */
  heartbeat?: HeartbeatPolicy;
  /** How long createInvite and join wait for the relay. */
  relayTimeoutMs?: number;
  /**
   * The code this device's person got from their organisation, for a relay that creates plans
   * only with one (`token-required`). Read at each connect; call `creationTokenChanged` after a change.
   */
  creationToken?: () => string | null;
  /**
   * Where delivered envelopes are authenticated, a batch at a time (incoming-runs.ts): the app
   * passes a Web Worker (`browserRunVerifier`, worker-run-verifier.ts); absent, inline on the
   * calling thread (Node, tests).
   */
  runVerifier?: (s: Sodium) => RunVerifier;
  /** Loads the engine of an open plan (tests make it fail); by default the app's own chunk. */
  loadEngine?: () => Promise<typeof PlanSessionModule>;
}

/** The engine's front door: the app creates one per device store and keeps it for the page's life. */
export function createPlanLibrary(options: PlanLibraryOptions): PlanLibrary & { deviceId(): Promise<string>; close(): Promise<void> } {
  const { kv } = options;
  const now = options.now ?? Date.now;
  const timeoutMs = options.relayTimeoutMs ?? 15_000;
  let boot: Promise<{ s: Sodium; device: DeviceKeys }> | null = null;
  const start = () =>
    (boot ??= (async () => {
      const s = await ready();
      return { s, device: await loadOrCreateIdentity(kv, s) };
    })());
  const open = new Map<string, Promise<EngineSession>>();
  const loadEngine = options.loadEngine ?? (() => import('./plan-session.ts'));

  const relayTarget = (): RelayTarget | null => {
    const WS = options.WebSocket ?? (globalThis.WebSocket as WebSocketLike | undefined);
    if (!options.relayUrl || !WS) return null;
    return { url: options.relayUrl, WebSocket: WS, reconnect: options.reconnect, heartbeat: options.heartbeat, creationToken: options.creationToken };
  };

  /**
   * How this device first talks to the relay for a plan it is not in yet (an invite, a device
   * link, a recovery kit): one relay, one wait, one reconnect policy for all three ways in.
   */
  const firstContact = (relay: RelayTarget, s: Sodium, device: DeviceKeys) => ({
    s,
    url: relay.url,
    WebSocket: relay.WebSocket,
    device,
    now,
    timeoutMs,
    reconnect: relay.reconnect,
  });

  const load = async (planId: string): Promise<EngineSession> => {
    const { s, device: ownDevice } = await start();
    // Plans linked by an older engine kept the link's keys as this device's keys for that plan.
    const device = (await kv.get<DeviceKeys>(planKeys.device(planId))) ?? ownDevice;
    const store = new PlanStore(kv, planId);
    const meta = await store.meta();
    if (!meta) throw new SyncError('unknown-plan');
    const sealed = (await kv.get<SealedKeyring>(planKeys.keyring(planId))) ?? {};
    let log: MemberLog;
    try {
      const events = await store.log();
      log = new MemberLog(s, device, events, validateLog(s, events, now()), openKeyring(s, device, sealed));
    } catch {
      throw new SyncError('store-read-failed');
    }
    // The engine of an open plan loads with the first plan opened, not with the plan list.
    const { EngineSession } = await loadEngine().catch((err: unknown) => {
      throw new SyncError('app-part-missing', err instanceof Error ? err.message : String(err));
    });
    const session = new EngineSession({
      s,
      device,
      store,
      meta,
      planIdBytes: fromBase64Url(planId),
      log,
      now,
      relay: relayTarget(),
      snapshotEvery: options.snapshotEvery,
      relayTimeoutMs: timeoutMs,
      deviceLinkUrl: relayTarget() ? (secret) => formatInviteLink(options.origin ?? '', planId, secret, 'device') : undefined,
      onClosed: () => open.delete(planId),
      runVerifier: options.runVerifier?.(s),
    });
    await session.load();
    session.goOnline();
    return session;
  };

  const openSession = (planId: string): Promise<EngineSession> => {
    let pending = open.get(planId);
    if (!pending) {
      pending = load(planId);
      open.set(planId, pending);
      pending.catch(() => open.delete(planId));
    }
    return pending;
  };

  const newMeta = (planId: string, title: string, displayName: string, shared: boolean): PlanMeta => ({
    planId,
    title,
    updatedAt: now(),
    shared,
    onRelay: shared,
    displayName,
    nextClock: 1,
    ackedClock: 0,
    lastSeq: 0,
    snapshotCounter: 0,
  });

  return {
    async deviceId() {
      return toBase64Url((await start()).device.sign.publicKey);
    },

    /**
     * For the device lock: closes every open plan (and so its relay connection) and overwrites the
     * device's private keys in memory. The library is not used again; unlocking makes a new one.
     */
    async close() {
      const sessions = [...open.values()];
      open.clear();
      await Promise.allSettled(sessions.map(async (pending) => (await pending).close()));
      const booted = await boot?.catch(() => null);
      boot = null;
      booted?.device.sign.privateKey.fill(0);
      booted?.device.box.privateKey.fill(0);
    },

    networkChanged(online: boolean) {
      for (const pending of open.values()) {
        void pending.then(
          (session) => (online ? session.reconnectNow() : session.dropConnection()),
          () => undefined, // a plan that failed to open has no connection to change
        );
      }
    },

    creationTokenChanged() {
      for (const pending of open.values()) {
        void pending.then(
          (session) => session.creationTokenChanged(),
          () => undefined, // a plan that failed to open has no connection to renew
        );
      }
    },

    async list(): Promise<PlanSummary[]> {
      const out: PlanSummary[] = [];
      for (const planId of await listPlanIds(kv)) {
        const meta = await kv.get<PlanMeta>(planKeys.meta(planId));
        if (meta) out.push({ planId, title: meta.title, updatedAt: meta.updatedAt, shared: meta.shared, revoked: meta.revoked === true });
      }
      return out.sort((a, b) => b.updatedAt - a.updatedAt);
    },

    async create({ title, displayName, profile }): Promise<PlanSession> {
      const { s, device } = await start();
      let genesis;
      try {
        genesis = createGenesis(s, { device, now: now(), profile });
      } catch (err) {
        throw new SyncError('invalid-event', isProtocolError(err) ? err.detail : String(err));
      }
      const planId = toBase64Url(genesis.planId);
      // Log, key and meta in one write: a plan is never listed without what it takes to open it.
      const keyring: SealedKeyring = { 0: sealEpochKey(s, genesis.epochKey, device.box.publicKey) };
      await kv.setMany([
        [planKeys.log(planId), [genesis.event]],
        [planKeys.keyring(planId), keyring],
        [planKeys.meta(planId), { ...newMeta(planId, title, displayName, false), onRelay: false }],
      ]);
      return openSession(planId);
    },

    open: openSession,

    async rename(planId, title) {
      const session = open.has(planId) ? await openSession(planId) : null;
      if (session) return session.rename(title);
      const store = new PlanStore(kv, planId);
      const meta = await store.meta();
      if (!meta) throw new SyncError('unknown-plan');
      await store.saveMeta({ ...meta, title, updatedAt: now() });
    },

    async unsharedChanges(planId) {
      const session = open.has(planId) ? await openSession(planId) : null;
      if (session) await session.flush();
      return (await new PlanStore(kv, planId).pending()).length;
    },

    async remove(planId) {
      // An open session is closed first, so nothing it still writes lands after the removal.
      const session = open.get(planId);
      if (session) await (await session.catch(() => null))?.close();
      const keys = [...(await kv.keys(`plans/${planId}/`)), ...(await kv.keys(planKeys.quarantinePrefix(planId)))];
      await kv.delMany(keys);
    },

    async createInvite(planId, inviteOptions = {}) {
      if (!relayTarget()) throw new SyncError('no-relay');
      const { s, device } = await start();
      const wasOpen = open.has(planId);
      const session = await openSession(planId);
      try {
        await session.share();
        // The relay would not create the plan, or needs a newer app: say why, rather than "no connection".
        await liveForRelayAction(session, timeoutMs);
        // Another member's event may land between building ours and sending it: rebuild on the new head.
        for (let attempt = 0; ; attempt++) {
          const log = session.memberLog;
          if (memberOf(log.state, device.sign.publicKey)?.role !== 'owner') throw new SyncError('not-allowed');
          const epochKey = log.keyFor(log.state.epoch);
          if (!epochKey) throw new SyncError('no-epoch-key', 'no key for the current epoch');
          const t = now();
          let built: { event: Uint8Array; secret: Uint8Array };
          try {
            built = createInvite(s, log.state, {
              inviter: device,
              epochKey,
              expiresAt: t + INVITE_LIFETIME_MS,
              now: t,
              role: inviteOptions.role,
              profile: inviteOptions.profile,
            });
          } catch (err) {
            // The shared rules refuse it (a role or profile an invite cannot grant): nothing was sent.
            throw new SyncError('not-allowed', isProtocolError(err) ? err.detail : String(err));
          }
          const { event, secret } = built;
          try {
            await session.appendMemberEvent(event, timeoutMs);
            return formatInviteLink(options.origin ?? '', planId, secret);
          } catch (err) {
            if (err instanceof MemberEventError && err.logFull) throw new SyncError('log-full', err.detail);
            const code = err instanceof MemberEventError ? err.code : 'offline';
            if (code === 'stale-head' && attempt < 3) {
              await session.whenLive(timeoutMs).catch(() => undefined);
              continue;
            }
            throw new SyncError(code === 'invalid-event' ? 'not-allowed' : 'offline', code);
          }
        }
      } finally {
        if (!wasOpen) await session.close();
      }
    },

    async inviteIdOf(inviteUrl) {
      let link;
      try {
        link = parseInviteLink(inviteUrl);
      } catch (err) {
        throw new SyncError('invite-invalid', err instanceof InviteLinkError ? err.code : 'not-an-invite');
      }
      if (link.kind !== 'invite') throw new SyncError('invite-invalid', 'not-an-invite');
      const { s } = await start();
      return keyId(deriveInviteKeys(s, link.secret).sign.publicKey);
    },

    async join(inviteUrl, displayName) {
      const relay = relayTarget();
      if (!relay) throw new SyncError('no-relay');
      let link;
      try {
        link = parseInviteLink(inviteUrl);
      } catch (err) {
        throw new SyncError('invite-invalid', err instanceof InviteLinkError ? err.code : 'not-an-invite');
      }
      const { s, device } = await start();
      const planId = link.planId;
      if (await new PlanStore(kv, planId).meta()) throw new SyncError('already-member');
      if (link.kind === 'device') {
        // This device joins with its own keys; the link's keys are retired on the way (device-link.ts).
        const got = await completeDeviceLink({
          ...firstContact(relay, s, device),
          planId: fromBase64Url(planId),
          linked: deriveLinkedDevice(s, link.secret),
        });
        await kv.setMany([
          [planKeys.log(planId), got.events],
          [planKeys.keyring(planId), { [got.state.epoch]: sealEpochKey(s, got.epochKey, device.box.publicKey) }],
          [planKeys.meta(planId), newMeta(planId, '', displayName, true)],
        ]);
        return openSession(planId);
      }
      let joined;
      try {
        joined = await joinWithInvite({ ...firstContact(relay, s, device), planId: fromBase64Url(planId), secret: link.secret });
      } catch (err) {
        if (err instanceof JoinError) throw new SyncError(err.code, err.detail);
        throw err;
      }
      const keyring: SealedKeyring = { [joined.state.epoch]: sealEpochKey(s, joined.epochKey, device.box.publicKey) };
      await kv.setMany([
        [planKeys.log(planId), joined.events],
        [planKeys.keyring(planId), keyring],
        [planKeys.meta(planId), newMeta(planId, '', displayName, true)],
      ]);
      return openSession(planId);
    },

    async recover(code, displayName) {
      const relay = relayTarget();
      if (!relay) throw new SyncError('no-relay');
      const { s, device } = await start();
      let parsed;
      try {
        parsed = parseRecoveryCode(s, code);
      } catch (err) {
        throw new SyncError('invite-invalid', err instanceof RecoveryCodeError ? `recovery-code: ${err.problem}` : String(err));
      }
      const planId = toBase64Url(parsed.planId);
      if (await new PlanStore(kv, planId).meta()) throw new SyncError('already-member');
      // This device comes in with its own keys; the kit is spent on the way (recovery-use.ts).
      const got = await useRecoveryKit({
        ...firstContact(relay, s, device),
        planId: parsed.planId,
        kit: deriveRecoveryKeys(s, parsed.planId, parsed.secret),
      });
      await kv.setMany([
        [planKeys.log(planId), got.events],
        [planKeys.keyring(planId), Object.fromEntries([...got.keys].map(([epoch, key]) => [epoch, sealEpochKey(s, key, device.box.publicKey)]))],
        [planKeys.meta(planId), newMeta(planId, '', displayName, true)],
      ]);
      return openSession(planId);
    },
  };
}
