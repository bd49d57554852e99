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

  constructor(awareness: awarenessProtocol.Awareness, send: (update: Uint8Array) => void) {
    this.#awareness = awareness;
    this.#send = send;
    const onUpdate = ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      if (origin !== REMOTE_PRESENCE) this.#announce([...added, ...updated, ...removed]);
    };
    awareness.on('update', onUpdate);
    this.#off = () => awareness.off('update', onUpdate);
  }

  /** Sends our own state, e.g. after (re)connecting. */
  announceSelf(): void {
    this.#announce([this.#awareness.clientID]);
  }

  /** A decrypted update from another member. Someone new hears our state in return. */
  receive(update: Uint8Array): void {
    const before = new Set(this.#awareness.getStates().keys());
    awarenessProtocol.applyAwarenessUpdate(this.#awareness, update, REMOTE_PRESENCE);
    const newcomer = [...this.#awareness.getStates().keys()].some((id) => !before.has(id));
    if (newcomer) this.announceSelf();
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
