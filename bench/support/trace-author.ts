import * as Y from 'yjs';
import type { TraceEdit } from '../trace.ts';

/**
 * Replays trace edits on a Y.Text and hands out the Yjs update each edit makes, the way an editor
 * binding would produce them (one transaction per edit).
 */
export class TraceAuthor {
  readonly doc = new Y.Doc();
  readonly text = this.doc.getText('text');
  #last: Uint8Array | null = null;

  constructor() {
    this.doc.on('update', (update: Uint8Array) => {
      this.#last = update;
    });
  }

  edit(e: TraceEdit): Uint8Array {
    this.#last = null;
    this.doc.transact(() => {
      if (e.del > 0) this.text.delete(e.pos, e.del);
      if (e.ins) this.text.insert(e.pos, e.ins);
    });
    const update = this.#last as Uint8Array | null;
    if (!update) throw new Error(`trace edit at ${e.pos} changed nothing`);
    return update;
  }
}
