import { expect, test } from 'vitest';
import { newItemJSON, planJSONWith, planModelFromJSON } from '@safeplan/schema/plan';
import { evaluationMarks, onScale, scaleCharts, scaleOf, scaleTop, scoreText } from './scale-series.ts';

const danger = newItemJSON('danger_statement', {}, { text: 'Wij zijn bang dat Sem geslagen wordt.' });
const other = newItemJSON('danger_statement', {}, { text: 'Wij zijn bang dat Sem alleen thuis is.' });
const id = String(danger.attrs?.id);
const score = (who: string, value: number | null, date: string | null, reason = 'omdat') =>
  newItemJSON('safety_score', { dangerStatement: id, score: value, date }, { who, reason });

test('one line per person (names match whatever the case and spaces), points in date order, each line its own shape', () => {
  const model = planModelFromJSON(
    planJSONWith([danger, other, score('Oma Truus', 6, '2026-03-01'), score('Mama', 4, '2026-01-10'), score('oma  truus', 5, '2026-01-05'), score('Mama', 7, '2026-02-01')]),
  );
  const [chart, ...rest] = scaleCharts(model, (who) => (who === 'Mama' ? '#111111' : '#222222'));
  expect(rest).toEqual([]); // the statement nobody scored has no chart
  expect(chart?.label).toBe('Wij zijn bang dat Sem geslagen wordt.');
  expect(chart?.lines.map((l) => [l.who, l.color, l.points.map((p) => `${p.date}=${p.score}`)])).toEqual([
    ['oma  truus', '#222222', ['2026-01-05=5', '2026-03-01=6']],
    ['Mama', '#111111', ['2026-01-10=4', '2026-02-01=7']],
  ]);
  expect(new Set(chart?.lines.map((l) => l.shape)).size).toBe(2);
});

test('scores without a number or a date cannot sit on the time axis and are left out', () => {
  const model = planModelFromJSON(planJSONWith([danger, score('Mama', null, '2026-01-10'), score('Mama', 5, null)]));
  expect(scaleCharts(model, () => '#000000')).toEqual([]);
});

test('the plan chooses the scale: 0-10, or GSaV 0-7+ where every score above 7 reads "7+"', () => {
  const sos = planModelFromJSON(planJSONWith([]));
  expect(scaleOf(sos)).toBe('sos');
  expect([scaleTop('sos'), onScale(9, 'sos'), scoreText(9, 'sos')]).toEqual([10, 9, '9']);
  const gsav = planModelFromJSON(planJSONWith([newItemJSON('plan_details', { scale: 'gsav' })]));
  expect(scaleOf(gsav)).toBe('gsav');
  expect([scaleTop('gsav'), onScale(9, 'gsav'), scoreText(9, 'gsav'), scoreText(7, 'gsav'), onScale(6, 'gsav')]).toEqual([8, 8, '7+', '7', 6]);
});

test('the next evaluation is a mark on the time axis', () => {
  const model = planModelFromJSON(planJSONWith([newItemJSON('monitoring_details', { nextEvaluation: '2026-04-01' })]));
  expect(evaluationMarks(model)).toEqual([{ date: '2026-04-01', kind: 'evaluation' }]);
  expect(evaluationMarks(planModelFromJSON(planJSONWith([])))).toEqual([]);
});
