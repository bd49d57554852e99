import { createEffect, createSignal, For, Match, on, onCleanup, Show, Switch, type JSX } from 'solid-js';
import { INVITABLE_ROLES, type MemberProfile, type Role } from '@safeplan/schema/protocol';
import type { PlanLibrary, PlanSession } from '../../sync/session.ts';
import { INVITE_LIFETIME_MS } from '../../sync/index.ts';
import { Icon } from '../Icon.tsx';
import { t } from '../i18n/index.ts';
import { QrCode } from '../QrCode.tsx';
import { copyLink } from '../copy-link.ts';
import { JoinedSince, joinedSince } from '../VerificationCode.tsx';
import { formatDay, memberErrorText, profileName, roleName, roleWithArticle } from './member-words.ts';
import { profileFrom } from './creator-profile.ts';
import { ProfileFields } from './ProfileFields.tsx';
import { CreationCodeForm } from '../../lock/CreationCodeForm.tsx';
import { reportFailure } from '../in-background.ts';
import { ReloadButton } from '../offline/ReloadButton.tsx';
import { SubmitButton } from '../SubmitButton.tsx';
import { browserHasNetwork } from '../browser-online.ts';

/** The invite on screen; `inviteId` is its key in the membership log (to see when it is used). */
type Made = { link: string; madeAt: number; role: Role; profile: MemberProfile; inviteId: string };

/**
 * An owner invites one person for a role and a place in the method (household, network, or a
 * professional with a function). The invite becomes a QR code and a link; whoever joins with it
 * shows up with the code to compare aloud.
 */
export function InviteForm(props: { library: PlanLibrary; session: PlanSession; idPrefix?: string }): JSX.Element {
  // "Delen" and "Mensen" show this same form: one way to invite, with the same choices.
  const id = (part: string) => `${props.idPrefix ?? 'members-invite'}-${part}`;
  let linkInput: HTMLInputElement | undefined;
  // After "Link en QR-code maken" the button is gone: the focus goes to the sentence that says who
  // the new invite is for (read out by a screen reader), and back to the form after "another".
  let madeLead: HTMLParagraphElement | undefined;
  let roleSelect: HTMLSelectElement | undefined;
  let endedLine: HTMLParagraphElement | undefined;
  const [made, setMade] = createSignal<Made>();
  const [chosenRole, setChosenRole] = createSignal<Role>('editor');
  const [busy, setBusy] = createSignal(false);
  const { membership } = props.session;
  const openInviteIds = () => new Set(membership.pendingInvites().map((i) => i.inviteId));
  const [logChanges, setLogChanges] = createSignal(0);
  onCleanup(membership.onChange(() => setLogChanges((n) => n + 1)));
  /** A one-time invite that was used (or withdrawn, or ran out) no longer shows its QR code and link. */
  const ended = () => {
    logChanges();
    const id = made()?.inviteId;
    return id !== undefined && !openInviteIds().has(id);
  };
  const usedBySomeone = () => {
    logChanges();
    const m = made();
    return m !== undefined && joinedSince(props.session, m.madeAt).length > 0;
  };
  // The link and its copy button go away: focus that was there moves to the line that says why.
  createEffect(
    on(ended, (isEnded) => {
      const active = document.activeElement;
      if (isEnded && (!active || active === document.body)) endedLine?.focus();
    }),
  );
  /** The last refusal, kept until an invite is made: its code decides what the form offers. */
  const [refused, setRefused] = createSignal<{ err: unknown }>();
  const refusal = () => (refused()?.err as { code?: unknown } | undefined)?.code;
  // Worded when shown, not when refused: the words follow a language switched afterwards. Not
  // shown while trying again.
  const error = () => {
    const r = refused();
    return !busy() && r ? memberErrorText(r.err) : undefined;
  };
  /** The relay creates plans only with the organisation's code: the field is offered right here. */
  const needsCode = () => refusal() === 'token-required';
  /** The relay needs a newer app: only a reload helps, so the error offers it. */
  const outdated = () => refusal() === 'update-required';
  let asked: { role: Role; profile: MemberProfile } | undefined;

  const make = async (request: { role: Role; profile: MemberProfile }) => {
    asked = request;
    setBusy(true);
    try {
      const madeAt = Date.now();
      const link = await props.library.createInvite(props.session.planId, request);
      // Read from the link itself: another owner's invite made at the same moment is never taken for it.
      const inviteId = await props.library.inviteIdOf(link);
      setRefused(undefined);
      setMade({ link, madeAt, ...request, inviteId });
      madeLead?.focus();
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      console.warn('invite refused', code ?? 'unknown');
      setRefused({ err });
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    // Without a network no invite can be made: said at once, not after the relay's wait runs out
    // with the button on "Even geduld…" (it took 15 seconds).
    if (!browserHasNetwork()) {
      setRefused({ err: { code: 'offline' } });
      return;
    }
    const form = new FormData(e.currentTarget as HTMLFormElement);
    void make({ role: String(form.get('role')) as Role, profile: profileFrom(form, 'kind', 'function') }).catch(reportFailure('invite'));
  };

  // With the code saved, the invite the person asked for is made without asking again.
  const codeSaved = () => {
    if (asked) void make(asked).catch(reportFailure('invite'));
  };

  return (
    <section class="card members-invite" aria-labelledby={id('title')}>
      <h3 id={id('title')}>{t('members.invite.title')}</h3>
      <Switch>
        <Match when={made()}>
          {(m) => (
            <div class="members-invite-made">
              <p tabindex="-1" ref={(el) => (madeLead = el)}>{t('members.invite.for', { role: roleWithArticle(m().role), kind: profileName(m().profile) })}</p>
              <JoinedSince session={props.session} since={m().madeAt} />
              <Show when={ended()}>
                <p class="members-invite-used" role="status" tabindex="-1" ref={(el) => (endedLine = el)}>
                  {usedBySomeone() ? t('members.invite.used') : t('members.invite.ended')}
                </p>
              </Show>
              <Show when={!ended()}>
                <div class="invite">
                  <div class="invite-qr">
                    <QrCode text={m().link} label={t('members.invite.qrLabel')} />
                  </div>
                  <div class="invite-words">
                    <p>{t('members.invite.scan')}</p>
                    <label class="field-label" for={id('link')}>{t('members.invite.linkLabel')}</label>
                    <div class="invite-link-row">
                      <input id={id('link')} ref={(el) => (linkInput = el)} readOnly value={m().link} onFocus={(e) => e.currentTarget.select()} />
                      <button type="button" class="primary" onClick={() => void copyLink(m().link, linkInput).catch(reportFailure('copy link'))}>
                        <Icon name="copy" />
                        <span>{t('share.copy')}</span>
                      </button>
                    </div>
                    <p class="help-text">{t('members.invite.once', { date: formatDay(m().madeAt + INVITE_LIFETIME_MS) })}</p>
                  </div>
                </div>
              </Show>
              <div class="actions">
                <button
                  type="button"
                  classList={{ primary: ended() }}
                  onClick={() => {
                    setMade(undefined);
                    roleSelect?.focus();
                  }}
                >
                  <Icon name="plus" />
                  <span>{t('members.invite.another')}</span>
                </button>
              </div>
            </div>
          )}
        </Match>
        <Match when={!made()}>
          <form onSubmit={submit}>
            <label class="field-label" for={id('role')}>{t('members.invite.roleLabel')}</label>
            {/* The list holds the short names; what the chosen role may do is said in full under it
                (in the closed list on a phone a long line was cut off mid-sentence). */}
            <select
              id={id('role')}
              name="role"
              ref={(el) => (roleSelect = el)}
              aria-describedby={id('role-help')}
              onChange={(e) => setChosenRole(e.currentTarget.value as Role)}
            >
              <For each={INVITABLE_ROLES}>
                {(r) => (
                  <option value={r} selected={r === chosenRole()}>
                    {roleName(r)}
                  </option>
                )}
              </For>
            </select>
            <p class="help-text" id={id('role-help')}>
              {t(`members.role.${chosenRole()}.help`)}
            </p>
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
            {/* Only a reload helps an app the relay finds too old: no second button that repeats the refusal. */}
            <Show
              when={!outdated()}
              fallback={<ReloadButton />}
            >
              <SubmitButton icon="plus" label={t('members.invite.make')} busyLabel={t('members.invite.making')} busy={busy()} />
            </Show>
          </form>
          <Show when={needsCode()}>
            <CreationCodeForm idPrefix={id('code')} inPlace onSaved={codeSaved} />
          </Show>
        </Match>
      </Switch>
    </section>
  );
}
