import { createEffect, createMemo, createSignal, For, Show, Suspense, type Accessor, type JSX } from 'solid-js';
import { lazyPart } from '../lazy-part.tsx';
import type { PlanModel } from '@safeplan/schema/plan';
import type { PlanReview } from '../../sync/session.ts';
import { Icon } from '../Icon.tsx';
import { t } from '../i18n/index.ts';
import { formatDay, todayIso } from '../review/format-time.ts';
import { daysBetween, dueFacts, dueLines, isRecorded, meetingsOf, type DueFacts, type DueLine } from './meeting-due.ts';
import { dueTone } from './due-lines.ts';
import { downloadIcs, meetingIcs, randomUid } from './meeting-ics.ts';
import { notificationState, askForNotifications, remindOnOpen } from './meeting-notify.ts';
import './network-messages.ts';
import '../i18n/plan-words.ts';
import { inBackground } from '../in-background.ts';

const FixVersionForm = lazyPart(() => import('../review/FixVersionForm.tsx').then((m) => ({ default: m.FixVersionForm })));

/** A due line in words; dates as people write them. */
export function dueText(line: DueLine): string {
  const p: Record<string, string | number> = { ...line.params };
  if ('date' in line.params) p.date = formatDay(line.params.date);
  return t(line.key, p).trim();
}

/**
 * "Wat komt eraan" at the top of the plan: what is due, the next network meeting with a calendar
 * file and notifications on this device, and after a meeting the offer to fix a version.
 */
export function DueCard(props: {
  model: Accessor<PlanModel | null>;
  review: PlanReview | null;
  isOwner: Accessor<boolean>;
  /** Opens a new meeting in "Toezicht en evaluatie"; absent where this device may not write the plan. */
  onPlanMeeting?: () => void;
  onFacts?: (facts: DueFacts) => void;
}): JSX.Element {
  const today = () => todayIso();
  const facts = createMemo(() => {
    const m = props.model();
    return m ? dueFacts(m, today()) : null;
  });
  createEffect(() => {
    const f = facts();
    if (!f) return;
    props.onFacts?.(f);
    remindOnOpen(f, today());
  });
  const lines = () => {
    const f = facts();
    return f ? dueLines(f, today()) : [];
  };
  // The most recent meeting that was held and written down, for the "fix a version" offer.
  const held = () => {
    const m = props.model();
    if (!m) return null;
    const past = meetingsOf(m)
      .filter((x) => x.date !== null && x.date <= today() && isRecorded(x))
      .sort((a, b) => String(b.date).localeCompare(String(a.date)));
    const last = past[0];
    return last && last.date && daysBetween(last.date, today()) <= 14 ? last : null;
  };
  const [more, setMore] = createSignal(false);
  const [fixing, setFixing] = createSignal(false);
  // A message key, worded when shown: it follows a language switch.
  const [notifyNote, setNotifyNote] = createSignal(notificationState() === 'granted' ? 'network.notify.on' : 'network.notify.help');
  const saveIcs = () => {
    const f = facts();
    const m = props.model();
    if (!f?.nextMeeting || !m) return;
    const meeting = meetingsOf(m).find((x) => x.date === f.nextMeeting?.date);
    const text = meetingIcs({
      date: f.nextMeeting.date,
      time: f.nextMeeting.time,
      title: more() ? t('network.ics.fullTitle') : t('network.ics.neutralTitle'),
      place: more() && meeting?.place.trim() ? meeting.place.trim() : undefined,
      uid: randomUid(),
      now: new Date(),
    });
    downloadIcs(text, t('network.ics.file'));
  };
  const turnOnNotifications = async () => {
    const result = await askForNotifications();
    setNotifyNote(result === 'granted' ? 'network.notify.on' : result === 'unsupported' ? 'network.notify.unsupported' : 'network.notify.denied');
    const f = facts();
    if (result === 'granted' && f) remindOnOpen(f, today(), true);
  };
  return (
    <section class="card network-due" aria-labelledby="network-due-title" data-testid="due-card">
      <h2 id="network-due-title">{t('network.card.title')}</h2>
      <Show when={lines().length > 0} fallback={<p>{t('network.card.nothing')}</p>}>
        <ul class="due-lines">
          <For each={lines()}>
            {(line) => (
              <li data-due={line.key} data-tone={dueTone(line)}>
                <Icon name={line.key.includes('meeting') ? 'people' : dueTone(line) === 'info' ? 'tip' : 'warning'} />
                <span>{dueText(line)}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <h3>{t('network.next.title')}</h3>
      <Show
        when={facts()?.nextMeeting}
        fallback={
          <p class="help-text">
            {t('network.next.none')} <Show when={!props.onPlanMeeting}>{t('network.next.plan')}.</Show>
          </p>
        }
      >
        {(next) => (
          <div class="next-meeting">
            <p class="next-meeting-when" data-testid="next-meeting">
              {next().time ? t('network.next.when', { date: formatDay(next().date), time: next().time ?? '' }) : formatDay(next().date)}
            </p>
            <p class="help-text">{t('network.ics.help')}</p>
            <label class="attr-check">
              <input type="checkbox" checked={more()} onChange={(e) => setMore(e.currentTarget.checked)} />
              <span>{t('network.ics.more')}</span>
            </label>
            <div class="actions">
              <button type="button" onClick={saveIcs}>
                <Icon name="download" />
                <span>{t('network.ics.button')}</span>
              </button>
              <button type="button" class="quiet" onClick={inBackground('turn on notifications', turnOnNotifications)}>
                <span>{t('network.notify.button')}</span>
              </button>
            </div>
            <p class="help-text" role="status">{t(notifyNote())}</p>
          </div>
        )}
      </Show>
      <Show when={props.onPlanMeeting}>
        {(plan) => (
          <button type="button" class="plan-meeting" onClick={() => plan()()}>
            <Icon name="plus" />
            <span>{t('item.meeting.add')}</span>
          </button>
        )}
      </Show>
      <Show when={held() && props.isOwner() && props.review}>
        <div class="meeting-held" data-testid="meeting-held">
          <p>
            <strong>{t('network.held.title', { date: formatDay(held()?.date ?? '') })}</strong>
          </p>
          <p class="help-text">{t('network.held.fixHelp')}</p>
          <Show
            when={fixing()}
            fallback={
              <button type="button" class="primary" onClick={() => setFixing(true)}>
                <Icon name="check" />
                <span>{t('network.held.fix')}</span>
              </button>
            }
          >
            <Suspense>
              <FixVersionForm
                signing={props.review as PlanReview}
                initialTitle={t('network.held.versionTitle', { date: formatDay(held()?.date ?? '') })}
                initialDate={held()?.date ?? undefined}
                onFixed={() => setFixing(false)}
              />
            </Suspense>
          </Show>
        </div>
      </Show>
    </section>
  );
}
