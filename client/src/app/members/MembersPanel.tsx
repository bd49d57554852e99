import { createSignal, For, Match, Show, Switch, type JSX } from 'solid-js';
import type { PlanLibrary, PlanSession } from '../../sync/session.ts';
import { Icon } from '../Icon.tsx';
import { t } from '../i18n/index.ts';
import { InviteForm } from './InviteForm.tsx';
import { AskOwner } from './AskOwner.tsx';
import { formatDay, profileName, roleWithArticle } from './member-words.ts';
import { MyDetails } from './MyDetails.tsx';
import { PersonCard } from './PersonCard.tsx';
import { RegieTimeline } from './RegieTimeline.tsx';
import { RecoveryKitCard } from '../recovery/RecoveryKitCard.tsx';
import { createActionRunner } from './run-action.ts';
import { TermHelp } from '../glossary/TermHelp.tsx';
import { ROLE_TERMS } from '../glossary/glossary-terms.ts';
import type { MembershipView } from './use-membership.ts';
import { reportFailure } from '../in-background.ts';

type Tab = 'people' | 'regie';

/** "Mensen": who is in the plan and what they may do, open invitations, inviting, and the regie hand-over. */
export function MembersPanel(props: { library: PlanLibrary; session: PlanSession; view: MembershipView; onClose: () => void }): JSX.Element {
  const [tab, setTab] = createSignal<Tab>('people');
  const { busy, run } = createActionRunner();
  const v = props.view;
  const tabButton = (key: Tab, label: string) => (
    <button type="button" role="tab" id={`members-tab-${key}`} aria-selected={tab() === key} aria-controls="members-tabpanel" class="members-tab" onClick={() => setTab(key)}>
      {label}
    </button>
  );
  return (
    <section class="card members-panel" aria-labelledby="members-title">
      <div class="share-head">
        <h2 id="members-title">{t('members.title')}</h2>
        <button type="button" class="quiet" onClick={() => props.onClose()}>
          <span>{t('members.close')}</span>
        </button>
      </div>
      <div role="tablist" class="members-tabs">
        {tabButton('people', t('members.tabPeople'))}
        {tabButton('regie', t('members.tabRegie'))}
      </div>
      <div id="members-tabpanel" role="tabpanel" aria-labelledby={`members-tab-${tab()}`}>
        <Switch>
          <Match when={tab() === 'people'}>
            <Show when={!v.revoked()}>
              <MyDetails session={props.session} view={v} />
            </Show>
            <TermHelp terms={ROLE_TERMS} />
            <ul class="member-list">
              {/* Keyed by person, not by the view object: a change to someone (a new role) updates
                  their card in place, so the button just pressed keeps the focus. */}
              <For each={v.people().map((p) => p.personId)}>
                {(id) => {
                  const person = () => v.people().find((p) => p.personId === id);
                  return (
                    <Show when={person()}>
                      {(p) => <PersonCard session={props.session} person={p()} isMe={id === v.me().personId} ownerView={v.isOwner()} />}
                    </Show>
                  );
                }}
              </For>
            </ul>
            <Show when={v.isOwner()}>
              <h3>{t('members.pendingTitle')}</h3>
              <Show when={v.invites().length > 0} fallback={<p class="help-text">{t('members.pendingNone')}</p>}>
                <ul class="member-invites">
                  <For each={v.invites()}>
                    {(i) => (
                      <li data-invite={i.inviteId}>
                        <span>{t('members.pendingItem', { role: roleWithArticle(i.role), kind: profileName(i), date: formatDay(i.expiresAt) })}</span>
                        <button type="button" disabled={busy()} onClick={() => void run(() => props.session.membership.revokeInvite(i.inviteId)).catch(reportFailure('withdraw invite'))}>
                          <Icon name="trash" />
                          <span>{t('members.revoke')}</span>
                        </button>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
              <InviteForm library={props.library} session={props.session} />
              <RecoveryKitCard session={props.session} view={v} />
            </Show>
            <Show when={!v.isOwner() && !v.revoked()}>
              <AskOwner people={v.people()} />
            </Show>
          </Match>
          <Match when={tab() === 'regie'}>
            <RegieTimeline session={props.session} view={v} />
          </Match>
        </Switch>
      </div>
    </section>
  );
}
