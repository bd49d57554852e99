import { For, Show, type JSX } from 'solid-js';
import type { PlanModel } from '@safeplan/schema/plan';
import type { PersonView } from '../../sync/session.ts';
import { t } from '../i18n/index.ts';
import { scaleColor } from './scale-color.ts';
import { ScaleChart } from './ScaleChart.tsx';
import { evaluationMarks, scaleCharts, scaleOf } from './scale-series.ts';

/** The scale over time in the print of a fixed version: the version's own scores, its date marked, and the table. */
export function ScaleChartsPrint(props: { model: PlanModel; people: readonly PersonView[]; versionNo: number; versionDate: string }): JSX.Element {
  const charts = () => scaleCharts(props.model, (who) => scaleColor(who, props.people));
  const marks = () => [...evaluationMarks(props.model), { date: props.versionDate, kind: 'version' as const, n: props.versionNo }];
  return (
    <Show when={charts().length > 0}>
      <div class="scale-over-time scale-over-time-print">
        <h3>{t('scaleChart.heading')}</h3>
        <For each={charts()}>{(chart) => <ScaleChart chart={chart} scale={scaleOf(props.model)} marks={marks()} print />}</For>
      </div>
    </Show>
  );
}
