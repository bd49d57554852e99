import { createEffect, createResource, createSignal, Match, on, onCleanup, Show, Switch, type JSX } from 'solid-js';
import type { PlanLibrary } from '../sync/session.ts';
import { parseInviteLink } from '../sync/invite-link.ts';
import { displayName, setDisplayName } from './display-name.ts';
import { Icon } from './Icon.tsx';
import { t } from './i18n/index.ts';
import { joinProblem, type JoinProblem } from './join-errors.ts';
import { navigate } from './router.ts';
import { adoptSession, setJustJoined } from './sessions.ts';
import { inBackground } from './in-background.ts';
import { ReloadButton } from './offline/ReloadButton.tsx';
import { SubmitButton } from './SubmitButton.tsx';

const problemKey: Record<JoinProblem, string> = {
  broken: 'join.broken',
  'no-longer-valid': 'join.noLongerValid',
  offline: 'join.offline',
  unreachable: 'join.unreachable',
  'already-here': 'join.alreadyHere',
  // The same words as the plan's status line, with the same "Herladen".
  'update-required': 'sync.problem.update-required',
  'log-full': 'join.logFull',
  failed: 'join.failed',
};

/** The plan id of a well-formed invite, or null for a link that was cut short or mangled. */
function planIdOf(invite: string): string | null {
  try {
    return parseInviteLink(invite).planId;
  } catch {
    return null;
  }
}

function useOnline(): () => boolean {
  const [online, setOnline] = createSignal(navigator.onLine);
  const update = () => setOnline(navigator.onLine);
  window.addEventListener('online', update);
  window.addEventListener('offline', update);
  onCleanup(() => {
    window.removeEventListener('online', update);
    window.removeEventListener('offline', update);
  });
  return online;
}

/**
 * Opened from an invite link or QR code. The secret stays in the URL fragment until the join
 * is done; then the route is replaced, so it lingers neither in the address bar nor in history.
 */
export function JoinScreen(props: { library: PlanLibrary; invite: string }): JSX.Element {
  const planId = planIdOf(props.invite);
  const online = useOnline();
  const [known] = createResource(async () => (planId ? (await props.library.list()).some((p) => p.planId === planId) : false));
  const [problem, setProblem] = createSignal<JoinProblem | undefined>(planId ? undefined : 'broken');
  const [nameMissing, setNameMissing] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  let nameInput: HTMLInputElement | undefined;

  // "You need internet" is answered by getting internet: the message goes once the device is back.
  createEffect(on(online, (isOnline) => isOnline && problem() === 'offline' && setProblem(undefined), { defer: true }));

  const shown = (): JoinProblem | undefined => problem() ?? (known() ? 'already-here' : !online() ? 'offline' : undefined);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const raw = String(new FormData(e.currentTarget as HTMLFormElement).get('displayName') ?? '');
    const name = setDisplayName(raw);
    setNameMissing(!name);
    // The cursor goes where the name is asked for: what the person types next is not lost.
    if (!name) nameInput?.focus();
    if (!name || busy()) return;
    if (!navigator.onLine) {
      setProblem('offline');
      return;
    }
    setBusy(true);
    setProblem(undefined);
    try {
      const session = await props.library.join(`${location.origin}/${props.invite}`, name);
      // Plan titles are kept per device and never travel: a joined plan has none, and the plan
      // and home screens show "Gedeeld veiligheidsplan" instead. No rename here: `rename` on an
      // open session writes meta and can undo the session's own clock (see docs/notes/app.md).
      adoptSession(session);
      setJustJoined(session.planId);
      navigate({ name: 'plan', planId: session.planId });
    } catch (err) {
      console.error(err);
      setProblem(joinProblem(err));
    } finally {
      setBusy(false);
    }
  };

  const goHome = () => navigate({ name: 'home' });
  const canJoin = () => planId !== null && !known() && problem() !== 'no-longer-valid' && problem() !== 'update-required';

  return (
    <section class="screen join" aria-labelledby="join-title">
      <h1 id="join-title">{t('join.title')}</h1>
      <p class="lead">{t('join.intro')}</p>
      <p>{t('join.private')}</p>
      <Show when={shown()}>
        {(p) => (
          <p role="alert" class={`join-problem ${p() === 'already-here' ? 'join-info' : 'error-text'}`} data-problem={p()}>
            <Icon name={p() === 'offline' || p() === 'unreachable' ? 'cloudOff' : p() === 'already-here' ? 'check' : 'warning'} />
            <span>{t(problemKey[p()])}</span>
          </p>
        )}
      </Show>
      <Switch>
        <Match when={canJoin()}>
          <form
            class="card join-form"
            onSubmit={inBackground('join', submit)}
            // Once a name is typed, "Vul je naam in." goes.
            onInput={() => nameMissing() && setNameMissing(false)}
          >
            <label class="field-label" for="join-name">{t('join.nameLabel')}</label>
            <input
              id="join-name"
              ref={(el) => (nameInput = el)}
              name="displayName"
              autocomplete="off"
              value={displayName()}
              aria-describedby={nameMissing() ? 'join-name-help join-name-missing' : 'join-name-help'}
              aria-invalid={nameMissing() ? 'true' : undefined}
            />
            <p class="help-text" id="join-name-help">{t('join.nameHelp')}</p>
            <Show when={nameMissing()}>
              <p role="alert" class="error-text" id="join-name-missing">{t('join.nameRequired')}</p>
            </Show>
            <SubmitButton big icon="people" label={t('join.submit')} busyLabel={t('join.busy')} busy={busy()} />
          </form>
        </Match>
        <Match when={problem() === 'update-required'}>
          {/* The invite stays in the address, so after the reload the person can join right away. */}
          <ReloadButton big />
        </Match>
        <Match when={known() && planId}>
          {(id) => (
            <div class="actions">
              <button type="button" class="primary big" onClick={() => navigate({ name: 'plan', planId: id() })}>
                <span>{t('join.openPlan')}</span>
              </button>
            </div>
          )}
        </Match>
      </Switch>
      <div class="actions">
        <button type="button" onClick={goHome}>
          <Icon name="back" />
          <span>{t('join.home')}</span>
        </button>
      </div>
    </section>
  );
}
