import { createMemo, createResource, createSignal, For, onCleanup, Show, type JSX } from 'solid-js';
import { ready } from '@safeplan/schema/crypto';
import type { PlanSession } from '../../sync/session.ts';
import { planDocsOf } from '../../editor/plan-json.ts';
import { commentsForAuthor, REVIEW_TYPES } from '../../review/index.ts';
import { sectionTitle } from '../../sections/labels.ts';
import { t } from '../i18n/index.ts';
import { ChangesView } from './ChangesView.tsx';
import { docTick, typesTick } from './doc-tick.ts';
import { NoticeCard } from './NoticeCard.tsx';
import { ownChangeUndo } from './own-change-undo.ts';
import { commentsReadUntil, markCommentsRead, markNoticeRead, noticeReadUpTo, SETTINGS } from './review-flags.ts';
import { mayContribute } from './review-rights.ts';
import { shownName } from './review-people.ts';
import { reviewSigningOf } from './review-signing.ts';
import { latestNotice, readShownVersions } from './versions-state.ts';
import { VersionsView } from './VersionsView.tsx';
import type { FixVersionDraft } from './FixVersionForm.tsx';
import './review.css';
import './register-messages.ts';

type Tab = 'changes' | 'versions';

/**
 * The review area on the plan screen: the "Wijzigingen" button, the notice of new agreements, the
 * replies on my changes, and (when opened) the changes and versions tabs. Loaded lazily, so the
 * plan screen does not wait for it.
 */
export default function ReviewBar(props: { session: PlanSession; planTitle: string }): JSX.Element {
  const session = props.session;
  const docs = planDocsOf(session);
  const m = session.membership;
  const tick = docTick(docs);
  const versionsTick = typesTick([
    docs.plan.getArray(REVIEW_TYPES.versions),
    docs.plan.getMap(SETTINGS),
    docs.contributions.getMap(REVIEW_TYPES.endorsements),
  ]);
  // Who is in the plan now and who left: what people did while members stays shown with their name.
  const everyone = () => [...m.people(), ...m.formerPeople()];
  const [people, setPeople] = createSignal(everyone());
  const [me, setMe] = createSignal(m.me());
  onCleanup(
    m.onChange(() => {
      setPeople(everyone());
      setMe(m.me());
    }),
  );
  const undo = ownChangeUndo(docs);
  const [open, setOpen] = createSignal<Tab | null>(null);
  // What was typed in "Versie vaststellen" outlives its tab: a look at "Wijzigingen" loses nothing.
  const versionDraft: FixVersionDraft = { title: '', date: '' };
  // Bumped after my own fix / endorse, so the lists do not wait for the quiet period of docTick.
  const [bump, setBump] = createSignal(0);
  const signing = reviewSigningOf(session);
  const [sodium] = createResource(() => ready());
  // "Read" marks live in the contributions document. A reader writes no document at all: what they
  // dismiss is remembered on this screen only.
  const canMark = () => mayContribute(me().role);
  const [dismissedHere, setDismissedHere] = createSignal({ notice: 0, comments: 0 });

  const versions = createMemo(() => {
    versionsTick();
    bump();
    const s = sodium();
    if (!signing || !s) return null;
    people();
    // The signed log's members, not the names: a version or endorsement counts only for a real member device.
    return readShownVersions(s, docs, session.planId, signing.members(), signing);
  });
  const notice = createMemo(() => {
    tick(); // "read" marks may come from my other device
    const v = versions();
    const latest = v ? latestNotice(v) : null;
    if (!latest) return null;
    const read = Math.max(noticeReadUpTo(docs.contributions, me().personId), dismissedHere().notice);
    return latest.notice.versionNo > read ? latest.notice : null;
  });
  const forMe = createMemo(() => {
    tick();
    const since = Math.max(commentsReadUntil(docs.contributions, me().personId), dismissedHere().comments);
    return commentsForAuthor(docs.contributions, me().personId).filter((c) => c.at > since);
  });
  const nameOf = (member: string) => shownName(people(), member);
  const readNotice = (versionNo: number) => {
    if (canMark()) markNoticeRead(docs.contributions, me().personId, versionNo);
    setDismissedHere((d) => ({ ...d, notice: versionNo }));
  };
  const readComments = () => {
    const until = Math.max(...forMe().map((c) => c.at));
    if (canMark()) markCommentsRead(docs.contributions, me().personId, until);
    setDismissedHere((d) => ({ ...d, comments: until }));
  };

  return (
    <div class="rv-bar">
      <div class="rv-bar-row">
        <button type="button" class="rv-open" aria-expanded={open() !== null} onClick={() => setOpen(open() ? null : 'changes')}>
          {t('reviewApp.open')}
        </button>
      </div>
      <Show when={notice()}>
        {(n) => (
          <NoticeCard
            notice={n()}
            onRead={() => readNotice(n().versionNo)}
            onShow={() => {
              readNotice(n().versionNo);
              setOpen('versions');
            }}
          />
        )}
      </Show>
      <Show when={forMe().length > 0}>
        <aside class="card rv-for-me" aria-labelledby="rv-for-me-title">
          <h2 id="rv-for-me-title">{t('reviewApp.forMe.title')}</h2>
          <ul>
            <For each={forMe()}>
              {(c) => <li class="rv-comment">{t('reviewApp.forMe.line', { name: nameOf(c.author), section: sectionTitle(c.section), text: c.text })}</li>}
            </For>
          </ul>
          <button type="button" onClick={readComments}>
            {t('reviewApp.notice.ok')}
          </button>
        </aside>
      </Show>
      <Show when={open()}>
        <div class="card rv-panel">
          <div class="rv-tabs">
            <div class="rv-tablist" role="tablist">
              <button type="button" role="tab" aria-selected={open() === 'changes'} onClick={() => setOpen('changes')}>
                {t('reviewApp.tab.changes')}
              </button>
              <button type="button" role="tab" aria-selected={open() === 'versions'} onClick={() => setOpen('versions')}>
                {t('reviewApp.tab.versions')}
              </button>
            </div>
            <button type="button" class="quiet rv-close" onClick={() => setOpen(null)}>
              {t('reviewApp.close')}
            </button>
          </div>
          <Show when={open() === 'changes'}>
            <ChangesView session={session} people={people()} undo={undo} />
          </Show>
          <Show when={open() === 'versions'}>
            <Show when={signing && sodium() && versions()} fallback={<p class="rv-unavailable">{t('reviewApp.versions.unavailable')}</p>}>
              {(v) => (
                <VersionsView
                  session={session}
                  s={sodium() as NonNullable<ReturnType<typeof sodium>>}
                  signing={signing as NonNullable<typeof signing>}
                  versions={v()}
                  people={people()}
                  planTitle={props.planTitle}
                  tick={tick}
                  undo={undo}
                  onChanged={() => setBump((n) => n + 1)}
                  draft={versionDraft}
                />
              )}
            </Show>
          </Show>
        </div>
      </Show>
    </div>
  );
}
