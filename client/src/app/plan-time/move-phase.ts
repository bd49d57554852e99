import type { Editor } from '@tiptap/core';
import type { EditorState, Transaction } from '@tiptap/pm/state';
import { newItemJSON, type Phase } from '@safeplan/schema/plan';

export interface PhaseDecision {
  from: Phase;
  to: Phase;
  who: string;
  why: string;
  /** 'YYYY-MM-DD' */
  date: string;
  openCriteria: number;
}

/**
 * The one step that moves the plan to another phase: the plan's phase changes and the decision
 * (who, when, why, how much was open) is added to the plan's details, where everyone reads it.
 * Null when the document holds no plan header.
 */
export function phaseMoveTransaction(state: EditorState, decision: PhaseDecision): Transaction | null {
  let headerPos = -1;
  state.doc.forEach((node, offset) => {
    if (node.type.name === 'section_header') headerPos = offset;
  });
  if (headerPos < 0) return null;
  const header = state.doc.nodeAt(headerPos);
  const details = header?.firstChild;
  if (!header || details?.type.name !== 'plan_details') return null;
  const item = state.schema.nodeFromJSON(
    newItemJSON(
      'phase_decision',
      { from: decision.from, to: decision.to, date: decision.date, openCriteria: decision.openCriteria },
      { who: decision.who, why: decision.why },
    ),
  );
  return state.tr.setNodeAttribute(headerPos + 1, 'phase', decision.to).insert(headerPos + header.nodeSize - 1, item);
}

/** Moves the plan on in the plan document's editor, as one undoable step; false when it could not. */
export function movePhase(editor: Editor, decision: PhaseDecision): boolean {
  const tr = phaseMoveTransaction(editor.state, decision);
  if (!tr) return false;
  editor.view.dispatch(tr);
  return true;
}
