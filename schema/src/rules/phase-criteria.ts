/**
 * The method's phases (GSaV) and what closes each ("Phases (GSaV) and what closes each" in the
 * method), read from the plan itself where the plan can say it. Pure data for the UI: each
 * criterion is met, open, or something people check themselves (the plan cannot say it).
 * Moving on stays a person's decision; these only tell what is still open.
 */
import { PHASES, itemsOf, type Phase, type PlanItem, type PlanModel } from '../plan/index.ts';
import { addMonthsISO, todayISO } from './dates.ts';

export { PHASES, type Phase } from '../plan/index.ts';

/** Direct safety: scores of at least this (the person is protected, the violence has stopped). */
export const DIRECT_SAFETY_SCORE = 6;
/** Stable safety: "good enough". */
export const STABLE_SAFETY_SCORE = 7;
/** Risk-driven phase: every scale at least 6 for this many months. */
export const MONTHS_AT_SIX = 6;
/** The direct-safety phase should take at most this many months, else extra expertise is brought in. */
export const DIRECT_SAFETY_MAX_MONTHS = 3;

export type CriterionStatus = 'met' | 'open' | 'check';
/** `handover`: the criterion follows the hand-over track in Mensen (step x of 4). */
export type CriterionLink = 'handover';

export interface Criterion {
  id: string;
  status: CriterionStatus;
  params?: Record<string, string | number>;
  link?: CriterionLink;
}

/** What the plan cannot hold but the criteria need: the hand-over step from the signed members log. */
export interface PhaseContext {
  now: Date;
  /**
   * Step 1-4 of the hand-over to the network chair, 0 while it has not started; unknown (e.g. no
   * members log yet) counts as not started.
   */
  handoverStep?: 0 | 1 | 2 | 3 | 4;
}

export type ScorerGroup = 'household' | 'network' | 'professional';
export const SCORER_GROUPS: readonly ScorerGroup[] = ['household', 'network', 'professional'];

const filled = (s: string | undefined) => (s ?? '').trim().length > 0;
const fold = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('nl');

export function nextPhase(phase: Phase): Phase | null {
  const i = PHASES.indexOf(phase);
  return PHASES[i + 1] ?? null;
}

export function currentPhase(model: PlanModel): Phase {
  return itemsOf(model, 'plan_details')[0]?.attrs.phase ?? 'afstemming';
}

/** The person in the network a score's "who" names (same matching as the network chair), or undefined. */
export function scorerGroup(model: PlanModel, who: string): ScorerGroup | undefined {
  const wanted = fold(who);
  if (!wanted) return undefined;
  const person = itemsOf(model, 'person').find((p) => {
    const n = fold(p.fields.name);
    return n !== '' && (n === wanted || wanted.startsWith(`${n} `) || wanted.startsWith(`${n} (`));
  });
  return person?.attrs.kind;
}

type Score = PlanItem<'safety_score'> & { attrs: { score: number; date: string; dangerStatement: string } };

/** The danger statements that say something and have an id (scores point at them). */
function statementIds(model: PlanModel): string[] {
  return itemsOf(model, 'danger_statement')
    .filter((d) => d.id !== null && filled(d.fields.text))
    .map((d) => d.id as string);
}

/**
 * A statement's scores that count: a number, a date up to today, and a "who". Oldest first; on
 * the same day, document order (later written = later).
 */
function scoresOf(model: PlanModel, statementId: string, today: string): Score[] {
  return itemsOf(model, 'safety_score')
    .filter(
      (s): s is Score =>
        s.attrs.dangerStatement === statementId && s.attrs.score !== null && s.attrs.date !== null && s.attrs.date <= today && filled(s.fields.who),
    )
    .map((s, i) => [s, i] as const)
    .sort((a, b) => (a[0].attrs.date < b[0].attrs.date ? -1 : a[0].attrs.date > b[0].attrs.date ? 1 : a[1] - b[1]))
    .map(([s]) => s);
}

/** Each person's latest score for a statement. */
function latestPerPerson(scores: readonly Score[]): Score[] {
  const latest = new Map<string, Score>();
  for (const s of scores) latest.set(fold(s.fields.who), s);
  return [...latest.values()];
}

const atLeastWithReason = (s: Score, min: number) => s.attrs.score >= min && filled(s.fields.reason);

/** Every statement: the group's people who scored it last gave at least `min` and said why. */
function groupScores(model: PlanModel, group: ScorerGroup, min: number, today: string): Criterion {
  const ids = statementIds(model);
  const short = ids.filter((id) => {
    const mine = latestPerPerson(scoresOf(model, id, today)).filter((s) => scorerGroup(model, s.fields.who) === group);
    return mine.length === 0 || !mine.every((s) => atLeastWithReason(s, min));
  }).length;
  return { id: `scores-${group}`, status: ids.length > 0 && short === 0 ? 'met' : 'open', params: { min, statements: ids.length, short } };
}

/**
 * Since when every scale has been at least 6: per statement, the first score after the last one
 * below 6 (by anyone). The binding date is the latest of these; none while a statement has no
 * score, or its last score is below 6.
 */
export function atSixSince(model: PlanModel, now: Date): string | null {
  const today = todayISO(now);
  const ids = statementIds(model);
  if (ids.length === 0) return null;
  let since = '';
  for (const id of ids) {
    const scores = scoresOf(model, id, today);
    let start: string | null = null;
    for (const s of scores) {
      if (s.attrs.score < DIRECT_SAFETY_SCORE) start = null;
      else start ??= s.attrs.date;
    }
    if (start === null) return null;
    if (start > since) since = start;
  }
  return since;
}

function monthsAtSix(model: PlanModel, now: Date): Criterion {
  const since = atSixSince(model, now);
  const needed = addMonthsISO(now, -MONTHS_AT_SIX);
  const params: Record<string, string | number> = { months: MONTHS_AT_SIX, min: DIRECT_SAFETY_SCORE };
  if (since !== null) {
    params.since = since;
    // The day the six months are full: the run's start plus six months.
    const [y, m, d] = since.split('-').map(Number) as [number, number, number];
    params.until = addMonthsISO(new Date(y, m - 1, d, 12), MONTHS_AT_SIX);
  }
  return { id: 'months-at-six', status: since !== null && since <= needed ? 'met' : 'open', params };
}

function agreementsPresent(model: PlanModel): Criterion {
  const count = itemsOf(model, 'agreement').filter((a) => filled(a.fields.what)).length;
  return { id: 'agreements-present', status: count > 0 ? 'met' : 'open', params: { count } };
}

function agreementsChecked(model: PlanModel): Criterion {
  const agreements = itemsOf(model, 'agreement').filter((a) => filled(a.fields.what));
  const unchecked = agreements.filter((a) => !filled(a.fields.checkedHow)).length;
  return { id: 'agreements-checked', status: agreements.length > 0 && unchecked === 0 ? 'met' : 'open', params: { unchecked } };
}

/** Every named young person has a safety person (one for everyone counts for all). */
function childSafetyPerson(model: PlanModel): Criterion {
  const young = itemsOf(model, 'young_person').filter((y) => filled(y.fields.name));
  const safety = itemsOf(model, 'person').filter((p) => filled(p.fields.name) && p.attrs.isSafetyPerson);
  const forAll = safety.some((p) => p.attrs.safetyPersonFor === null);
  const covered = new Set(safety.map((p) => p.attrs.safetyPersonFor));
  const without = forAll ? 0 : young.filter((y) => !(y.id !== null && covered.has(y.id))).length;
  return { id: 'child-safety-person', status: young.length > 0 && without === 0 ? 'met' : 'open', params: { without } };
}

function rolesKnown(model: PlanModel): Criterion {
  const d = itemsOf(model, 'plan_details')[0];
  return { id: 'roles-known', status: d && filled(d.fields.caseDirector) && filled(d.fields.safetyPlanner) ? 'met' : 'open' };
}

function wordsAndPictures(model: PlanModel): Criterion {
  const written = itemsOf(model, 'story_text').some((s) => filled(s.fields.text)) || itemsOf(model, 'picture').some((p) => p.attrs.src !== null);
  return { id: 'words-and-pictures', status: written ? 'met' : 'open' };
}

function recoveryPlan(model: PlanModel): Criterion {
  const steps = itemsOf(model, 'recovery_step').filter((s) => filled(s.fields.text)).length;
  return { id: 'recovery-plan', status: steps > 0 ? 'met' : 'open', params: { count: steps } };
}

/**
 * A network member chairs the meetings and holds the plan: the plan names a chair who is not a
 * professional, and the hand-over in Mensen has reached step 3 (the chair has the regie).
 */
function networkHoldsPlan(model: PlanModel, ctx: PhaseContext, id: string): Criterion {
  const chair = itemsOf(model, 'plan_details')[0]?.fields.networkChair.trim() ?? '';
  const chairIsNetwork = chair !== '' && scorerGroup(model, chair) !== 'professional';
  const step = ctx.handoverStep ?? 0;
  return { id, status: chairIsNetwork && step >= 3 ? 'met' : 'open', params: { step, chair }, link: 'handover' };
}

function everyoneScoresSeven(model: PlanModel, now: Date): Criterion {
  const today = todayISO(now);
  const ids = statementIds(model);
  const short = ids.filter((id) => {
    const latest = latestPerPerson(scoresOf(model, id, today));
    const groups = new Set(latest.map((s) => scorerGroup(model, s.fields.who)));
    return !SCORER_GROUPS.every((g) => groups.has(g)) || !latest.every((s) => atLeastWithReason(s, STABLE_SAFETY_SCORE));
  }).length;
  return { id: 'everyone-scores-seven', status: ids.length > 0 && short === 0 ? 'met' : 'open', params: { min: STABLE_SAFETY_SCORE, short } };
}

function whoToCall(model: PlanModel): Criterion {
  const listed = itemsOf(model, 'person').some((p) => p.attrs.kind === 'professional' && (filled(p.fields.phone) || filled(p.fields.callWhen)));
  return { id: 'who-to-call', status: listed ? 'met' : 'open' };
}

/** What closes `phase`, in the method's words, as far as the plan can tell. */
export function phaseCriteria(model: PlanModel, phase: Phase, ctx: PhaseContext): Criterion[] {
  const today = todayISO(ctx.now);
  switch (phase) {
    case 'afstemming':
      return [rolesKnown(model)];
    case 'veiligheid':
      return [
        agreementsPresent(model),
        agreementsChecked(model),
        ...SCORER_GROUPS.map((g) => groupScores(model, g, DIRECT_SAFETY_SCORE, today)),
        childSafetyPerson(model),
        { id: 'next-phases-settled', status: 'check' },
      ];
    case 'risicogestuurd':
      return [monthsAtSix(model, ctx.now), networkHoldsPlan(model, ctx, 'network-chairs-meetings'), wordsAndPictures(model), childSafetyPerson(model)];
    case 'herstel':
      return [everyoneScoresSeven(model, ctx.now), recoveryPlan(model), networkHoldsPlan(model, ctx, 'network-owns-plan'), childSafetyPerson(model)];
    case 'afgesloten':
      return [{ id: 'professionals-withdrawn', status: (ctx.handoverStep ?? 0) >= 4 ? 'met' : 'open', link: 'handover', params: { step: ctx.handoverStep ?? 0 } }, whoToCall(model)];
  }
}

/**
 * When the plan entered its current phase: the date of the latest decision that moved it there,
 * or null when nobody recorded one (e.g. a plan from before decisions were recorded).
 */
export function phaseSince(model: PlanModel): string | null {
  const phase = currentPhase(model);
  let since: string | null = null;
  for (const d of itemsOf(model, 'phase_decision')) {
    if (d.attrs.to === phase && d.attrs.date !== null && (since === null || d.attrs.date > since)) since = d.attrs.date;
  }
  return since;
}

/** The direct-safety phase has run past 3 months: the date it began, or null. */
export function directSafetyOverdue(model: PlanModel, now: Date): { since: string; months: number } | null {
  if (currentPhase(model) !== 'veiligheid') return null;
  const since = phaseSince(model);
  if (since === null || since >= addMonthsISO(now, -DIRECT_SAFETY_MAX_MONTHS)) return null;
  return { since, months: DIRECT_SAFETY_MAX_MONTHS };
}

export interface PhaseTrack {
  phase: Phase;
  next: Phase | null;
  since: string | null;
  /** The current phase's criteria: what must be true before moving on. */
  criteria: Criterion[];
  open: number;
  overdue: { since: string; months: number } | null;
  decisions: PlanItem<'phase_decision'>[];
}

/** Everything the phase track at the top of the plan shows. */
export function phaseTrack(model: PlanModel, ctx: PhaseContext): PhaseTrack {
  const phase = currentPhase(model);
  const criteria = phaseCriteria(model, phase, ctx);
  const decisions = itemsOf(model, 'phase_decision')
    .slice()
    .sort((a, b) => ((a.attrs.date ?? '') < (b.attrs.date ?? '') ? -1 : (a.attrs.date ?? '') > (b.attrs.date ?? '') ? 1 : 0));
  return {
    phase,
    next: nextPhase(phase),
    since: phaseSince(model),
    criteria,
    open: criteria.filter((c) => c.status === 'open').length,
    overdue: directSafetyOverdue(model, ctx.now),
    decisions,
  };
}
