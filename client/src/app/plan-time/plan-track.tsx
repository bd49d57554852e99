import { createMemo, type Accessor, type JSX } from 'solid-js';
import type { PlanModel } from '@safeplan/schema/plan';
import type { Editor } from '@tiptap/core';
import { phaseTrack, type PhaseTrack as Track } from '@safeplan/schema/rules';
import { regieStep } from '../members/regie-step.ts';
import type { MembershipView } from '../members/use-membership.ts';
import { notify } from '../notices.ts';
import { PhaseTrack } from './PhaseTrack.tsx';
import { movePhase } from './move-phase.ts';

/**
 * The phase track of an open plan, wired to its documents, its members (owners decide; the
 * hand-over step comes from the signed members log) and the plan document's editor (which
 * writes the decision, so it merges and undoes like any other edit).
 */
export function PlanPhaseTrack(props: {
  model: Accessor<PlanModel | undefined>;
  members: MembershipView;
  planEditor: () => Editor | undefined;
  myName: () => string;
  onOpenHandover: () => void;
}): JSX.Element {
  const track = createMemo<Track | undefined>(() => {
    const m = props.model();
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
