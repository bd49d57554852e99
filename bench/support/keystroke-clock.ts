import * as Y from 'yjs';

/**
 * Keystroke → applied-elsewhere latency without tagging the content. A keystroke is noted with the
 * typing client's Yjs clock just before it (`Y.getState`); when a device applies a remote update,
 * the update's `to` state vector says up to which clock of each client it now has, so every noted
 * keystroke below that has arrived, whether the update carried one keystroke or a merged batch,
 * and whatever the client wrote before typing (the engine writes a profile on join).
 */
export class KeystrokeClock {
  readonly #typed = new Map<number, { clocks: number[]; times: number[] }>();
  readonly #seen = new WeakMap<Y.Doc, Map<number, number>>();
  readonly samples: number[] = [];
  typed = 0;

  /** Call right before the keystroke's change is made on `doc`. */
  keystroke(doc: Y.Doc): void {
    let log = this.#typed.get(doc.clientID);
    if (!log) this.#typed.set(doc.clientID, (log = { clocks: [], times: [] }));
    log.clocks.push(Y.getState(doc.store, doc.clientID));
    log.times.push(performance.now());
    this.typed++;
  }

  /**
   * Call from the receiving doc's `afterTransaction` listener (remote transactions only). The
   * transaction's after-state is the doc's state vector, which Yjs keeps anyway: reading it costs
   * the generator nothing per apply, where parsing the update again (Y.parseUpdateMeta) cost a
   * full decode of every update on every receiving device.
   */
  applied(doc: Y.Doc, tr: Y.Transaction): void {
    const now = performance.now();
    let seen = this.#seen.get(doc);
    if (!seen) this.#seen.set(doc, (seen = new Map()));
    for (const [client, to] of tr.afterState) {
      // Only clients this transaction moved on; never the receiver's own typing.
      if (client === doc.clientID || tr.beforeState.get(client) === to) continue;
      const log = this.#typed.get(client);
      if (!log) continue;
      let k = seen.get(client) ?? 0;
      for (; k < log.clocks.length && (log.clocks[k] as number) < to; k++) this.samples.push(now - (log.times[k] as number));
      seen.set(client, k);
    }
  }
}
