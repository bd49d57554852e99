import { itemsOf, type PlanModel } from '@safeplan/schema/plan';

/**
 * The safety scale over time as plain data: per danger statement, one line per person who
 * scored it, oldest point first. Framework-free, so the plan screen and the print of a version
 * draw the same thing from the same model.
 */

export type MarkerShape = 'circle' | 'square' | 'triangle' | 'diamond' | 'cross' | 'plus';
/** A marker shape per line, so colour is never the only cue. */
export const MARKER_SHAPES: readonly MarkerShape[] = ['circle', 'square', 'triangle', 'diamond', 'cross', 'plus'];

export type ScaleKind = 'sos' | 'gsav';

export interface ScorePoint {
  id: string;
  date: string;
  score: number;
  reason: string;
}

export interface ScoreLine {
  who: string;
  color: string;
  shape: MarkerShape;
  points: ScorePoint[];
}

export interface StatementChart {
  statementId: string;
  /** The danger statement's text. */
  label: string;
  lines: ScoreLine[];
}

export interface TimeMark {
  date: string;
  kind: 'evaluation' | 'version';
  /** Version number, for versions. */
  n?: number;
}

const fold = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('nl');

/** How the plan reads its scores: 0-10 (Signs of Safety) or 0-7+ (GSaV). */
export function scaleOf(model: PlanModel): ScaleKind {
  return itemsOf(model, 'plan_details')[0]?.attrs.scale ?? 'sos';
}

/** The top of the axis: 10, or 8 for GSaV where anything above 7 is "7+". */
export function scaleTop(scale: ScaleKind): number {
  return scale === 'gsav' ? 8 : 10;
}

/** Where a score sits on the chosen scale: GSaV shows every score above 7 as "7+". */
export function onScale(score: number, scale: ScaleKind): number {
  return scale === 'gsav' ? Math.min(score, 8) : score;
}

export function scoreText(score: number, scale: ScaleKind): string {
  return scale === 'gsav' && score > 7 ? '7+' : String(score);
}

/**
 * Every scored danger statement's lines. Scores without a number or a date cannot sit on a time
 * axis and are left out (the list of scores below still shows them). People are one line each,
 * matched by their name as written (case and spaces do not matter).
 */
export function scaleCharts(model: PlanModel, colorOf: (who: string) => string): StatementChart[] {
  const scores = itemsOf(model, 'safety_score');
  return itemsOf(model, 'danger_statement')
    .filter((d) => d.id !== null)
    .map((d) => {
      const byPerson = new Map<string, ScoreLine>();
      const mine = scores
        .map((s, i) => [s, i] as const)
        .filter(([s]) => s.attrs.dangerStatement === d.id && s.attrs.score !== null && s.attrs.date !== null)
        .sort(([a, ai], [b, bi]) => String(a.attrs.date).localeCompare(String(b.attrs.date)) || ai - bi);
      for (const [s] of mine) {
        const who = s.fields.who.trim();
        const key = fold(who);
        let line = byPerson.get(key);
        if (!line) {
          line = { who, color: colorOf(who), shape: MARKER_SHAPES[byPerson.size % MARKER_SHAPES.length] ?? 'circle', points: [] };
          byPerson.set(key, line);
        }
        line.points.push({ id: s.id ?? `${key}-${line.points.length}`, date: String(s.attrs.date), score: Number(s.attrs.score), reason: s.fields.reason.trim() });
      }
      return { statementId: d.id as string, label: d.fields.text.trim(), lines: [...byPerson.values()] };
    })
    .filter((c) => c.lines.length > 0);
}

/** The next evaluation from the plan's monitoring, as a mark on the time axis. */
export function evaluationMarks(model: PlanModel): TimeMark[] {
  const next = itemsOf(model, 'monitoring_details')[0]?.attrs.nextEvaluation;
  return next ? [{ date: next, kind: 'evaluation' }] : [];
}

/** Days since 1970 of an ISO day, for placing it on the axis (no time zone: a day is a day). */
export function dayNumber(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / 86_400_000;
}
