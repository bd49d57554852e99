import { createSignal, Show, Suspense, type Accessor, type JSX } from 'solid-js';
import { lazyPart } from '../lazy-part.tsx';
import type { Editor } from '@tiptap/core';
import type { PlanModel } from '@safeplan/schema/plan';
import type { PlanReview, PlanSession } from '../../sync/session.ts';
import { Icon } from '../Icon.tsx';
import { t } from '../i18n/index.ts';
import { DueCard } from './DueCard.tsx';
import { rememberDue } from './due-memo.ts';
import { WhoToCall } from './WhoToCall.tsx';
import './network-messages.ts';
import './network.css';
import { reportFailure } from '../in-background.ts';

const SafetyCircles = lazyPart(() => import('./SafetyCircles.tsx'));
const ChildView = lazyPart(() => import('./ChildView.tsx'));

/**
 * The plan's first screen above the sections: what is due (meetings, scores), who to call, and the
 * way to the safety circles and to the child's view. Everything is read from the plan documents on
 * this device; nothing here talks to the relay.
 */
export function PlanOverview(props: {
  session: PlanSession;
  /** The plan screen's one model of the plan (undefined while unreadable): not read a second time here. */
  model: Accessor<PlanModel | undefined>;
  planEditor: Accessor<Editor | undefined>;
  mayWritePlan: Accessor<boolean>;
  isOwner: Accessor<boolean>;
  /** Opens "Toezicht en evaluatie" with a new meeting in it (the plan screen knows which section is shown). */
  onPlanMeeting: () => void;
  /** Opens "Netwerk" with a new person in it. */
  onAddNetworkPerson: () => void;
}): JSX.Element {
  const model = (): PlanModel | null => props.model() ?? null;
  const [open, setOpen] = createSignal<'circles' | 'child' | null>(null);
  const review: PlanReview | null = props.session.review ?? null;
  let lastMemo = '';
  return (
    <div class="plan-overview">
      <DueCard
        model={model}
        review={review}
        isOwner={props.isOwner}
        onPlanMeeting={props.mayWritePlan() ? props.onPlanMeeting : undefined}
        onFacts={(f) => {
          const json = JSON.stringify(f);
          if (json === lastMemo) return;
          lastMemo = json;
          void rememberDue(props.session.planId, f).catch(reportFailure('remember due date'));
        }}
      />
      <WhoToCall model={model} />
      <div class="overview-actions">
        <button type="button" aria-expanded={open() === 'circles'} onClick={() => setOpen(open() === 'circles' ? null : 'circles')}>
          <Icon name="people" />
          <span>{t('network.circles.open')}</span>
        </button>
        <button type="button" aria-expanded={open() === 'child'} onClick={() => setOpen(open() === 'child' ? null : 'child')}>
          <Icon name="image" />
          <span>{t('network.child.open')}</span>
        </button>
      </div>
      <Suspense>
        <Show when={open() === 'circles'}>
          <SafetyCircles
            model={model}
            editor={props.planEditor}
            editable={props.mayWritePlan}
            onClose={() => setOpen(null)}
            onAddPerson={() => {
              setOpen(null);
              props.onAddNetworkPerson();
            }}
          />
        </Show>
        <Show when={open() === 'child'}>
          <ChildView model={model} onClose={() => setOpen(null)} />
        </Show>
      </Suspense>
    </div>
  );
}

/**
 * "Netwerkberaad plannen" from the first screen: opens the monitoring section (on a phone it may be
 * hidden) and presses its own add button, so the new meeting is made exactly as there (caret in
 * its first field, one undo step).
 */
export function planMeeting(focus: { open: (key: string) => void }): void {
  focus.open('monitoring');
  queueMicrotask(() => {
    const add = [...document.querySelectorAll<HTMLButtonElement>('section[data-section="monitoring"] .section-actions .add-item')].at(-1);
    add?.click();
  });
}

/** "Iemand toevoegen bij Netwerk" from the circles: opens "Netwerk" and presses its own add button, as `planMeeting` does. */
export function addNetworkPerson(focus: { open: (key: string) => void }): void {
  focus.open('network');
  queueMicrotask(() => {
    document.querySelector<HTMLButtonElement>('section[data-section="network"] .section-actions .add-item')?.click();
  });
}
