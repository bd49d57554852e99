import { createSignal, For, Show, type Accessor, type JSX } from 'solid-js';
import { isIsoDate, PHASES, type Phase } from '@safeplan/schema/plan';
import type { Criterion, PhaseTrack as Track } from '@safeplan/schema/rules';
import { Icon } from '../Icon.tsx';
import { t, tCount } from '../i18n/index.ts';
import { formatDay, todayIso } from '../review/format-time.ts';
import './plan-time-messages.ts';
import './plan-time.css';
import '../i18n/plan-words.ts';

const phaseName = (p: Phase | null) => (p ? t(`option.phase.${p}`) : '');
const MAX_WHY_CHARS = 2000;

/** A criterion's params as people read them: dates in words ("1 mei 2026"). */
function shown(params: Criterion['params']): Record<string, string | number> {
  return Object.fromEntries(Object.entries(params ?? {}).map(([k, v]) => [k, isIsoDate(v) ? formatDay(v) : v]));
}

export interface PhaseTrackProps {
  track: Accessor<Track | undefined>;
  /** Only an owner decides to move on. */
  isOwner: Accessor<boolean>;
  myName: Accessor<string>;
  /** Writes the decision into the plan; false when it could not (the person is told). */
  onMove: (decision: { from: Phase; to: Phase; who: string; why: string; date: string; openCriteria: number }) => boolean;
  onOpenHandover: () => void;
  notify: (text: string, options?: { tone?: 'info' | 'error' }) => void;
}

/**
 * The plan's phase as a track at the top of the plan, with what closes the current phase as a
 * checklist the app fills in from the plan. Moving on is an owner's decision; with points still
 * open, the owner first says why, and the plan keeps that with who and when.
 */
export function PhaseTrack(props: PhaseTrackProps): JSX.Element {
  const [asking, setAsking] = createSignal(false);
  const [why, setWhy] = createSignal('');
  const [whyMissing, setWhyMissing] = createSignal(false);
  // The button pressed is replaced by the question and back: the focus goes along (to "Waarom
  // nu?" when it is asked, else to the confirm button), never to the top of the page.
  let moveButton: HTMLButtonElement | undefined;
  const whyField = () => document.getElementById('phase-why');
  let confirmButton: HTMLButtonElement | undefined;
  const index = () => PHASES.indexOf(props.track()?.phase ?? 'afstemming');
  const met = () => props.track()?.criteria.filter((c) => c.status === 'met').length ?? 0;

  const confirm = (track: Track) => {
    if (!track.next) return;
    const reason = why().trim();
    if (track.open > 0 && reason === '') {
      setWhyMissing(true);
      whyField()?.focus();
      return;
    }
    const ok = props.onMove({ from: track.phase, to: track.next, who: props.myName(), why: reason, date: todayIso(), openCriteria: track.open });
    if (!ok) {
      props.notify(t('phase.moveFailed'), { tone: 'error' });
      return;
    }
    props.notify(t('phase.moved', { phase: phaseName(track.next) }));
    setAsking(false);
    setWhy('');
    setWhyMissing(false);
  };

  return (
    <Show when={props.track()}>
      {(track) => (
        <section class="phase-track" aria-labelledby="phase-track-title" data-phase={track().phase}>
          <h2 id="phase-track-title">{t('phase.title')}</h2>
          <ol class="phase-steps" aria-label={t('phase.trackLabel')}>
            <For each={PHASES}>
              {(p, i) => {
                const state = () => (i() < index() ? 'done' : i() === index() ? 'current' : 'later');
                return (
                  <li data-state={state()} data-phase-step={p} aria-current={state() === 'current' ? 'step' : undefined}>
                    <span class="phase-dot" aria-hidden="true">
                      <Show when={state() === 'done'} fallback={i() + 1}>
                        <Icon name="check" />
                      </Show>
                    </span>
                    <span class="phase-name">{phaseName(p)}</span>
                    <span class="visually-hidden"> ({t(`phase.state.${state()}`)})</span>
                  </li>
                );
              }}
            </For>
          </ol>
          {/* On a phone only the current step's name is written out, here, whole (see plan-time.css). */}
          <p class="phase-now" aria-hidden="true">{phaseName(track().phase)}</p>
          <Show when={track().since}>{(since) => <p class="phase-since">{t('phase.since', { date: formatDay(since()) })}</p>}</Show>
          <Show when={track().overdue}>
            {(o) => (
              <p class="phase-warning" role="status">
                <Icon name="warning" />
                <span>{t('phase.overdue', { months: o().months, since: formatDay(o().since) })}</span>
              </p>
            )}
          </Show>
          <details class="phase-details">
            <summary>{tCount(track().next ? 'phase.summary' : 'phase.summaryLast', track().criteria.length, { met: met(), total: track().criteria.length })}</summary>
            <ul class="phase-criteria">
              <For each={track().criteria}>
                {(c) => (
                  <li data-criterion={c.id} data-status={c.status}>
                    <span class="criterion-mark" aria-hidden="true">
                      <Icon name={c.status === 'met' ? 'check' : c.status === 'check' ? 'question' : 'forward'} />
                    </span>
                    <span class="criterion-text">
                      <span class="visually-hidden">{t(`phase.status.${c.status}`)}: </span>
                      {t(`phase.criterion.${c.id}`, shown(c.params))}
                      <Show when={c.id === 'months-at-six'}>
                        {' '}
                        {c.params?.since ? t('phase.criterion.months-at-six.since', shown(c.params)) : t('phase.criterion.months-at-six.none')}
                      </Show>
                      <Show when={c.link === 'handover'}>
                        {' '}
                        <button type="button" class="link-button" onClick={() => props.onOpenHandover()}>
                          {c.params?.step ? t('phase.handoverLink', { step: c.params.step }) : t('phase.handoverNotStarted')}
                        </button>
                      </Show>
                    </span>
                    <span class="criterion-status" aria-hidden="true">
                      {t(`phase.status.${c.status}`)}
                    </span>
                  </li>
                )}
              </For>
            </ul>
            <Show when={track().next}>
              {(next) => (
                <Show when={props.isOwner()} fallback={<p class="phase-owner-only">{t('phase.ownerOnly')}</p>}>
                  <Show
                    when={asking()}
                    fallback={
                      <button
                        type="button"
                        class="phase-move"
                        ref={(el) => (moveButton = el)}
                        onClick={() => {
                          setAsking(true);
                          (whyField() ?? confirmButton)?.focus();
                        }}
                      >
                        <Icon name="forward" />
                        <span>{t('phase.move', { phase: phaseName(next()) })}</span>
                      </button>
                    }
                  >
                    <form
                      class="phase-move-form"
                      onSubmit={(e) => {
                        e.preventDefault();
                        confirm(track());
                      }}
                    >
                      <p>{t('phase.moveWho', { name: props.myName() || t('phase.someone') })}</p>
                      <Show when={track().open > 0}>
                        <label for="phase-why">{tCount('phase.whyLabel', track().open, { open: track().open })}</label>
                        <textarea
                          id="phase-why"
                          rows={3}
                          maxLength={MAX_WHY_CHARS}
                          value={why()}
                          aria-invalid={whyMissing()}
                          aria-describedby={whyMissing() ? 'phase-why-error' : undefined}
                          onInput={(e) => {
                            setWhy(e.currentTarget.value);
                            setWhyMissing(false);
                          }}
                        />
                        <Show when={whyMissing()}>
                          <p id="phase-why-error" class="field-error" role="alert">
                            {t('phase.whyNeeded')}
                          </p>
                        </Show>
                      </Show>
                      <div class="phase-move-actions">
                        <button type="submit" class="primary" ref={(el) => (confirmButton = el)}>
                          {t('phase.confirm', { phase: phaseName(next()) })}
                        </button>
                        <button
                          type="button"
                          onClick={() => {
                            setAsking(false);
                            moveButton?.focus();
                          }}
                        >
                          {t('phase.cancel')}
                        </button>
                      </div>
                    </form>
                  </Show>
                </Show>
              )}
            </Show>
            <Show when={track().decisions.length > 0}>
              <h3 class="phase-decisions-title">{t('phase.decisions', { count: track().decisions.length })}</h3>
              <ul class="phase-decisions">
                <For each={track().decisions}>
                  {(d) => (
                    <li data-decision-to={d.attrs.to ?? ''}>
                      {t('phase.decision', {
                        date: d.attrs.date ? formatDay(d.attrs.date) : '?',
                        who: d.fields.who.trim() || t('phase.someone'),
                        from: phaseName(d.attrs.from),
                        to: phaseName(d.attrs.to),
                      })}
                      <Show when={(d.attrs.openCriteria ?? 0) > 0}> {t('phase.decisionOpen', { open: d.attrs.openCriteria ?? 0 })}</Show>
                      <Show when={d.fields.why.trim()}> {t('phase.decisionWhy', { why: d.fields.why.trim() })}</Show>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </details>
        </section>
      )}
    </Show>
  );
}
