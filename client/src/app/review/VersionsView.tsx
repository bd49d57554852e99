import { createEffect, createMemo, createSignal, For, on, Show, type JSX } from 'solid-js';
import { diffVersions } from '@safeplan/schema/review';
import type { Sodium } from '@safeplan/schema/crypto';
import { planDocsOf } from '../../editor/plan-json.ts';
import type { PlanSession, PersonView } from '../../sync/session.ts';
import { t } from '../i18n/index.ts';
import { DiffView } from './DiffView.tsx';
import { FixVersionForm, type FixVersionDraft } from './FixVersionForm.tsx';
import type { OwnChangeUndo } from './own-change-undo.ts';
import { PrintView } from './PrintView.tsx';
import { markNoticeRead, setUnderYouthProtection, underYouthProtection } from './review-flags.ts';
import type { ReviewSigning } from './review-signing.ts';
import { VersionCard } from './VersionCard.tsx';
import { currentModel, type ShownVersion, type VersionsView as Versions } from './versions-state.ts';
import { TermHelp } from '../glossary/TermHelp.tsx';
import { VERSION_TERMS } from '../glossary/glossary-terms.ts';
import './register-messages.ts';

const NOW = 'now';

/** "Versies": fix (owners), endorse, compare any two, restore and print. */
export function VersionsView(props: {
  session: PlanSession;
  s: Sodium;
  signing: ReviewSigning;
  versions: Versions;
  people: readonly PersonView[];
  planTitle: string;
  tick: () => number;
  undo: OwnChangeUndo;
  onChanged: () => void;
  /** What was typed in "Versie vaststellen", kept while the tab is switched. */
  draft?: FixVersionDraft;
}): JSX.Element {
  const docs = planDocsOf(props.session);
  const isOwner = () => props.session.membership.me().role === 'owner';
  const [printing, setPrinting] = createSignal<number | null>(null);
  const printed = () => props.versions.accepted.find((v) => v.version.versionNo === printing());
  const yp = createMemo(() => (props.tick(), underYouthProtection(docs.plan)));
  return (
    <section class="rv-versions" aria-labelledby="rv-versions-title">
      <h2 id="rv-versions-title" class="visually-hidden">
        {t('reviewApp.tab.versions')}
      </h2>
      <TermHelp terms={VERSION_TERMS} />
      <label class="rv-yp">
        <input
          type="checkbox"
          checked={yp()}
          disabled={!isOwner()}
          onChange={(e) => {
            setUnderYouthProtection(docs.plan, e.currentTarget.checked);
            props.onChanged();
          }}
        />
        <span>
          <strong>{t('reviewApp.yp.label')}</strong>
          <span class="help-text">{t('reviewApp.yp.help')}</span>
        </span>
      </label>
      <Show when={isOwner()} fallback={<p class="help-text">{t('reviewApp.fix.ownersOnly')}</p>}>
        <FixVersionForm
          signing={props.signing}
          draft={props.draft}
          onFixed={(versionNo) => {
            // The one who fixed it knows what changed: no notice for them.
            markNoticeRead(docs.contributions, props.session.membership.me().personId, versionNo);
            props.onChanged();
          }}
        />
      </Show>
      <For each={props.versions.refused}>
        {(r) => <p class="error-text rv-refused">{t('reviewApp.refused', { reason: t(`review.refused.${r.code}`) })}</p>}
      </For>
      <Show when={props.versions.accepted.length > 0} fallback={<p class="rv-nothing">{t('reviewApp.versions.none')}</p>}>
        <For each={[...props.versions.accepted].reverse()}>
          {(shown) => (
            <VersionCard
              session={props.session}
              signing={props.signing}
              shown={shown}
              people={props.people}
              undo={props.undo}
              onPrint={() => setPrinting(shown.version.versionNo)}
              onChanged={props.onChanged}
            />
          )}
        </For>
        <Compare versions={props.versions.accepted} session={props.session} tick={props.tick} />
      </Show>
      <Show when={printed()}>
        {(shown) => <PrintView shown={shown()} planTitle={props.planTitle} people={props.people} onClose={() => setPrinting(null)} />}
      </Show>
    </section>
  );
}

/** Compare any two versions, or a version with the plan as it is now. */
function Compare(props: { versions: ShownVersion[]; session: PlanSession; tick: () => number }): JSX.Element {
  const [from, setFrom] = createSignal('');
  const [to, setTo] = createSignal(NOW);
  // Start from the two newest versions (or the only one and the plan now), again when one is added.
  createEffect(
    on(
      () => props.versions.length,
      (n) => {
        const no = (i: number) => String(props.versions[i]?.version.versionNo ?? '');
        setFrom(no(n > 1 ? n - 2 : 0));
        setTo(n > 1 ? no(n - 1) : NOW);
      },
    ),
  );
  const model = (key: string) => {
    if (key === NOW) return (props.tick(), currentModel(planDocsOf(props.session)));
    return props.versions.find((v) => String(v.version.versionNo) === key)?.model ?? null;
  };
  const diff = createMemo(() => {
    const a = model(from());
    const b = model(to());
    return a && b ? diffVersions(a, b) : null;
  });
  const options = () => [
    ...props.versions.map((v) => ({ value: String(v.version.versionNo), label: t('reviewApp.version.heading', { versionNo: v.version.versionNo, title: v.version.title }) })),
    { value: NOW, label: t('reviewApp.compare.current') },
  ];
  return (
    <section class="card rv-compare" aria-labelledby="rv-compare-title">
      <h3 id="rv-compare-title">{t('reviewApp.compare.title')}</h3>
      <div class="rv-filters">
        <label>
          <span class="field-label">{t('reviewApp.compare.from')}</span>
          <select onChange={(e) => setFrom(e.currentTarget.value)}>
            <For each={options()}>{(o) => <option value={o.value} selected={o.value === from()}>{o.label}</option>}</For>
          </select>
        </label>
        <label>
          <span class="field-label">{t('reviewApp.compare.to')}</span>
          <select onChange={(e) => setTo(e.currentTarget.value)}>
            <For each={options()}>{(o) => <option value={o.value} selected={o.value === to()}>{o.label}</option>}</For>
          </select>
        </label>
      </div>
      <Show when={diff()}>{(d) => <DiffView diff={d()} />}</Show>
    </section>
  );
}
