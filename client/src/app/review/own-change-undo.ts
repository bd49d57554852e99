import { createSignal, onCleanup, type Accessor } from 'solid-js';
import type * as Y from 'yjs';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { PLAN_CHANNELS } from '@safeplan/schema/plan';
import type { PlanChannel } from '@safeplan/schema/plan';
import { CONTRIBUTIONS_FRAGMENT, ownUndoManager, PLAN_FRAGMENT } from '../../review/index.ts';
import type { PlanDocs } from '../../review/index.ts';

/** The origin of "restore this version": undoable like my own typing. */
export const RESTORE_ORIGIN = 'review-restore';

/** Typing within this pause is one change to undo, not one letter. */
const CHANGE_PAUSE_MS = 1500;

const FRAGMENT: Record<PlanChannel, string> = { plan: PLAN_FRAGMENT, contributions: CONTRIBUTIONS_FRAGMENT };

export interface OwnChangeUndo {
  /** How many of my changes (made while this plan is open) can be undone. */
  count: Accessor<number>;
  undo(): void;
  /** Runs `write` (e.g. a restore, which writes both documents) so that one undo takes all of it back. */
  asOneChange(write: () => void): void;
}

type StackItem = Y.UndoManager['undoStack'][number];

/** One change to undo: what it added to each document's undo stack. */
type Step = { manager: Y.UndoManager; item: StackItem }[];

/**
 * "Maak mijn verandering ongedaan" in the review view: tracks only this device's editors (and its
 * restores), so another member's change is never undone. A Y.UndoManager covers one document, so
 * there is one per document, and the steps across both are kept in the order they were made: an
 * undo takes back my latest change, in whichever document it is. The undo is a new, recorded
 * change; history is not rewritten. Lives as long as the plan screen.
 */
export function ownChangeUndo(docs: PlanDocs): OwnChangeUndo {
  const steps: Step[] = [];
  let grouping: Step | null = null;
  const [count, setCount] = createSignal(0);
  const alive = (step: Step) => step.some(({ manager, item }) => manager.undoStack.includes(item));
  const update = () => {
    // A manager may drop items of its own (an undo that found nothing left to undo pops on).
    while (steps.length > 0 && !alive(steps[steps.length - 1] as Step)) steps.pop();
    setCount(steps.filter(alive).length);
  };

  const managers = PLAN_CHANNELS.map((channel) => ownUndoManager(docs[channel], ySyncPluginKey, FRAGMENT[channel]));
  const cleanups = PLAN_CHANNELS.map((channel, i) => {
    const doc = docs[channel];
    const manager = managers[i] as Y.UndoManager;
    manager.captureTimeout = CHANGE_PAUSE_MS;
    manager.addTrackedOrigin(RESTORE_ORIGIN);
    // A restore is one step of its own: never merged with typing just before or after it.
    const boundary = (tr: Y.Transaction) => {
      if (tr.origin === RESTORE_ORIGIN) manager.stopCapturing();
    };
    doc.on('beforeTransaction', boundary);
    doc.on('afterTransaction', boundary);
    const added = (event: { stackItem: StackItem; type: 'undo' | 'redo' }) => {
      if (event.type !== 'undo') return;
      // Typing on in the other document must not join a step made before this one.
      for (const other of managers) if (other !== manager) other.stopCapturing();
      const entry = { manager, item: event.stackItem };
      if (grouping) grouping.push(entry);
      else steps.push([entry]);
      update();
    };
    manager.on('stack-item-added', added);
    manager.on('stack-item-popped', update);
    return () => {
      doc.off('beforeTransaction', boundary);
      doc.off('afterTransaction', boundary);
      manager.destroy();
    };
  });
  onCleanup(() => cleanups.forEach((stop) => stop()));

  return {
    count,
    undo: () => {
      update();
      const step = steps.pop();
      if (!step) return;
      // Later items of the same manager belong to later steps, already undone: undo down to this one.
      for (const { manager, item } of step) {
        while (manager.undoStack.includes(item) && manager.undo() !== null);
      }
      update();
    },
    asOneChange: (write) => {
      const step: Step = [];
      grouping = step;
      try {
        write();
      } finally {
        grouping = null;
        if (step.length > 0) steps.push(step);
        update();
      }
    },
  };
}
