import { createSignal, onMount, Show, type JSX } from 'solid-js';
import type { PlanLibrary } from '../../sync/session.ts';
import { displayName, setDisplayName } from '../display-name.ts';
import { Icon } from '../Icon.tsx';
import { t } from '../i18n/index.ts';
import { joinProblem } from '../join-errors.ts';
import { navigate } from '../router.ts';
import { adoptSession } from '../sessions.ts';
import { recoverProblem, recoverProblemKey, type RecoverProblem } from './recover-problem.ts';
import './recovery-messages.ts';
import { inBackground } from '../in-background.ts';
import { ReloadButton } from '../offline/ReloadButton.tsx';
import { SubmitButton } from '../SubmitButton.tsx';

/** The problems that are about the code as typed. */
const CODE_PROBLEMS: ReadonlySet<RecoverProblem> = new Set<RecoverProblem>(['empty', 'typo', 'length', 'character', 'noLongerValid']);

/**
 * "Herstelcode gebruiken": typed from the printed kit, or opened from its QR code
 * (`#/recover/<code>`). The code leaves the address bar and history at once.
 */
export function RecoverScreen(props: { library: PlanLibrary; code: string }): JSX.Element {
  const [problem, setProblem] = createSignal<RecoverProblem | undefined>();
  const [nameMissing, setNameMissing] = createSignal(false);
  const [busy, setBusy] = createSignal(false);
  onMount(() => history.replaceState(null, '', '#/recover'));

  let codeInput: HTMLInputElement | undefined;
  let nameInput: HTMLInputElement | undefined;
  /** Whether what is said is about the code as typed: the code field is then marked and gets the cursor. */
  const codeWrong = () => {
    const p = problem();
    return p !== undefined && CODE_PROBLEMS.has(p);
  };

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const code = String(form.get('code') ?? '');
    const name = setDisplayName(String(form.get('displayName') ?? ''));
    setNameMissing(!name);
    // Nothing typed is not a code with the wrong number of characters: it asks for the code.
    if (!code.trim()) {
      setProblem('empty');
      codeInput?.focus();
      return;
    }
    if (!name) {
      nameInput?.focus();
      return;
    }
    if (busy()) return;
    setBusy(true);
    setProblem(undefined);
    try {
      const session = await props.library.recover(code, name);
      adoptSession(session);
      navigate({ name: 'plan', planId: session.planId });
    } catch (err) {
      console.error((err as { code?: unknown }).code ?? 'unknown');
      setProblem(recoverProblem(err, joinProblem(err)));
    } finally {
      setBusy(false);
    }
    if (codeWrong()) codeInput?.focus();
  };

  return (
    <section class="screen join" aria-labelledby="recover-title">
      <h1 id="recover-title">{t('recover.title')}</h1>
      <p class="lead">{t('recover.intro')}</p>
      <p>{t('recover.visible')}</p>
      <Show when={problem()}>
        {(p) => (
          <p role="alert" class="join-problem error-text" id="recover-problem" data-problem={p()}>
            <Icon name="warning" />
            <span>{t(recoverProblemKey(p()))}</span>
          </p>
        )}
      </Show>
      <form class="card join-form" onSubmit={inBackground('recover', submit)}>
        <label class="field-label" for="recover-code">{t('recover.codeLabel')}</label>
        <input
          id="recover-code"
          ref={(el) => (codeInput = el)}
          name="code"
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          value={props.code}
          aria-describedby={codeWrong() ? 'recover-code-help recover-problem' : 'recover-code-help'}
          aria-invalid={codeWrong() ? 'true' : undefined}
        />
        <p class="help-text" id="recover-code-help">{t('recover.codeHelp')}</p>
        <label class="field-label" for="recover-name">{t('recover.nameLabel')}</label>
        <input
          id="recover-name"
          ref={(el) => (nameInput = el)}
          name="displayName"
          autocomplete="off"
          value={displayName()}
          aria-describedby={nameMissing() ? 'recover-name-missing' : undefined}
          aria-invalid={nameMissing() ? 'true' : undefined}
        />
        <Show when={nameMissing()}>
          <p role="alert" class="error-text" id="recover-name-missing">{t('recover.nameRequired')}</p>
        </Show>
        {/* Only a reload helps an app the relay finds too old: no second button that repeats the refusal. */}
        <Show when={problem() !== 'updateRequired'} fallback={<ReloadButton big />}>
          <SubmitButton big icon="lock" label={t('recover.submit')} busyLabel={t('recover.busy')} busy={busy()} />
        </Show>
      </form>
      <div class="actions">
        <button type="button" onClick={() => navigate({ name: 'home' })}>
          <Icon name="back" />
          <span>{t('recover.home')}</span>
        </button>
      </div>
    </section>
  );
}
