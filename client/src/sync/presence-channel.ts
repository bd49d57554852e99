import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';

/** Marks awareness changes that came from the relay, so they are not sent back out. */
export const REMOTE_PRESENCE = Symbol('safeplan-remote-presence');

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

/**
 * Who is here and where their caret is: a y-protocols Awareness whose updates travel only as
 * sealed presence envelopes. The relay forwards them and never stores them; neither do we.
 */
export class PresenceChannel {
  readonly #awareness: awarenessProtocol.Awareness;
  readonly #send: (update: Uint8Array) => void;
  readonly #off: () => void;
  /** Awareness client id → the device (base64url) that first spoke for it. */
  readonly #owners = new Map<number, string>();
  /**
   * Entries shown as '?' because the plan did not know their person's name yet (their presence
   * can come before the change that names them): shown with the name once it is known (named()).
   */
  readonly #unnamed = new Map<number, { author: string; state: Record<string, unknown> }>();

  constructor(awareness: awarenessProtocol.Awareness, send: (update: Uint8Array) => void) {
    this.#awareness = awareness;
    this.#send = send;
    const onUpdate = ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      // Only our own entry: others' entries are theirs to send (their devices sign them), and
      // each device drops a silent one itself after the awareness timeout.
      const self = this.#awareness.clientID;
      if (origin !== REMOTE_PRESENCE && [...added, ...updated, ...removed].includes(self)) this.#announce([self]);
    };
    awareness.on('update', onUpdate);
    this.#off = () => awareness.off('update', onUpdate);
  }

  /** Sends our own state, e.g. after (re)connecting. */
  announceSelf(): void {
    this.#announce([this.#awareness.clientID]);
  }

  /**
   * A decrypted update from another member, signed by device `author` (base64url). Presence is
   * bound to the device that signed it: an entry for an awareness client another device spoke
   * for first (or for our own) is dropped, and the name shown is the one the plan knows for
   * `author`'s person, never the name the sender wrote (else a member could make others see
   * someone else typing where they are not). Returns how many entries were dropped as forged.
   * Someone new hears our state in return.
   */
  receive(update: Uint8Array, author: string, nameOf: (author: string) => string | undefined): number {
    let entries: PresenceEntry[];
    try {
      entries = decodeEntries(update);
    } catch {
      return 1;
    }
    let forged = 0;
    const kept: PresenceEntry[] = [];
    for (const e of entries) {
      const owner = this.#owners.get(e.clientId);
      if (e.clientId === this.#awareness.clientID || (owner !== undefined && owner !== author)) {
        forged++;
        continue;
      }
      this.#owners.set(e.clientId, author);
      const name = nameOf(author);
      if (e.state !== null && name === undefined) this.#unnamed.set(e.clientId, { author, state: e.state });
      else this.#unnamed.delete(e.clientId);
      kept.push({ ...e, state: e.state === null ? null : boundState(e.state, author, name) });
    }
    if (kept.length === 0) return forged;
    const before = new Set(this.#awareness.getStates().keys());
    awarenessProtocol.applyAwarenessUpdate(this.#awareness, encodeEntries(kept), REMOTE_PRESENCE);
    const newcomer = [...this.#awareness.getStates().keys()].some((id) => !before.has(id));
    if (newcomer) this.announceSelf();
    return forged;
  }

  /**
   * The plan may know more names now (a change to the people document came in): entries shown as
   * '?' get the name the plan knows for their device. Their clock stays: the sender's next
   * update still replaces them.
   */
  named(nameOf: (author: string) => string | undefined): void {
    const updated: number[] = [];
    for (const [clientId, { author, state }] of this.#unnamed) {
      const name = nameOf(author);
      if (name === undefined) continue;
      this.#unnamed.delete(clientId);
      if (!this.#awareness.states.has(clientId)) continue; // left meanwhile
      this.#awareness.states.set(clientId, boundState(state, author, name));
      updated.push(clientId);
    }
    if (updated.length > 0) this.#awareness.emit('change', [{ added: [], updated, removed: [] }, REMOTE_PRESENCE]);
  }

  /** Tells the others we left and stops listening. */
  close(): void {
    awarenessProtocol.removeAwarenessStates(this.#awareness, [this.#awareness.clientID], 'close');
    this.#off();
  }

  #announce(clients: number[]): void {
    if (clients.length === 0) return;
    this.#send(awarenessProtocol.encodeAwarenessUpdate(this.#awareness, clients));
  }
}

interface PresenceEntry {
  clientId: number;
  clock: number;
  state: Record<string, unknown> | null;
}

/** The y-protocols awareness update format: count, then (client id, clock, JSON state) each. */
function decodeEntries(update: Uint8Array): PresenceEntry[] {
  const d = decoding.createDecoder(update);
  const n = decoding.readVarUint(d);
  if (n > 1000) throw new Error('presence: too many entries');
  const out: PresenceEntry[] = [];
  for (let i = 0; i < n; i++) {
    const clientId = decoding.readVarUint(d);
    const clock = decoding.readVarUint(d);
    const parsed: unknown = JSON.parse(decoding.readVarString(d));
    out.push({ clientId, clock, state: parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : null });
  }
  return out;
}

function encodeEntries(entries: readonly PresenceEntry[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, entries.length);
  for (const x of entries) {
    encoding.writeVarUint(e, x.clientId);
    encoding.writeVarUint(e, x.clock);
    encoding.writeVarString(e, JSON.stringify(x.state));
  }
  return encoding.toUint8Array(e);
}

/** The sender's state with the name and device the plan knows for the signing device. */
function boundState(state: Record<string, unknown>, author: string, name: string | undefined): Record<string, unknown> {
  const user = state.user !== null && typeof state.user === 'object' ? (state.user as Record<string, unknown>) : {};
  // Without a known name the sender's own claim is not shown either.
  return { ...state, user: { ...user, name: name ?? '?', device: author } };
}
