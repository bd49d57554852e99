import { Show, type JSX } from 'solid-js';
import type { PlanLibrary, PlanSession } from '../../sync/session.ts';
import { Icon } from '../Icon.tsx';
import { t } from '../i18n/index.ts';
import { MembersPanel } from './MembersPanel.tsx';
import { MembershipBanner } from './MembershipBanner.tsx';
import { RecoveryUsedNotice } from '../recovery/RecoveryUsedNotice.tsx';
import { regieStep } from './regie-step.ts';
import type { MembershipView } from './use-membership.ts';

/** The "Mensen" button for the plan's header; shows the regie step, once the hand-over started, so it is always in sight. */
export function MembersButton(props: { view: MembershipView; open: boolean; onToggle: () => void }): JSX.Element {
  const step = () => regieStep(props.view.people(), props.view.closed());
  return (
    <button type="button" class="members-button" aria-expanded={props.open} onClick={() => props.onToggle()}>
      <Icon name="people" />
      <span>{t('members.button')}</span>
      {/* A hand-over that has not started is not news for the header: the panel says so. */}
      <Show when={step() !== 0}>
        <span class="members-button-step" data-step={step()}>
          {t('members.buttonStep', { n: step() })}
        </span>
      </Show>
    </button>
  );
}

/** What the plan screen shows about membership: the access banner and offer question always, the panel when open. */
export function MembersArea(props: { library: PlanLibrary; session: PlanSession; view: MembershipView; open: boolean; onClose: () => void }): JSX.Element {
  return (
    <>
      <MembershipBanner session={props.session} view={props.view} library={props.library} />
      <RecoveryUsedNotice view={props.view} />
      <Show when={props.open}>
        <MembersPanel library={props.library} session={props.session} view={props.view} onClose={props.onClose} />
      </Show>
    </>
  );
}
