import { createSignal, Show, type JSX } from 'solid-js';
import type { PlanLibrary, PlanSession } from '../../sync/session.ts';
import { RemoveFromDevice } from '../RemoveFromDevice.tsx';
import { Icon } from '../Icon.tsx';
import { t } from '../i18n/index.ts';
import type { MembershipView } from './use-membership.ts';
import { createActionRunner } from './run-action.ts';
import './members.css';
import { reportFailure } from '../in-background.ts';

/**
 * What this device may do now, above the plan: no access any more (removed or the case closed),
 * read only, or a question to become co-owner. Always visible, so nobody types into a plan
 * believing it reaches the others.
 */
export function MembershipBanner(props: { session: PlanSession; view: MembershipView; library?: PlanLibrary }): JSX.Element {
  const [later, setLater] = createSignal(false);
  const { busy, run } = createActionRunner();
  const offered = () => !props.view.revoked() && props.view.myPerson()?.offeredOwnership === true;
  return (
    <>
      <Show when={props.view.revoked()}>
        {/* Removing comes first: a plan this device no longer belongs to is best let go of. */}
        <section class="members-banner members-banner-revoked" role="alert" data-access="revoked" aria-labelledby="revoked-title">
          <Icon name="warning" />
          <div>
            <h2 id="revoked-title">{t('device.revoked.title')}</h2>
            <Show when={props.library}>{(library) => <RemoveFromDevice library={library()} planId={props.session.planId} />}</Show>
            <p>{t('device.revoked.explain')}</p>
          </div>
        </section>
      </Show>
      {/* A contributor writes scores and the log: the plan screen says so beside the plan instead. */}
      <Show when={!props.view.revoked() && !props.view.mayEdit() && props.view.me().role !== 'contributor'}>
        <p class="members-banner" role="status" data-access="read-only">
          <Icon name="device" />
          <span>{t('members.access.readOnly')}</span>
        </p>
      </Show>
      <Show when={offered() && !later()}>
        <section class="card members-offer" aria-labelledby="members-offer-title">
          <h2 id="members-offer-title">{t('members.offer.question')}</h2>
          <p>{t('members.offer.explain')}</p>
          <div class="actions">
            <button type="button" class="primary" disabled={busy()} onClick={() => void run(() => props.session.membership.acceptOwnership()).catch(reportFailure('accept ownership'))}>
              <Icon name="check" />
              <span>{t('members.offer.accept')}</span>
            </button>
            <button type="button" onClick={() => setLater(true)}>
              <span>{t('members.offer.later')}</span>
            </button>
          </div>
        </section>
      </Show>
    </>
  );
}
