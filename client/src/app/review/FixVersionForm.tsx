import { createSignal, Show, type JSX } from 'solid-js';
import { isReviewError } from '@safeplan/schema/review';
import { SyncError } from '../../sync/sync-error.ts';
import { t } from '../i18n/index.ts';
import { notify } from '../notices.ts';
import { todayIso } from './format-time.ts';
import type { ReviewSigning } from './review-signing.ts';
import { TermHelp } from '../glossary/TermHelp.tsx';
import { VERSION_TERMS } from '../glossary/glossary-terms.ts';
import './register-messages.ts';
import { inBackground } from '../in-background.ts';

/** What was typed in the form, kept by whoever shows it: the form itself goes with its tab. */
export interface FixVersionDraft {
  title: string;
  date: string;
}

/** "Versie vaststellen" (owners): title + meeting date; the engine signs and seals it. */
export function FixVersionForm(props: {
  signing: ReviewSigning;
  onFixed: (versionNo: number) => void;
  initialTitle?: string;
  initialDate?: string;
  /** Kept across a switch to "Wijzigingen" and back, so a typed name is not lost. */
  draft?: FixVersionDraft;
}): JSX.Element {
  // Right after a network meeting, the form starts with that meeting's name and date.
  const [title, setTitleSignal] = createSignal(props.draft?.title || props.initialTitle || '');
  const [date, setDateSignal] = createSignal(props.draft?.date || props.initialDate || todayIso());
  const setTitle = (v: string) => {
    setTitleSignal(v);
    if (props.draft) props.draft.title = v;
  };
  const setDate = (v: string) => {
    setDateSignal(v);
    if (props.draft) props.draft.date = v;
  };
  /** The message key of the problem ('' none): worded when shown, so it follows a language switch. */
  const [problem, setProblem] = createSignal('');
  /** The field the problem is about: marked aria-invalid and described by the message. */
  const fieldOf = (key: string) => (key === 'reviewApp.fix.needTitle' ? 'rv-fix-name' : key === 'reviewApp.fix.needDate' ? 'rv-fix-date' : undefined);
  const wrong = (id: string) => fieldOf(problem()) === id;
  const refuse = (key: string) => {
    setProblem(key);
    const id = fieldOf(key);
    if (id) document.getElementById(id)?.focus();
  };
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    // Say what is missing and put the cursor where it goes.
    if (!title().trim()) return refuse('reviewApp.fix.needTitle');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date())) return refuse('reviewApp.fix.needDate');
    try {
      const version = await props.signing.fixVersion({ title: title().trim(), date: date() });
      setProblem('');
      setTitle('');
      notify(t('reviewApp.fix.done', { versionNo: version.versionNo }));
      props.onFixed(version.versionNo);
    } catch (err) {
      // What was typed stays in the form; the engine appended nothing.
      const code = isReviewError(err) || err instanceof SyncError ? err.code : 'error';
      console.warn('fix version refused', code); // the code only: never the title or the plan
      setProblem(code === 'malformed' ? 'reviewApp.fix.needDate' : code === 'not-allowed' ? 'reviewApp.fix.ownersOnly' : 'reviewApp.fix.failed');
    }
  };
  return (
    <form class="card rv-fix" onSubmit={inBackground('fix version', submit)} aria-labelledby="rv-fix-title">
      <h3 id="rv-fix-title">{t('reviewApp.fix.title')}</h3>
      <p class="help-text">{t('reviewApp.fix.help')}</p>
      <TermHelp terms={VERSION_TERMS} />
      <label class="field-label" for="rv-fix-name">
        {t('reviewApp.fix.name')}
      </label>
      <input
        id="rv-fix-name"
        maxLength={120}
        value={title()}
        aria-invalid={wrong('rv-fix-name') ? 'true' : undefined}
        aria-describedby={wrong('rv-fix-name') ? 'rv-fix-problem' : undefined}
        onInput={(e) => {
          setTitle(e.currentTarget.value);
          if (wrong('rv-fix-name')) setProblem('');
        }}
      />
      <label class="field-label" for="rv-fix-date">
        {t('reviewApp.fix.date')}
      </label>
      <input
        id="rv-fix-date"
        type="date"
        value={date()}
        aria-invalid={wrong('rv-fix-date') ? 'true' : undefined}
        aria-describedby={wrong('rv-fix-date') ? 'rv-fix-problem' : undefined}
        onInput={(e) => setDate(e.currentTarget.value)}
      />
      <Show when={problem()}>
        <p class="error-text" role="alert" id="rv-fix-problem">
          {t(problem())}
        </p>
      </Show>
      <div class="actions">
        <button type="submit" class="primary">
          {t('reviewApp.fix.submit')}
        </button>
      </div>
    </form>
  );
}
