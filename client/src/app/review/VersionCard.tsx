import { createSignal, For, Show, type JSX } from 'solid-js';
import { toBase64Url } from '@safeplan/schema/crypto';
import type { PlanSession, PersonView } from '../../sync/session.ts';
import { planDocsOf } from '../../editor/plan-json.ts';
import { restoreEarlier } from '../../review/index.ts';
import { t } from '../i18n/index.ts';
import { notify } from '../notices.ts';
import { formatDay, formatTime } from './format-time.ts';
import { RESTORE_ORIGIN, type OwnChangeUndo } from './own-change-undo.ts';
import { personOfDevice, shownName } from './review-people.ts';
import { mayContribute, mayRestore } from './review-rights.ts';
import type { ReviewSigning } from './review-signing.ts';
import type { ShownVersion } from './versions-state.ts';
import './register-messages.ts';
import { inBackground } from '../in-background.ts';

/** One fixed version: who fixed it, who endorsed it and when, whether it counts, and what can be done with it. */
export function VersionCard(props: {
  session: PlanSession;
  signing: ReviewSigning;
  shown: ShownVersion;
  people: readonly PersonView[];
  undo: OwnChangeUndo;
  onPrint: () => void;
  onChanged: () => void;
}): JSX.Element {
  const v = () => props.shown.version;
  const me = () => props.session.membership.me();
  const nameOfPerson = (personId: string) => shownName(props.people, personId);
  const fixer = () => shownName(props.people, personOfDevice(props.people, toBase64Url(v().fixedBy))?.personId ?? null);
  const iEndorsed = () => props.shown.approval.endorsedBy.some((e) => e.personId === me().personId);
  const [confirming, setConfirming] = createSignal(false);
  const endorse = async () => {
    try {
      await props.signing.endorse(v());
      notify(t('reviewApp.endorse.done', { versionNo: v().versionNo }));
      props.onChanged();
    } catch {
      notify(t('reviewApp.endorse.failed'), { tone: 'error' });
    }
  };
  const restore = () => {
    setConfirming(false);
    try {
      // The plan goes back; the log and scores written since stay. One undo takes it back.
      const docs = planDocsOf(props.session);
      props.undo.asOneChange(() => restoreEarlier(docs, JSON.parse(v().content) as object, RESTORE_ORIGIN));
      notify(t('reviewApp.restore.done', { versionNo: v().versionNo }));
    } catch {
      notify(t('reviewApp.restore.failed'), { tone: 'error' });
    }
  };
  const readerOnly = () => me().role === 'reader';
  return (
    <article class="card rv-version" data-version={v().versionNo}>
      <h3>{t('reviewApp.version.heading', { versionNo: v().versionNo, title: v().title })}</h3>
      <p class="help-text">{t('reviewApp.version.meta', { date: formatDay(v().date), name: fixer(), time: formatTime(v().fixedAt) })}</p>
      <p class={props.shown.approval.approved ? 'rv-approved' : 'rv-waiting'} data-approved={String(props.shown.approval.approved)}>
        {props.shown.approval.waitingFor
          ? t('reviewApp.waiting.yp')
          : props.shown.approval.endorsedBy.some((e) => e.function === 'jeugdbescherming')
            ? t('reviewApp.approved.yp')
            : t('reviewApp.approved.plain')}
      </p>
      <ul class="rv-endorsements">
        <For each={props.shown.approval.endorsedBy} fallback={<li>{t('reviewApp.endorsed.none')}</li>}>
          {(e) => <li class="rv-endorsement">{t('reviewApp.endorsed.line', { name: nameOfPerson(e.personId), time: formatTime(e.at) })}</li>}
        </For>
      </ul>
      <Show when={props.shown.approval.refused.length > 0 || props.shown.malformed > 0}>
        <p class="error-text" role="status">{t('reviewApp.endorsed.refused')}</p>
      </Show>
      <div class="actions">
        <Show when={!iEndorsed()} fallback={<p class="rv-you-endorsed">{t('reviewApp.endorsed.you')}</p>}>
          <button
            type="button"
            class="primary rv-endorse"
            disabled={!mayContribute(me().role)}
            aria-describedby={readerOnly() ? `rv-endorse-reader-${v().versionNo}` : undefined}
            onClick={inBackground('endorse version', endorse)}
          >
            {t('reviewApp.endorse')}
          </button>
        </Show>
        <button type="button" class="rv-print-button" onClick={() => props.onPrint()}>
          {t('reviewApp.print')}
        </button>
        <Show when={mayRestore(me().role) && !confirming()}>
          <button type="button" class="quiet" onClick={() => setConfirming(true)}>
            {t('reviewApp.restore')}
          </button>
        </Show>
      </div>
      <Show when={readerOnly() && !iEndorsed()}>
        <p class="help-text" id={`rv-endorse-reader-${v().versionNo}`}>
          {t('reviewApp.endorse.readerCannot')}
        </p>
      </Show>
      <Show when={confirming()}>
        <div class="rv-confirm" role="alertdialog" aria-label={t('reviewApp.restore')}>
          <p>{t('reviewApp.restore.confirm', { versionNo: v().versionNo })}</p>
          <div class="actions">
            <button type="button" class="primary" onClick={restore}>
              {t('reviewApp.restore.yes')}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('reviewApp.restore.no')}
            </button>
          </div>
        </div>
      </Show>
    </article>
  );
}
