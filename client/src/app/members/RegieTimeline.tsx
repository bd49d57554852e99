import { createSignal, For, Show, type JSX } from 'solid-js';
import type { PlanSession } from '../../sync/session.ts';
import { Icon } from '../Icon.tsx';
import { t } from '../i18n/index.ts';
import { adviceFor, adviceWords } from './handover-advice.ts';
import { formatMoment, timelineSentence, withKnownNames } from './member-words.ts';
import { planFactsFromDocs } from './plan-facts.ts';
import { createPlanDocsSignal } from '../plan-docs-signal.ts';
import { planDocsOf } from '../../editor/plan-json.ts';
import { regieStep, REGIE_STEPS } from './regie-step.ts';
import { createActionRunner } from './run-action.ts';
import { TermHelp } from '../glossary/TermHelp.tsx';
import { ROLE_TERMS } from '../glossary/glossary-terms.ts';
import { chairLink, chairNameIn } from './chair-link.ts';
import { fullPlanModel } from '../../editor/plan-json.ts';
import { roleName } from './member-words.ts';
import type { MembershipView } from './use-membership.ts';
import { reportFailure } from '../in-background.ts';

/** Plan facts are counted again after a pause in typing, not on every keystroke. */
const FACTS_DELAY_MS = 500;

/**
 * The hand-over of the plan to the network chair: the four steps of the method with the one the
 * plan is at (read from the signed log), the method's advice before the next step, and every
 * signed event with its date and who did it.
 */
export function RegieTimeline(props: { session: PlanSession; view: MembershipView }): JSX.Element {
  const docs = planDocsOf(props.session);
  const facts = createPlanDocsSignal(docs, planFactsFromDocs, FACTS_DELAY_MS);
  // "The chair" of the steps is the person the plan names under "Voorzitter netwerkberaad".
  const chairName = createPlanDocsSignal(docs, (d) => {
    try {
      return chairNameIn(fullPlanModel(d));
    } catch {
      return '';
    }
  }, FACTS_DELAY_MS);
  const chair = () => chairLink(chairName() ?? '', props.view.people());
  const chairText = () => {
    const c = chair();
    if (c.kind === 'missing') return t('members.regie.chairMissing');
    if (c.kind === 'notMember') return t('members.regie.chairNotMember', { name: c.name });
    return t('members.regie.chairMember', { name: c.name, role: roleName(c.role) });
  };
  const step = () => regieStep(props.view.people(), props.view.closed());
  const advice = () => adviceFor(props.view.people(), props.view.closed(), facts());
  const blocked = () => advice().some((a) => a.blocks);
  const { busy, run } = createActionRunner();
  const [confirming, setConfirming] = createSignal(false);
  const stepState = (n: number) => (n < step() ? 'done' : n === step() ? 'now' : 'later');
  return (
    <section class="regie" aria-labelledby="regie-title" data-step={step()}>
      <h3 id="regie-title">{t('members.regie.title')}</h3>
      <p class="help-text">{t('members.regie.intro')}</p>
      <TermHelp terms={ROLE_TERMS} />
      <p class="regie-chair" data-chair={chair().kind}>
        {chairText()}
      </p>
      <p class="regie-now" role="status">{step() === 0 ? t('members.regie.notStarted') : t('members.regie.now', { n: step() })}</p>
      <ol class="regie-steps">
        <For each={REGIE_STEPS}>
          {(n) => (
            <li class={`regie-step regie-state-${stepState(n)}`} data-state={stepState(n)} aria-current={n === step() ? 'step' : undefined}>
              <span class="regie-number" aria-hidden="true">
                {stepState(n) === 'done' ? <Icon name="check" /> : n}
              </span>
              <div>
                <p class="regie-step-title">
                  <strong>{t(`members.regie.step${n}`)}</strong>{' '}
                  <span class="regie-badge">{t(`members.regie.step${stepState(n) === 'done' ? 'Done' : stepState(n) === 'now' ? 'Now' : 'Later'}`)}</span>
                </p>
                <p class="help-text">{t(`members.regie.step${n}.help`)}</p>
              </div>
            </li>
          )}
        </For>
      </ol>
      <Show when={!props.view.closed()} fallback={<p class="regie-closed">{t('members.regie.closedNote')}</p>}>
        <div class="regie-advice hint-box" aria-labelledby="regie-advice-title">
          <h4 id="regie-advice-title">
            <Icon name="tip" /> {t('members.regie.adviceTitle')}
          </h4>
          <Show when={advice().length > 0} fallback={<p>{t('members.regie.adviceNone')}</p>}>
            <ul>
              <For each={advice()}>
                {(a) => {
                  const w = adviceWords(a);
                  return <li data-advice={a.code}>{t(w.key, w.params)}</li>;
                }}
              </For>
            </ul>
          </Show>
        </div>
        <Show when={props.view.isOwner()}>
          <Show
            when={confirming()}
            fallback={
              <div class="actions">
                <button type="button" class="danger" disabled={busy() || blocked()} onClick={() => setConfirming(true)}>
                  <span>{t('members.regie.close')}</span>
                </button>
              </div>
            }
          >
            <div class="member-confirm" role="alertdialog" aria-labelledby="regie-close-confirm">
              <p id="regie-close-confirm">{t('members.regie.closeConfirm')}</p>
              <div class="actions">
                <button
                  type="button"
                  class="danger"
                  disabled={busy()}
                  onClick={() => void run(() => props.session.membership.closeCase(), () => setConfirming(false)).catch(reportFailure('close case'))}
                >
                  <span>{t('members.regie.closeYes')}</span>
                </button>
                <button type="button" onClick={() => setConfirming(false)}>
                  <span>{t('members.cancel')}</span>
                </button>
              </div>
            </div>
          </Show>
        </Show>
      </Show>
      <h4>{t('members.regie.historyTitle')}</h4>
      <Show when={props.view.timeline().length > 0} fallback={<p>{t('members.regie.historyEmpty')}</p>}>
        <ol class="regie-history">
          <For each={[...props.view.timeline()].reverse()}>
            {(e) => (
              <li data-event={e.type}>
                <time datetime={new Date(e.at).toISOString()}>{formatMoment(e.at)}</time>
                <span>{timelineSentence(withKnownNames(e, (id) => props.view.people().find((p) => p.personId === id)?.displayName))}</span>
              </li>
            )}
          </For>
        </ol>
      </Show>
    </section>
  );
}
