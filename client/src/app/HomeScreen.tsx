import { createResource, createSignal, For, Match, Show, Switch, type JSX } from 'solid-js';
import { lazyPart } from './lazy-part.tsx';
import type { PlanLibrary, PlanSummary } from '../sync/session.ts';
import { MAX_TITLE_INPUT_CHARS } from '../sync/plan-title.ts';
import { cleanDisplayName, displayName, setDisplayName } from './display-name.ts';
import { Icon } from './Icon.tsx';
import { lang, t } from './i18n/index.ts';
import { navigate } from './router.ts';
import { adoptSession } from './sessions.ts';
import { StorageErrorScreen } from './StorageErrorScreen.tsx';
import { ExitSiteSetting } from './ExitSiteSetting.tsx';
import { DeviceCard } from '../lock/DeviceCard.tsx';
import { PlanBackupCard } from '../lock/PlanBackupCard.tsx';
import { RemoveFromDevice } from './RemoveFromDevice.tsx';
import { RecoverLink } from './recovery/RecoverLink.tsx';
import { creatorKindChosen, creatorProfileFrom } from './members/creator-profile.ts';
import { PlanCardDue } from './network/PlanCardDue.tsx';
import { inBackground } from './in-background.ts';

// The profile fields (and the members' words they bring) load when "Nieuw plan" is pressed, so the
// plan list's first view stays within its budget (`pnpm bench bundle`); the service worker
// precaches the chunk for offline use.
const CreatorProfileFields = lazyPart(() => import('./members/CreatorProfileFields.tsx').then((m) => ({ default: m.CreatorProfileFields })));

function formatDate(ms: number): string {
  return new Date(ms).toLocaleDateString(lang() === 'en' ? 'en-GB' : 'nl-NL', { day: 'numeric', month: 'long', year: 'numeric' });
}

export function HomeScreen(props: { library: PlanLibrary }): JSX.Element {
  const [plans, { refetch }] = createResource(() => props.library.list());
  const sorted = () => [...(plans() ?? [])].sort((a, b) => b.updatedAt - a.updatedAt);
  return (
    <Switch>
      <Match when={plans.error as unknown}>
        <StorageErrorScreen error={plans.error} onRetry={inBackground('list plans', async () => refetch())} />
      </Match>
      <Match when={true}>
        <section class="screen home" aria-labelledby="home-title">
          <h1 id="home-title">{t('home.title')}</h1>
          <Show when={plans.state === 'ready'} fallback={<p>{t('app.loading')}</p>}>
            <Show when={sorted().length > 0} fallback={<p class="lead">{t('home.empty')}</p>}>
              <ul class="plan-list">
                <For each={sorted()}>{(plan) => <PlanCard plan={plan} library={props.library} onRemoved={inBackground('list plans', async () => refetch())} />}</For>
              </ul>
            </Show>
          </Show>
          <NewPlanForm library={props.library} />
          <RecoverLink />
          <ExitSiteSetting />
          <DeviceCard />
          <PlanBackupCard library={props.library} />
        </section>
      </Match>
    </Switch>
  );
}

function PlanCard(props: { plan: PlanSummary; library: PlanLibrary; onRemoved: () => void }): JSX.Element {
  return (
    <li class="plan-list-item" data-revoked={String(props.plan.revoked)}>
      <a
        class="plan-card"
        href={`#/plan/${props.plan.planId}`}
        onClick={(e) => {
          e.preventDefault();
          navigate({ name: 'plan', planId: props.plan.planId });
        }}
      >
        <span class="plan-card-title">{props.plan.title || t('plan.untitled')}</span>
        <span class="plan-card-meta">
          {t('home.updated', { date: formatDate(props.plan.updatedAt) })} ·{' '}
          {props.plan.revoked ? t('device.revoked.card') : props.plan.shared ? t('home.shared') : t('home.onlyHere')}
        </span>
        <PlanCardDue planId={props.plan.planId} />
      </a>
      <RemoveFromDevice library={props.library} planId={props.plan.planId} onlyHere={!props.plan.shared} onRemoved={props.onRemoved} class="plan-card-remove" />
    </li>
  );
}

/** What the new-plan form can find missing, and the fields each message is about (the first gets the cursor). */
const MISSING_FIELDS = {
  'home.bothNamesRequired': ['new-plan-name', 'new-plan-you'],
  'home.titleRequired': ['new-plan-name'],
  'home.yourNameRequired': ['new-plan-you'],
  'home.kindRequired': ['new-plan-kind'],
} as const satisfies Record<string, readonly string[]>;
type MissingKey = keyof typeof MISSING_FIELDS;

function NewPlanForm(props: { library: PlanLibrary }): JSX.Element {
  const [open, setOpen] = createSignal(false);
  /** The message key of what went wrong: worded when shown, so it follows a language switch. */
  const [error, setError] = createSignal<string>();
  const [busy, setBusy] = createSignal(false);
  /** Whether the message shown says this field is missing (it is then marked aria-invalid). */
  const missingNow = (id: string): boolean => {
    const fields: readonly string[] | undefined = MISSING_FIELDS[error() as MissingKey];
    return fields?.includes(id) ?? false;
  };

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const title = String(form.get('title') ?? '').trim();
    const you = cleanDisplayName(String(form.get('displayName') ?? ''));
    // Say what is missing (the names first), mark it, and put the cursor where it goes. The
    // creator's place is signed into the plan's first event: chosen by the person, never for them.
    const missing: MissingKey | undefined = !title && !you ? 'home.bothNamesRequired' : !title ? 'home.titleRequired' : !you ? 'home.yourNameRequired' : !creatorKindChosen(form) ? 'home.kindRequired' : undefined;
    if (missing) {
      setError(missing);
      document.getElementById(MISSING_FIELDS[missing][0]!)?.focus();
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      // The same name is shown on this device's caret in every plan (see display-name.ts).
      const session = await props.library.create({ title, displayName: setDisplayName(you), profile: creatorProfileFrom(form) });
      // The empty plan and its empty scores and log are written once, at creation, by the device
      // that creates it, its owner (see review/plan-seed.ts).
      const { seedPlanDocs } = await import('../review/plan-seed.ts');
      seedPlanDocs({ plan: session.doc, contributions: session.contributions });
      adoptSession(session);
      navigate({ name: 'plan', planId: session.planId });
    } catch (err) {
      console.error(err);
      setError('home.createFailed');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Show
      when={open()}
      fallback={
        <button
          type="button"
          class="primary big"
          onClick={() => setOpen(true)}
        >
          <Icon name="plus" />
          <span>{t('home.new')}</span>
        </button>
      }
    >
      <form
        class="card new-plan"
        onSubmit={inBackground('create plan', submit)}
        // Once the person fills in or chooses what the message asked for, the message goes: it must
        // not still say "Kies wie jij bent" next to the choice just made.
        onInput={(e) => {
          if (missingNow((e.target as HTMLElement).id)) setError(undefined);
        }}
        aria-labelledby="new-plan-title"
      >
        <h2 id="new-plan-title">{t('home.new')}</h2>
        <label class="field-label" for="new-plan-name">{t('home.planName')}</label>
        <input
          id="new-plan-name"
          name="title"
          autocomplete="off"
          maxLength={MAX_TITLE_INPUT_CHARS}
          aria-describedby="new-plan-name-help"
          aria-invalid={missingNow('new-plan-name') ? 'true' : undefined}
          autofocus
        />
        <p class="help-text" id="new-plan-name-help">{t('home.planNameHelp')}</p>
        <label class="field-label" for="new-plan-you">{t('home.yourName')}</label>
        <input
          id="new-plan-you"
          name="displayName"
          autocomplete="off"
          value={displayName()}
          aria-describedby="new-plan-you-help"
          aria-invalid={missingNow('new-plan-you') ? 'true' : undefined}
        />
        <p class="help-text" id="new-plan-you-help">{t('home.yourNameHelp')}</p>
        <CreatorProfileFields invalid={missingNow('new-plan-kind')} />
        <Show when={error()}>
          <p role="alert" class="error-text">{t(error()!)}</p>
        </Show>
        <div class="actions">
          <button type="submit" class="primary" disabled={busy()}>
            <Icon name="check" />
            <span>{t('home.create')}</span>
          </button>
          <button type="button" onClick={() => setOpen(false)}>
            <span>{t('home.cancel')}</span>
          </button>
        </div>
      </form>
    </Show>
  );
}
