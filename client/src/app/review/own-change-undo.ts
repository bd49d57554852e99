import { createSignal, onCleanup, type Accessor } from 'solid-js';
import type * as Y from 'yjs';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { ownUndoManager } from '../../review/index.ts';

/** The origin of "restore this version": undoable like my own typing. */
export const RESTORE_ORIGIN = 'review-restore';

/** Typing within this pause is one change to undo, not one letter. */
const CHANGE_PAUSE_MS = 1500;

export interface OwnChangeUndo {
  /** How many of my changes (made while this plan is open) can be undone. */
  count: Accessor<number>;
  undo(): void;
}

/**
 * "Maak mijn verandering ongedaan" in the review view: tracks only this device's editor (and its
 * restores), so another member's change is never undone. The undo is a new, recorded change;
 * history is not rewritten. Lives as long as the plan screen.
 */
export function ownChangeUndo(doc: Y.Doc): OwnChangeUndo {
  const manager = ownUndoManager(doc, ySyncPluginKey);
  manager.captureTimeout = CHANGE_PAUSE_MS;
  manager.addTrackedOrigin(RESTORE_ORIGIN);
  // A restore is one step of its own: never merged with typing just before or after it.
  const boundary = (tr: Y.Transaction) => {
    if (tr.origin === RESTORE_ORIGIN) manager.stopCapturing();
  };
  doc.on('beforeTransaction', boundary);
  doc.on('afterTransaction', boundary);
  const [count, setCount] = createSignal(0);
  const update = () => setCount(manager.undoStack.length);
  manager.on('stack-item-added', update);
  manager.on('stack-item-popped', update);
  onCleanup(() => {
    doc.off('beforeTransaction', boundary);
    doc.off('afterTransaction', boundary);
    manager.destroy();
  });
  return {
    count,
    undo: () => {
      manager.undo();
      update();
    },
  };
}
