import { createMemo, createResource, For, Show, type Accessor, type JSX } from 'solid-js';
import type { PlanModel } from '@safeplan/schema/plan';
import { ready } from '@safeplan/schema/crypto';
import type { PersonView, PlanSession } from '../../sync/session.ts';
import { readVersions, REVIEW_TYPES, type PlanDocs } from '../../review/index.ts';
import { t } from '../i18n/index.ts';
import { typesTick } from '../review/doc-tick.ts';
import { reviewSigningOf } from '../review/review-signing.ts';
import { scaleColor } from './scale-color.ts';
import { ScaleChart } from './ScaleChart.tsx';
import { evaluationMarks, scaleCharts, scaleOf, type TimeMark } from './scale-series.ts';

/**
 * The safety scale over time on the plan screen, above the scores: one chart per scored danger
 * statement. Loaded lazily with the scores section. Fixed versions come from the plan's signed
 * versions, verified like the versions tab does; a version that does not verify is not marked.
 */
const sameData = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export default function ScaleOverTime(props: { session: PlanSession; docs: PlanDocs; model: Accessor<PlanModel | undefined>; people: Accessor<readonly PersonView[]> }): JSX.Element {
  const signing = reviewSigningOf(props.session);
  const [sodium] = createResource(() => ready());
  const versionsTick = typesTick([props.docs.plan.getArray(REVIEW_TYPES.versions)]);
  const versionMarks = createMemo<TimeMark[]>(() => {
    versionsTick();
    const s = sodium();
    if (!signing || !s) return [];
    try {
      return readVersions(s, props.docs.plan, props.session.planId, signing.members(), signing.open).flatMap((v) =>
        v.ok ? [{ date: v.version.date, kind: 'version' as const, n: v.version.versionNo }] : [],
      );
    } catch (err) {
      console.warn('Versions unavailable for the chart', err);
      return [];
    }
  });
  // The model is read again after every change anywhere in the plan; the charts redraw only when
  // what they show changed, so a point keeps its focus and the chosen reason stays.
  const charts = createMemo(
    () => {
      const m = props.model();
      if (!m) return [];
      const people = props.people();
      return scaleCharts(m, (who) => scaleColor(who, people));
    },
    [],
    { equals: sameData },
  );
  const marks = createMemo(
    () => {
      const m = props.model();
      return [...(m ? evaluationMarks(m) : []), ...versionMarks()];
    },
    [],
    { equals: sameData },
  );
  const scale = () => {
    const m = props.model();
    return m ? scaleOf(m) : 'sos';
  };
  return (
    <section class="scale-over-time" aria-labelledby="scale-over-time-title" contenteditable={false}>
      <h3 id="scale-over-time-title">{t('scaleChart.heading')}</h3>
      <Show when={charts().length > 0} fallback={<p class="scale-reason-help">{t('scaleChart.empty')}</p>}>
        <p class="scale-reason-help">{t('scaleChart.intro')}</p>
        <For each={charts()}>{(chart) => <ScaleChart chart={chart} scale={scale()} marks={marks()} />}</For>
      </Show>
    </section>
  );
}
