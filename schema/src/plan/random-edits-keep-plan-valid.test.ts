import { expect, test } from 'vitest';
import { Selection, TextSelection } from '@tiptap/pm/state';
import type { Command, EditorState } from '@tiptap/pm/state';
import {
  baseKeymap,
  chainCommands,
  deleteSelection,
  joinBackward,
  joinForward,
  lift,
  selectAll,
  selectNodeBackward,
  selectNodeForward,
  splitBlock,
} from '@tiptap/pm/commands';
import { redo, undo } from '@tiptap/pm/history';
import { samplePlanJSON } from './sample-plan.ts';
import { itemsNeedingId } from './item-ids.ts';
import { seededRandom } from '../protocol/testing/seeded-random.ts';
import { assertPlanShape, paste, planState, run, undoAll } from './testing/editor-state.ts';

const commands: [string, Command][] = [
  ['backspace', chainCommands(deleteSelection, joinBackward, selectNodeBackward)],
  ['delete', chainCommands(deleteSelection, joinForward, selectNodeForward)],
  ['enter', baseKeymap.Enter as Command],
  ['splitBlock', splitBlock],
  ['lift', lift],
  ['undo', undo],
  ['redo', redo],
];

function randomSelection(state: EditorState, rand: () => number): EditorState {
  const size = state.doc.content.size;
  const a = Selection.near(state.doc.resolve(Math.floor(rand() * size)));
  const b = rand() < 0.6 ? a : Selection.near(state.doc.resolve(Math.floor(rand() * size)));
  return state.apply(state.tr.setSelection(TextSelection.between(a.$from, b.$from)));
}

function step(state: EditorState, rand: () => number, log: string[]): EditorState {
  const s = randomSelection(state, rand);
  const roll = rand();
  if (roll < 0.25) {
    log.push(`type@${s.selection.from}`);
    return s.apply(s.tr.insertText('xy'));
  }
  if (roll < 0.4) {
    const a = Math.floor(rand() * s.doc.content.size);
    const b = Math.min(s.doc.content.size, a + Math.floor(rand() * 200));
    log.push(`paste ${a}-${b}@${s.selection.from}`);
    return paste(s, s.doc.slice(a, b));
  }
  if (roll < 0.42) {
    log.push('selectAll+delete');
    return run(run(s, selectAll).state, deleteSelection).state;
  }
  const [name, command] = commands[Math.floor(rand() * commands.length)]!;
  log.push(`${name}@${s.selection.from}-${s.selection.to}`);
  return run(s, command).state;
}

test('random typing, deleting, splitting, pasting and undo keep every section in place', () => {
  const baseSeed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
  for (let round = 0; round < 12; round++) {
    const seed = baseSeed + round;
    const rand = seededRandom(seed);
    const log: string[] = [];
    const start = planState(samplePlanJSON());
    let state = start;
    try {
      for (let i = 0; i < 120; i++) {
        state = step(state, rand, log);
        assertPlanShape(state.doc);
        expect(itemsNeedingId(state.doc)).toEqual([]);
      }
      const back = undoAll(state);
      assertPlanShape(back.doc);
      expect(back.doc.textContent).toBe(start.doc.textContent);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(`Replay with FUZZ_SEED=${seed} (steps: ${log.slice(-8).join(', ')}): ${message}`, { cause: err });
    }
  }
});
