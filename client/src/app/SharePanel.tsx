import { createSignal, Match, Show, Switch, type JSX } from 'solid-js';
import type { PlanLibrary, PlanSession } from '../sync/session.ts';
import { displayName, setDisplayName } from './display-name.ts';
import { Icon } from './Icon.tsx';
import { t } from './i18n/index.ts';
import { AskOwner } from './members/AskOwner.tsx';
import { InviteForm } from './members/InviteForm.tsx';
import { useMembership } from './members/use-membership.ts';
import { reportFailure } from './in-background.ts';

/**
 * "Delen": asks for your name the first time, then shows the one way to invite (the same form as
 * in "Mensen": a role, who it is, a QR code and a link to copy). Someone who may not invite is told
 * who can, instead of a button that fails. An invite is only made when asked for, so opening the
 * panel by mistake leaves nothing behind.
 */
export function SharePanel(props: { library: PlanLibrary; session: PlanSession; onClose: () => void }): JSX.Element {
  const [editingName, setEditingName] = createSignal(!displayName());
  const members = useMembership(props.session);
  // "Naam wijzigen" and the name form replace each other: the focus goes along.
  let changeNameButton: HTMLButtonElement | undefined;

  return (
    <section class="card share-panel" aria-labelledby="share-title">
      <div class="share-head">
        <h2 id="share-title">{t('share.title')}</h2>
        <button type="button" class="quiet" onClick={() => props.onClose()}>
          <span>{t('share.close')}</span>
        </button>
      </div>
      <Show
        when={!editingName()}
        fallback={
          <NameForm
            onDone={(name) => {
              // "Anderen zien jou als" is true in "Mensen" too: the name goes into the plan's people,
              // not only onto this device (a reader writes nothing, not even their own name).
              if (!members.revoked() && members.me().role !== 'reader') {
                void props.session.membership.setMyDetails({ displayName: name }).catch(reportFailure('save my name'));
              }
              setEditingName(false);
              changeNameButton?.focus();
            }}
          />
        }
      >
        <p class="share-you">
          <span>{t('share.youAre', { name: displayName() })}</span>
          <button
            type="button"
            class="quiet"
            ref={(el) => (changeNameButton = el)}
            onClick={() => {
              setEditingName(true);
              document.getElementById('share-name-input')?.focus();
            }}
          >
            <span>{t('share.changeName')}</span>
          </button>
        </p>
        <p>{t('share.who')}</p>
        <Switch fallback={<AskOwner people={members.people()} />}>
          <Match when={members.revoked()}>
            <p data-invite="revoked">{t('device.revoked.title')}</p>
          </Match>
          <Match when={members.isOwner()}>
            <InviteForm library={props.library} session={props.session} idPrefix="share-invite" />
          </Match>
        </Switch>
      </Show>
    </section>
  );
}

function NameForm(props: { onDone: (name: string) => void }): JSX.Element {
  const [error, setError] = createSignal(false);
  let input: HTMLInputElement | undefined;
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const raw = String(new FormData(e.currentTarget as HTMLFormElement).get('displayName') ?? '');
    const name = setDisplayName(raw);
    if (!name) {
      setError(true);
      input?.focus();
      return;
    }
    props.onDone(name);
  };
  return (
    <form class="share-name" onSubmit={submit} aria-labelledby="share-name-title">
      <h3 id="share-name-title">{t('share.nameTitle')}</h3>
      <label class="field-label" for="share-name-input">{t('share.nameLabel')}</label>
      <input
        id="share-name-input"
        ref={(el) => (input = el)}
        name="displayName"
        autocomplete="off"
        value={displayName()}
        aria-describedby={error() ? 'share-name-help share-name-missing' : 'share-name-help'}
        aria-invalid={error() ? 'true' : undefined}
        onInput={() => error() && setError(false)}
      />
      <p class="help-text" id="share-name-help">{t('share.nameHelp')}</p>
      <Show when={error()}>
        <p role="alert" class="error-text" id="share-name-missing">
          {t('share.nameRequired')}
        </p>
      </Show>
      <div class="actions">
        <button type="submit" class="primary">
          <Icon name="check" />
          <span>{t('share.nameSave')}</span>
        </button>
      </div>
    </form>
  );
}
