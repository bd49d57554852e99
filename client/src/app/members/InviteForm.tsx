import { createSignal, For, Match, Show, Switch, type JSX } from 'solid-js';
import { INVITABLE_ROLES, type MemberProfile, type Role } from '@safeplan/schema/protocol';
import type { PlanLibrary, PlanSession } from '../../sync/session.ts';
import { INVITE_LIFETIME_MS } from '../../sync/index.ts';
import { Icon } from '../Icon.tsx';
import { t } from '../i18n/index.ts';
import { QrCode } from '../QrCode.tsx';
import { copyLink } from '../copy-link.ts';
import { JoinedSince } from '../VerificationCode.tsx';
import { formatDay, memberErrorText, profileName, roleName } from './member-words.ts';
import { profileFrom } from './creator-profile.ts';
import { ProfileFields } from './ProfileFields.tsx';

type Made = { link: string; madeAt: number; role: Role; profile: MemberProfile };

/**
 * An owner invites one person for a role and a place in the method (household, network, or a
 * professional with a function). The invite becomes a QR code and a link; whoever joins with it
 * shows up with the code to compare aloud.
 */
export function InviteForm(props: { library: PlanLibrary; session: PlanSession; idPrefix?: string }): JSX.Element {
  // "Delen" and "Mensen" show this same form: one way to invite, with the same choices.
  const id = (part: string) => `${props.idPrefix ?? 'members-invite'}-${part}`;
  let linkInput: HTMLInputElement | undefined;
  const [made, setMade] = createSignal<Made>();
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string>();

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const role = String(form.get('role')) as Role;
    const profile = profileFrom(form, 'kind', 'function');
    setBusy(true);
    setError(undefined);
    try {
      const madeAt = Date.now();
      const link = await props.library.createInvite(props.session.planId, { role, profile });
      setMade({ link, madeAt, role, profile });
    } catch (err) {
      console.warn('invite refused', (err as { code?: unknown }).code ?? 'unknown');
      setError(memberErrorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card members-invite" aria-labelledby={id('title')}>
      <h3 id={id('title')}>{t('members.invite.title')}</h3>
      <Switch>
        <Match when={made()}>
          {(m) => (
            <div class="members-invite-made">
              <p>{t('members.invite.for', { role: roleName(m().role), kind: profileName(m().profile) })}</p>
              <JoinedSince session={props.session} since={m().madeAt} />
              <div class="invite">
                <div class="invite-qr">
                  <QrCode text={m().link} label={t('members.invite.qrLabel')} />
                </div>
                <div class="invite-words">
                  <p>{t('members.invite.scan')}</p>
                  <label class="field-label" for={id('link')}>{t('members.invite.linkLabel')}</label>
                  <div class="invite-link-row">
                    <input id={id('link')} ref={(el) => (linkInput = el)} readOnly value={m().link} onFocus={(e) => e.currentTarget.select()} />
                    <button type="button" class="primary" onClick={() => void copyLink(m().link, linkInput)}>
                      <Icon name="copy" />
                      <span>{t('share.copy')}</span>
                    </button>
                  </div>
                  <p class="help-text">{t('members.invite.once', { date: formatDay(m().madeAt + INVITE_LIFETIME_MS) })}</p>
                </div>
              </div>
              <div class="actions">
                <button type="button" onClick={() => setMade(undefined)}>
                  <Icon name="plus" />
                  <span>{t('members.invite.another')}</span>
                </button>
              </div>
            </div>
          )}
        </Match>
        <Match when={!made()}>
          <form onSubmit={(e) => void submit(e)}>
            <label class="field-label" for={id('role')}>{t('members.invite.roleLabel')}</label>
            <select id={id('role')} name="role">
              <For each={INVITABLE_ROLES}>
                {(r) => (
                  <option value={r} selected={r === 'editor'}>
                    {roleName(r)}: {t(`members.role.${r}.help`)}
                  </option>
                )}
              </For>
            </select>
            <ProfileFields
              idPrefix={props.idPrefix ?? 'members-invite'}
              kindName="kind"
              functionName="function"
              kindLabel={t('members.invite.kindLabel')}
              functionLabel={t('members.invite.functionLabel')}
            />
            <Show when={error()}>
              <p role="alert" class="error-text">{error()}</p>
            </Show>
            <div class="actions">
              <button type="submit" class="primary" disabled={busy()}>
                <Icon name="plus" />
                <span>{busy() ? t('members.invite.making') : t('members.invite.make')}</span>
              </button>
            </div>
          </form>
        </Match>
      </Switch>
    </section>
  );
}
