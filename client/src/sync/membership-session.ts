import type * as Y from 'yjs';
import { deriveRecoveryKeys, formatRecoveryCode, fromBase64Url, generateRecoverySecret, type DeviceKeys, type Sodium } from '@safeplan/schema/crypto';
import {
  createCaseClose,
  createDeviceLink,
  createInviteRevocation,
  createOwnershipAccept,
  createOwnershipOffer,
  createDeviceRemoval,
  createKeyRotation,
  createRemoval,
  createRoleChange,
  createRecoveryRegistration,
  isRecoveryKey,
  keyId,
  mayPublish,
  memberOf,
  pendingInvites,
  type MembershipState,
  type Role,
} from '@safeplan/schema/protocol';
import { deriveLinkedDevice } from './device-link.ts';
import { liveKitOf } from './recovery-kit-state.ts';
import { submitMemberChange, type ChangeHost } from './member-change.ts';
import type { MemberLog } from './member-log.ts';
import { DetailsError, PeopleInDoc } from './people-in-doc.ts';
import type { Me, Membership, PendingInvite, PersonView, SyncWarningCode, TimelineEntry } from './session.ts';
import { SyncError } from './sync-error.ts';
import { verificationCode } from './verification-code.ts';

export interface MembershipHost {
  readonly s: Sodium;
  readonly device: DeviceKeys;
  /** Where names live: the contributions document, which every role but reader may write. */
  readonly peopleDoc: Y.Doc;
  readonly log: MemberLog;
  readonly change: Omit<ChangeHost, 'state' | 'contains'>;
  readonly timeoutMs: number;
  now(): number;
  /** The name this device was given at create or join (PlanMeta.displayName). */
  displayName(): string;
  /** True once this device lost its access: nothing is sent any more. */
  revoked(): boolean;
  /**
   * The highest update clock of `device` this device applied. A removal, demotion or closure caps
   * each device it concerns there; when the relay holds more (stale-head), the retry reads it again.
   */
  clockOf(device: Uint8Array): number;
  /** Makes the plan live on the relay too (it may have been local). */
  share(): Promise<void>;
  /** The link for a device secret; absent without a relay. */
  deviceLinkUrl?: (secret: Uint8Array) => string;
  /** The session's warning path: 'forged-details' when someone's details came in signed by the wrong device. */
  warn?: (code: SyncWarningCode) => void;
}

type PersonRef = { personId: string; displayName: string };

/**
 * `session.membership`: the signed log (roles, kinds, devices, history) joined with the names kept
 * in the encrypted document. Every operation signs one member event with this device's key and
 * goes through submitMemberChange, so it is confirmed by the relay's log or refused in plain codes.
 */
export class SessionMembership implements Membership {
  readonly #h: MembershipHost;
  readonly #listeners = new Set<() => void>();
  readonly #deviceId: string;
  readonly #people: PeopleInDoc;
  /** Set once the document was caught up: from then on this device puts its own entry back when it is replaced. */
  #caughtUp = false;

  constructor(host: MembershipHost) {
    this.#h = host;
    this.#deviceId = keyId(host.device.sign.publicKey);
    this.#people = new PeopleInDoc({
      s: host.s,
      doc: host.peopleDoc,
      state: () => this.#state,
      forged: () => host.warn?.('forged-details'),
      changed: () => {
        this.notify();
        // Not inside the observer: a write there would join the incoming (remote) transaction and never be sent.
        if (this.#caughtUp && !this.#people.holds(this.personId)) queueMicrotask(() => this.ensureMyEntry());
      },
    });
  }

  /** Tells listeners the log or the names changed. */
  notify(): void {
    for (const l of [...this.#listeners]) l();
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  readonly #clockOf = (device: Uint8Array): number => this.#h.clockOf(device);

  get #state(): MembershipState {
    return this.#h.log.state;
  }

  /** My person id: while removed, still the one I had (my name stays readable in what I kept). */
  get personId(): string {
    const state = this.#state;
    const member = memberOf(state, this.#h.device.sign.publicKey);
    if (member) return keyId(member.personId);
    const gone = state.removed.get(this.#deviceId);
    return gone ? keyId(gone.personId) : this.#deviceId;
  }

  me(): Me {
    const member = memberOf(this.#state, this.#h.device.sign.publicKey);
    const code = this.#codeFor(this.#deviceId);
    return {
      deviceId: this.#deviceId,
      personId: this.personId,
      displayName: this.#people.details(this.personId)?.displayName || this.#h.displayName(),
      role: member?.role ?? null,
      ...(code ? { verificationCode: code } : {}),
    };
  }

  /**
   * The name shown for the person of device `deviceId` (base64url), as people() shows it, or
   * undefined. Asked for every presence update received (a caret moving on another device): only
   * that person's details are opened, not every person's with their devices' verification codes.
   */
  nameOfDevice(deviceId: string): string | undefined {
    const state = this.#state;
    // A recovery kit's key is listed under no person (people() leaves it out).
    if (state.recoveryKeys.has(deviceId)) return undefined;
    for (const p of state.people.values()) {
      if (!p.devices.some((d) => keyId(d) === deviceId)) continue;
      const id = keyId(p.personId);
      return (this.#people.details(id)?.displayName || (id === this.personId ? this.#h.displayName() : '')) || undefined;
    }
    return undefined;
  }

  people(): PersonView[] {
    const state = this.#state;
    return [...state.people.values()].map((p) => {
      const id = keyId(p.personId);
      const details = this.#people.details(id);
      // My own name is known before it is written (a plan never shared has no entry yet).
      const fallback = id === this.personId ? this.#h.displayName() : '';
      const view: PersonView = {
        personId: id,
        displayName: details?.displayName || fallback,
        relation: details?.relation ?? '',
        phone: details?.phone ?? '',
        role: p.role,
        kind: p.kind,
        // A recovery kit's key is a device in the log but not one anybody holds: it is not listed.
        devices: p.devices.filter((d) => !isRecoveryKey(state, d)).map((d) => {
          const deviceId = keyId(d);
          const code = this.#codeFor(deviceId);
          return {
            deviceId,
            since: state.members.get(deviceId)?.since ?? p.since,
            thisDevice: deviceId === this.#deviceId,
            ...(code ? { verificationCode: code } : {}),
          };
        }),
        since: p.since,
        offeredOwnership: state.offers.has(id),
      };
      if (p.function) view.function = p.function;
      return view;
    });
  }

  formerPeople(): PersonView[] {
    const state = this.#state;
    const byPerson = new Map<string, PersonView>();
    for (const [deviceId, gone] of state.removed) {
      const id = keyId(gone.personId);
      if (state.people.has(id)) continue; // only one of their devices left; the person is still here
      const known = byPerson.get(id);
      const device = { deviceId, since: gone.at, thisDevice: deviceId === this.#deviceId };
      if (known) {
        known.devices.push(device);
        continue;
      }
      const details = this.#people.details(id);
      const view: PersonView = {
        personId: id,
        displayName: details?.displayName ?? '',
        relation: details?.relation ?? '',
        phone: details?.phone ?? '',
        role: gone.role,
        kind: gone.kind ?? 'network',
        devices: [device],
        since: gone.at,
        offeredOwnership: false,
        left: true,
      };
      if (gone.function) view.function = gone.function;
      byPerson.set(id, view);
    }
    return [...byPerson.values()];
  }

  pendingInvites(): PendingInvite[] {
    return pendingInvites(this.#state, this.#h.now()).map((i) => {
      const invite: PendingInvite = { inviteId: keyId(i.inviteKey), role: i.role, kind: i.kind, expiresAt: i.expiresAt };
      if (i.function) invite.function = i.function;
      return invite;
    });
  }

  timeline(): TimelineEntry[] {
    return this.#state.history.map((h) => {
      const entry: TimelineEntry = { type: h.type, at: h.timestamp, actor: this.#ref(h.actor) ?? this.#named(keyId(h.actor)) };
      const subject = h.subject ? this.#ref(h.subject) : undefined;
      if (subject) entry.subject = subject;
      if (h.role) entry.role = h.role;
      if (h.removed && h.removed.length > 0) entry.removed = h.removed.map((id) => this.#named(keyId(id)));
      return entry;
    });
  }

  closed(): boolean {
    return this.#state.closed;
  }

  async setMyDetails(details: { displayName?: string; relation?: string; phone?: string }): Promise<void> {
    this.#requireWriter();
    try {
      this.#people.write(this.personId, details, this.#h.device.sign, this.#h.now());
    } catch (err) {
      if (err instanceof DetailsError) throw new SyncError('invalid-event', err.message);
      throw err;
    }
  }

  /**
   * Makes sure my entry holds, once the document is caught up (so a second device of the same
   * person does not overwrite what the first one wrote): when someone replaced it, the last entry
   * that held here goes back as it was signed; when there never was one (or only an unsigned one
   * from before entries were signed), it is written from the name given at create or join.
   */
  ensureMyEntry(): void {
    this.#caughtUp = true;
    if (!this.#mayWriteOwnDetails() || this.#people.holds(this.personId)) return;
    if (this.#people.restore(this.personId)) return;
    const name = this.#h.displayName().trim();
    if (name) this.#people.write(this.personId, { displayName: name }, this.#h.device.sign, this.#h.now());
  }

  setRole(personId: string, role: Role): Promise<void> {
    const person = this.#keyFrom(personId);
    return this.#submit((s, state, device, now) => createRoleChange(s, state, { owner: device, person, role, now, clockOf: this.#clockOf }));
  }

  offerOwnership(personId: string): Promise<void> {
    const person = this.#keyFrom(personId);
    return this.#submit((s, state, device, now) => createOwnershipOffer(s, state, { owner: device, person, now }));
  }

  withdrawOwnershipOffer(personId: string): Promise<void> {
    const person = this.#keyFrom(personId);
    return this.#submit((s, state, device, now) => createOwnershipOffer(s, state, { owner: device, person, now, withdraw: true }));
  }

  acceptOwnership(): Promise<void> {
    return this.#submit((s, state, device, now) => createOwnershipAccept(s, state, { device, now }));
  }

  removePerson(personId: string): Promise<void> {
    const subject = this.#keyFrom(personId);
    return this.#submit((s, state, device, now) => createRemoval(s, state, { owner: device, subject, scope: 'person', now, clockOf: this.#clockOf, ...this.#chain(state) }));
  }

  removeDevice(deviceId: string): Promise<void> {
    const subject = this.#keyFrom(deviceId);
    // A non-owner's removal of their own device does not rotate the key; an owner's device does that next.
    return this.#submit((s, state, device, now) => createDeviceRemoval(s, state, { device, subject, now, clockOf: this.#clockOf, ...this.#chain(state) }));
  }

  /** Owners only: a fresh epoch key for everyone who is a member now (after a `key-split` alarm, or a device at risk). */
  rotateKey(): Promise<void> {
    return this.#submit((s, state, device, now) => createKeyRotation(s, state, { owner: device, now, ...this.#chain(state) }));
  }

  /**
   * The key rotation a non-owner's removal of their own device left to an owner: done by an
   * owner's device as soon as it sees it (key-alarms.ts). A no-op once another owner did it.
   */
  async rotateOwedKey(): Promise<void> {
    const done = new SyncError('invalid-event', 'no key rotation is owed');
    try {
      await this.#submit((s, state, device, now) => {
        if (!state.rotationOwed) throw done;
        return createKeyRotation(s, state, { owner: device, now, ...this.#chain(state) });
      });
    } catch (err) {
      if (err !== done) throw err;
    }
  }

  /**
   * The current epoch's key, for a rotation to chain under the new one (event version 5): every
   * member who holds a later key walks back to it. A device without it (a split key) rotates
   * without the chain; older epochs then reach only whom they were sealed to.
   */
  #chain(state: MembershipState): { previousKey?: Uint8Array } {
    const key = this.#h.log.keyFor(state.epoch);
    return key ? { previousKey: key } : {};
  }

  revokeInvite(inviteId: string): Promise<void> {
    const inviteKey = this.#keyFrom(inviteId);
    return this.#submit((s, state, device, now) => createInviteRevocation(s, state, { owner: device, inviteKey, now }));
  }

  closeCase(): Promise<void> {
    return this.#submit((s, state, device, now) => createCaseClose(s, state, { owner: device, now, clockOf: this.#clockOf, ...this.#chain(state) }));
  }

  /**
   * Signs `link-device` for one-time keys derived from a fresh secret and returns the link
   * carrying it: the new device derives them, links its own keys with them and removes them
   * (device-link.ts), so the link is worthless once used.
   */
  async createDeviceLink(): Promise<string> {
    const h = this.#h;
    if (h.revoked()) throw new SyncError('access-revoked');
    if (!h.deviceLinkUrl) throw new SyncError('no-relay');
    await h.share();
    const secret = h.s.randombytes_buf(32);
    const next = deriveLinkedDevice(h.s, secret);
    const newDevice = { signKey: next.sign.publicKey, boxKey: next.box.publicKey };
    await this.#submit((s, state, device, now) => {
      const epochKey = h.log.keyFor(state.epoch);
      if (!epochKey) throw new SyncError('no-epoch-key', 'no key for the current epoch');
      return createDeviceLink(s, state, { device, epochKey, newDevice, now });
    });
    return h.deviceLinkUrl(secret);
  }

  /**
   * A recovery kit for my person (docs/protocol.md "Recovery kit"): a fresh 128-bit secret, its
   * keys registered in the log with every epoch key this device holds, and the code returned to be
   * printed. The secret is not stored here: the code on paper is the only copy. An older kit of
   * mine is removed first (that rotates the key).
   */
  async createRecoveryKit(): Promise<string> {
    const h = this.#h;
    if (h.revoked()) throw new SyncError('access-revoked');
    if (!h.deviceLinkUrl) throw new SyncError('no-relay');
    if (memberOf(this.#state, h.device.sign.publicKey)?.role !== 'owner') throw new SyncError('not-allowed', 'only an owner makes a recovery kit');
    await h.share();
    const old = liveKitOf(this.#state, h.device.sign.publicKey);
    if (old) await this.removeDevice(keyId(old));
    const secret = generateRecoverySecret(h.s);
    const kit = deriveRecoveryKeys(h.s, this.#state.planId, secret);
    try {
      await this.#submit((s, state, device, now) => {
        // Every key this device holds goes to the kit, so the restored device reads what this one can.
        const epochKeys = new Map<number, Uint8Array>();
        for (let epoch = 0; epoch <= state.epoch; epoch++) {
          const key = h.log.keyFor(epoch);
          if (key) epochKeys.set(epoch, key);
        }
        if (!epochKeys.has(state.epoch)) throw new SyncError('no-epoch-key', 'no key for the current epoch');
        return createRecoveryRegistration(s, state, { owner: device, epochKeys, kit: { signKey: kit.sign.publicKey, boxKey: kit.box.publicKey }, now });
      });
      return formatRecoveryCode(h.s, this.#state.planId, secret);
    } finally {
      h.s.memzero(secret);
      h.s.memzero(kit.sign.privateKey);
      h.s.memzero(kit.box.privateKey);
    }
  }

  async removeRecoveryKit(): Promise<void> {
    const kit = liveKitOf(this.#state, this.#h.device.sign.publicKey);
    if (kit) await this.removeDevice(keyId(kit));
  }

  recoveryKitSince(): number | null {
    const kit = liveKitOf(this.#state, this.#h.device.sign.publicKey);
    return kit ? (this.#state.recoveryKeys.get(keyId(kit))?.since ?? null) : null;
  }

  async #submit(build: (s: Sodium, state: MembershipState, device: DeviceKeys, now: number) => { event: Uint8Array }): Promise<void> {
    if (this.#h.revoked()) throw new SyncError('access-revoked');
    const h = this.#h;
    const host: ChangeHost = { ...h.change, state: () => h.log.state, contains: (e) => h.log.contains(e) };
    await submitMemberChange(host, (state) => build(h.s, state, h.device, h.now()), h.timeoutMs);
    this.notify();
  }

  #mayWriteOwnDetails(): boolean {
    const member = memberOf(this.#state, this.#h.device.sign.publicKey);
    return member !== undefined && mayPublish(member.role, 'contributions') && !this.#h.revoked();
  }

  #requireWriter(): void {
    if (this.#h.revoked()) throw new SyncError('access-revoked');
    if (!this.#mayWriteOwnDetails()) throw new SyncError('not-allowed', 'a reader writes nothing, not even their own details');
  }

  /** A 32-byte key from an id the app handed back; anything else cannot name a member. */
  #keyFrom(id: string): Uint8Array {
    let bytes: Uint8Array;
    try {
      bytes = fromBase64Url(id);
    } catch {
      throw new SyncError('invalid-event', 'not a member id');
    }
    if (bytes.length !== 32) throw new SyncError('invalid-event', 'not a member id');
    return bytes;
  }

  #named(personId: string): PersonRef {
    return { personId, displayName: this.#people.details(personId)?.displayName ?? '' };
  }

  /** The person behind a person id or device key, current or gone; undefined for invite keys. */
  #ref(key: Uint8Array): PersonRef | undefined {
    const state = this.#state;
    const id = keyId(key);
    if (state.people.has(id)) return this.#named(id);
    const device = state.members.get(id) ?? state.removed.get(id);
    if (device) return this.#named(keyId(device.personId));
    for (const gone of state.removed.values()) if (keyId(gone.personId) === id) return this.#named(id);
    return undefined;
  }

  /** The code of a device that joined by invite (owner and joiner compute it alike). */
  #codeFor(deviceId: string): string | undefined {
    for (const invite of this.#state.invites.values()) {
      if (invite.usedBy && keyId(invite.usedBy) === deviceId) return verificationCode(this.#h.s, invite.inviteKey, invite.usedBy);
    }
    return undefined;
  }
}
