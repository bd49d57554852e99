import type { Editor } from '@tiptap/core';
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
 * Moves the plan to another phase in the plan document's editor, as one undoable step: the
 * plan's phase changes and the decision (who, when, why, how much was open) is added to the
 * plan's details, where everyone reads it. False when the editor does not hold a plan header.
 */
export function movePhase(editor: Editor, decision: PhaseDecision): boolean {
  const { state, view } = editor;
  let headerPos = -1;
  state.doc.forEach((node, offset) => {
    if (node.type.name === 'section_header') headerPos = offset;
  });
  if (headerPos < 0) return false;
  const header = state.doc.nodeAt(headerPos);
  const details = header?.firstChild;
  if (!header || details?.type.name !== 'plan_details') return false;
  const item = state.schema.nodeFromJSON(
    newItemJSON(
      'phase_decision',
      { from: decision.from, to: decision.to, date: decision.date, openCriteria: decision.openCriteria },
      { who: decision.who, why: decision.why },
    ),
  );
  const tr = state.tr.setNodeAttribute(headerPos + 1, 'phase', decision.to).insert(headerPos + header.nodeSize - 1, item);
  view.dispatch(tr);
  return true;
}
