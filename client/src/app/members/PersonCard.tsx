import { createSignal, For, Show, type JSX } from 'solid-js';
import { INVITABLE_ROLES, type Role } from '@safeplan/schema/protocol';
import type { PersonView, PlanSession } from '../../sync/session.ts';
import { Icon } from '../Icon.tsx';
import { t } from '../i18n/index.ts';
import { formatDay, personName, profileName, roleName } from './member-words.ts';
import { createActionRunner } from './run-action.ts';
import { reportFailure } from '../in-background.ts';

type Confirming = { kind: 'person' } | { kind: 'device'; deviceId: string } | { kind: 'step-back'; role: Role } | undefined;

/**
 * One person: name, relation, role and kind in plain words, their devices with the code to compare
 * aloud; for an owner, the changes an owner may make. Removing asks first, in words that say
 * what it means (they will not see anything new), never with a blocking browser dialog.
 */
export function PersonCard(props: { session: PlanSession; person: PersonView; isMe: boolean; ownerView: boolean }): JSX.Element {
  const m = props.session.membership;
  const { busy, run } = createActionRunner();
  const [confirming, setConfirming] = createSignal<Confirming>();
  // The question takes the focus (on "Niet doen", the safe answer) and gives it back to the button
  // that asked it, drawn anew when it was hidden meanwhile; it fell to the top of the page.
  let opener: Element | null = null;
  let card: HTMLLIElement | undefined;
  let cancelButton: HTMLButtonElement | undefined;
  const ask = (c: NonNullable<Confirming>) => {
    opener = document.activeElement;
    setConfirming(c);
    cancelButton?.focus();
  };
  const cancel = () => {
    setConfirming(undefined);
    const back = opener?.isConnected ? opener : card?.querySelector('[data-opens="remove-person"]');
    if (back instanceof HTMLElement) back.focus();
  };
  const name = () => personName(props.person.displayName);
  const manage = () => props.ownerView && !props.isMe;
  // An owner's role is not set, it is offered (and an owner is demoted by another owner).
  const roleChoices = (): readonly Role[] => INVITABLE_ROLES;
  let roleSelect: HTMLSelectElement | undefined;
  // An owner may lower her own role while another owner stays (the log keeps the plan owned):
  // the professional steps back from her own card. As the only owner she is told what comes first.
  const otherOwners = () => (props.isMe && props.person.role === 'owner' ? m.people().filter((p) => p.role === 'owner' && p.personId !== props.person.personId) : []);
  const mayStepBack = () => otherOwners().length > 0;
  let stepBackSelect: HTMLSelectElement | undefined;
  const confirmText = (c: NonNullable<Confirming>): string =>
    c.kind === 'person'
      ? t('members.removeConfirm', { name: name() })
      : c.kind === 'device'
        ? t('members.removeDeviceConfirm')
        : t('members.stepBack.confirm', { role: roleName(c.role) });
  const confirmYes = (c: NonNullable<Confirming>): string =>
    c.kind === 'person' ? t('members.removeYes') : c.kind === 'device' ? t('members.removeDeviceYes') : t('members.stepBack.yes');
  const confirmedChange = (c: NonNullable<Confirming>): Promise<void> =>
    c.kind === 'person'
      ? m.removePerson(props.person.personId)
      : c.kind === 'device'
        ? m.removeDevice(c.deviceId)
        : m.setRole(props.person.personId, c.role);
  return (
    <li ref={(el) => (card = el)} class="card member-card" data-person={props.person.personId} data-role={props.person.role}>
      <div class="member-head">
        <h3 class="member-name">
          {name()} <Show when={props.isMe}><span class="member-you">{t('members.you')}</span></Show>
        </h3>
        <p class="member-role">
          <strong>{roleName(props.person.role)}</strong> · <span>{profileName(props.person)}</span>
        </p>
      </div>
      <p class="help-text">{t(`members.role.${props.person.role}.help`)} {t('members.since', { date: formatDay(props.person.since) })}</p>
      <Show when={props.person.relation.trim()}>
        <p class="member-detail">{t('members.relation', { relation: props.person.relation })}</p>
      </Show>
      <Show when={props.person.phone.trim()}>
        <p class="member-detail">{t('members.phone', { phone: props.person.phone })}</p>
      </Show>
      <Show when={props.isMe && props.person.role === 'owner'}>
        <Show when={mayStepBack()} fallback={<p class="help-text member-step-back">{t('members.stepBack.onlyOwner')}</p>}>
          <div class="member-actions member-step-back-form">
            <p class="help-text member-step-back">
              {t('members.stepBack.canDo', { names: otherOwners().map((p) => personName(p.displayName)).join(', ') })}
            </p>
            <label class="field-label" for={`step-back-${props.person.personId}`}>{t('members.stepBack.label')}</label>
            <div class="member-role-row">
              <select id={`step-back-${props.person.personId}`} ref={(el) => (stepBackSelect = el)}>
                <For each={INVITABLE_ROLES}>{(r) => <option value={r}>{roleName(r)}</option>}</For>
              </select>
              <button
                type="button"
                disabled={busy()}
                onClick={() => {
                  const role = stepBackSelect?.value as Role | undefined;
                  if (role) ask({ kind: 'step-back', role });
                }}
              >
                <span>{t('members.stepBack.button')}</span>
              </button>
            </div>
          </div>
        </Show>
      </Show>
      <Show when={props.person.offeredOwnership}>
        <p class="member-offered" data-offered="true">{t('members.offered')}</p>
      </Show>
      <details class="member-devices">
        <summary>{t('members.devices')} ({props.person.devices.length})</summary>
        <ul>
          <For each={props.person.devices}>
            {(d) => (
              <li class="member-device" data-device={d.deviceId}>
                <Icon name="device" />
                <span>{d.thisDevice ? t('members.thisDevice') : t('members.otherDevice', { date: formatDay(d.since) })}</span>
                <Show when={d.verificationCode}>
                  {(code) => (
                    <span class="member-code">
                      {t('members.code')} <span class="verify-code" data-code={code()}>{code()}</span>
                    </span>
                  )}
                </Show>
                <Show when={props.ownerView && !d.thisDevice && props.person.devices.length > 1}>
                  <button type="button" class="quiet" disabled={busy()} onClick={() => ask({ kind: 'device', deviceId: d.deviceId })}>
                    <Icon name="trash" />
                    <span>{t('members.removeDevice')}</span>
                  </button>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </details>
      <Show when={manage() && !confirming()}>
        <div class="member-actions">
          <label class="field-label" for={`role-${props.person.personId}`}>{t('members.roleLabel', { name: name() })}</label>
          <div class="member-role-row">
            <select id={`role-${props.person.personId}`} ref={(el) => (roleSelect = el)}>
              <For each={roleChoices()}>
                {(r) => (
                  <option value={r} selected={r === props.person.role}>
                    {roleName(r)}
                  </option>
                )}
              </For>
            </select>
            <button
              type="button"
              disabled={busy()}
              onClick={() => {
                const role = roleSelect?.value as Role | undefined;
                if (role && role !== props.person.role) void run(() => m.setRole(props.person.personId, role)).catch(reportFailure('change role'));
              }}
            >
              <span>{t('members.roleSave')}</span>
            </button>
          </div>
          <div class="actions">
            <Show when={props.person.role !== 'owner'}>
              <Show
                when={props.person.offeredOwnership}
                fallback={
                  <button type="button" class="primary" disabled={busy()} onClick={() => void run(() => m.offerOwnership(props.person.personId)).catch(reportFailure('offer ownership'))}>
                    <Icon name="people" />
                    <span>{t('members.makeCoOwner')}</span>
                  </button>
                }
              >
                <button type="button" disabled={busy()} onClick={() => void run(() => m.withdrawOwnershipOffer(props.person.personId)).catch(reportFailure('withdraw ownership offer'))}>
                  <span>{t('members.withdrawOffer')}</span>
                </button>
              </Show>
            </Show>
            <button type="button" class="quiet" data-opens="remove-person" disabled={busy()} onClick={() => ask({ kind: 'person' })}>
              <Icon name="trash" />
              <span>{t('members.remove')}</span>
            </button>
          </div>
        </div>
      </Show>
      <Show when={confirming()}>
        {(c) => (
          <div class="member-confirm" role="alertdialog" aria-labelledby={`confirm-${props.person.personId}`}>
            <p id={`confirm-${props.person.personId}`}>{confirmText(c())}</p>
            <div class="actions">
              <button
                type="button"
                class="danger"
                disabled={busy()}
                onClick={() => {
                  const what = c();
                  void run(() => confirmedChange(what), () => setConfirming(undefined)).catch(reportFailure('change membership'));
                }}
              >
                <Show when={c().kind !== 'step-back'}>
                  <Icon name="trash" />
                </Show>
                <span>{confirmYes(c())}</span>
              </button>
              <button type="button" ref={(el) => (cancelButton = el)} onClick={cancel}>
                <span>{t('members.cancel')}</span>
              </button>
            </div>
          </div>
        )}
      </Show>
    </li>
  );
}
