import { createMemo, type JSX } from 'solid-js';
import type { PlanModel } from '@safeplan/schema/plan';
import type { Editor } from '@tiptap/core';
import { phaseTrack, type PhaseTrack as Track } from '@safeplan/schema/rules';
import { fullPlanModel } from '../../editor/plan-json.ts';
import type { PlanDocs } from '../../review/review-doc.ts';
import { createPlanDocsSignal } from '../plan-docs-signal.ts';
import { regieStep } from '../members/regie-step.ts';
import type { MembershipView } from '../members/use-membership.ts';
import { notify } from '../notices.ts';
import { PhaseTrack } from './PhaseTrack.tsx';
import { movePhase } from './move-phase.ts';

const TRACK_DELAY_MS = 400;

/**
 * The phase track of an open plan, wired to its documents, its members (owners decide; the
 * hand-over step comes from the signed members log) and the plan document's editor (which
 * writes the decision, so it merges and undoes like any other edit).
 */
export function PlanPhaseTrack(props: {
  docs: PlanDocs;
  members: MembershipView;
  planEditor: () => Editor | undefined;
  myName: () => string;
  onOpenHandover: () => void;
}): JSX.Element {
  // The plan is read after a short pause (typing stays smooth); the hand-over step whenever the members log changes.
  const model = createPlanDocsSignal<PlanModel | undefined>(
    props.docs,
    (docs) => {
      try {
        return fullPlanModel(docs);
      } catch (err) {
        // A plan this version cannot read (e.g. a newer schema) shows no track rather than breaking the screen.
        console.warn('Phase track unavailable', err);
        return undefined;
      }
    },
    TRACK_DELAY_MS,
  );
  const track = createMemo<Track | undefined>(() => {
    const m = model();
    return m && phaseTrack(m, { now: new Date(), handoverStep: regieStep(props.members.people(), props.members.closed()) });
  });
  return (
    <PhaseTrack
      track={track}
      isOwner={props.members.isOwner}
      myName={props.myName}
      onMove={(d) => {
        const editor = props.planEditor();
        return editor !== undefined && !editor.isDestroyed && movePhase(editor, d);
      }}
      onOpenHandover={props.onOpenHandover}
      notify={notify}
    />
  );
}
