import { createSignal, Match, Show, Switch, type JSX } from 'solid-js';
import type { PlanLibrary, PlanSession } from '../sync/session.ts';
import { INVITE_LIFETIME_MS } from '../sync/index.ts';
import { displayName, setDisplayName } from './display-name.ts';
import { Icon } from './Icon.tsx';
import { lang, t } from './i18n/index.ts';
import { shareProblem, type ShareProblem } from './join-errors.ts';
import { notify } from './notices.ts';
import { QrCode } from './QrCode.tsx';
import { JoinedSince } from './VerificationCode.tsx';

type Step =
  | { kind: 'ready' }
  | { kind: 'making' }
  | { kind: 'made'; link: string; madeAt: number; expiresAt: number }
  | { kind: 'failed'; problem: ShareProblem };

const problemKey: Record<ShareProblem, string> = {
  offline: 'share.offline',
  'not-allowed': 'share.notAllowed',
  failed: 'share.failed',
};

/**
 * "Delen": asks for your name the first time, then makes a one-time invite on request and shows
 * it as a QR code (for the tablet across the table at a network meeting) and as a link to copy.
 * An invite is only made when asked for, so opening the panel by mistake leaves nothing behind.
 */
export function SharePanel(props: { library: PlanLibrary; session: PlanSession; onClose: () => void }): JSX.Element {
  const [step, setStep] = createSignal<Step>({ kind: 'ready' });
  const [editingName, setEditingName] = createSignal(!displayName());

  const makeInvite = async () => {
    setStep({ kind: 'making' });
    try {
      const madeAt = Date.now();
      const link = await props.library.createInvite(props.session.planId);
      setStep({ kind: 'made', link, madeAt, expiresAt: madeAt + INVITE_LIFETIME_MS });
    } catch (err) {
      console.error(err);
      setStep({ kind: 'failed', problem: shareProblem(err) });
    }
  };

  return (
    <section class="card share-panel" aria-labelledby="share-title">
      <div class="share-head">
        <h2 id="share-title">{t('share.title')}</h2>
        <button type="button" class="quiet" onClick={() => props.onClose()}>
          <span>{t('share.close')}</span>
        </button>
      </div>
      <Show when={!editingName()} fallback={<NameForm onDone={() => setEditingName(false)} />}>
        <p class="share-you">
          <span>{t('share.youAre', { name: displayName() })}</span>
          <button type="button" class="quiet" onClick={() => setEditingName(true)}>
            <span>{t('share.changeName')}</span>
          </button>
        </p>
        <p>{t('share.who')}</p>
        <Switch>
          <Match when={step().kind === 'ready' || step().kind === 'making' || step().kind === 'failed'}>
            <Show when={(() => { const s = step(); return s.kind === 'failed' ? s.problem : undefined; })()}>
              {(problem) => <p role="alert" class="error-text">{t(problemKey[problem()])}</p>}
            </Show>
            <div class="actions">
              <button type="button" class="primary" disabled={step().kind === 'making'} onClick={() => void makeInvite()}>
                <Icon name="plus" />
                <span>{step().kind === 'making' ? t('share.making') : t('share.make')}</span>
              </button>
            </div>
          </Match>
          <Match when={(() => { const s = step(); return s.kind === 'made' ? s : undefined; })()}>
            {(made) => (
              <>
                <JoinedSince session={props.session} since={made().madeAt} />
                <InviteView link={made().link} expiresAt={made().expiresAt} onAnother={() => setStep({ kind: 'ready' })} />
              </>
            )}
          </Match>
        </Switch>
      </Show>
    </section>
  );
}

function NameForm(props: { onDone: () => void }): JSX.Element {
  const [error, setError] = createSignal(false);
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const raw = String(new FormData(e.currentTarget as HTMLFormElement).get('displayName') ?? '');
    if (!setDisplayName(raw)) {
      setError(true);
      return;
    }
    props.onDone();
  };
  return (
    <form class="share-name" onSubmit={submit} aria-labelledby="share-name-title">
      <h3 id="share-name-title">{t('share.nameTitle')}</h3>
      <label class="field-label" for="share-name-input">{t('share.nameLabel')}</label>
      <input id="share-name-input" name="displayName" autocomplete="off" value={displayName()} aria-describedby="share-name-help" />
      <p class="help-text" id="share-name-help">{t('share.nameHelp')}</p>
      <Show when={error()}>
        <p role="alert" class="error-text">{t('share.nameRequired')}</p>
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

function InviteView(props: { link: string; expiresAt: number; onAnother: () => void }): JSX.Element {
  let input: HTMLInputElement | undefined;
  const date = () =>
    new Date(props.expiresAt).toLocaleDateString(lang() === 'en' ? 'en-GB' : 'nl-NL', { weekday: 'long', day: 'numeric', month: 'long' });
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.link);
      notify(t('share.copied'));
    } catch {
      // No clipboard API (plain http on a local network): selecting lets the person copy by hand.
      input?.select();
      const copied = (() => {
        try {
          return document.execCommand('copy');
        } catch {
          return false;
        }
      })();
      notify(copied ? t('share.copied') : t('share.copyFailed'), { tone: copied ? 'info' : 'error' });
    }
  };
  return (
    <div class="invite">
      <div class="invite-qr">
        <QrCode text={props.link} label={t('share.qrLabel')} />
        <p>{t('share.scan')}</p>
      </div>
      <div class="invite-words">
        <label class="field-label" for="invite-link">{t('share.linkLabel')}</label>
        <div class="invite-link-row">
          <input id="invite-link" ref={(el) => (input = el)} readOnly value={props.link} onFocus={(e) => e.currentTarget.select()} />
          <button type="button" class="primary" onClick={() => void copy()}>
            <Icon name="copy" />
            <span>{t('share.copy')}</span>
          </button>
        </div>
        <ul class="invite-rules">
          <li>
            <strong>{t('share.once')}</strong> {t('share.expires', { date: date() })}
          </li>
          <li>{t('share.secret')}</li>
        </ul>
        <button type="button" onClick={() => props.onAnother()}>
          <Icon name="plus" />
          <span>{t('share.another')}</span>
        </button>
      </div>
    </div>
  );
}
