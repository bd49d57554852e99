/**
 * What is due in a plan, from the plan itself: the next network meeting, a meeting that was held
 * but not yet written down, and how old the newest score is (the method asks for scores at least
 * monthly). Only dates: this is what the device may keep beside the plan list (see due-memo.ts).
 */
// No plan or editor code in this module: the plan list (home screen) uses it without loading the editor.
export interface DueFacts {
  /** The next meeting on or after today: a planned meeting, or the "next date" a recorded one named. */
  nextMeeting: { date: string; time: string | null } | null;
  /** The most recent meeting before today with nobody written down as present and nothing changed. */
  unrecorded: string | null;
  /** The newest score's date, or null when nobody has scored yet. */
  lastScore: string | null;
}

/** Whole days from `from` to `to` (both 'YYYY-MM-DD'), counted on the calendar, not in hours. */
export function daysBetween(from: string, to: string): number {
  const ms = Date.UTC(+to.slice(0, 4), +to.slice(5, 7) - 1, +to.slice(8, 10)) - Date.UTC(+from.slice(0, 4), +from.slice(5, 7) - 1, +from.slice(8, 10));
  return Math.round(ms / 86_400_000);
}

/** Scores older than this are "due": the method asks for a score at least every month. */
export const SCORES_DUE_AFTER_DAYS = 28;
/** A meeting is announced from this many days before. */
export const MEETING_SOON_DAYS = 14;

export type DueLine =
  | { key: 'network.due.meetingToday'; params: { time: string } }
  | { key: 'network.due.meetingTomorrow'; params: { time: string } }
  | { key: 'network.due.meetingInDays'; params: { days: number } }
  | { key: 'network.due.record'; params: { date: string } }
  | { key: 'network.due.scoresOld'; params: { weeks: number } }
  | { key: 'network.due.noScores'; params: Record<string, never> };

/**
 * How a due line is shown: `due` when something is late or near (a warning), `info` when it only
 * says what comes next. No scores yet is the start of every plan, not something gone wrong.
 */
export type DueTone = 'due' | 'info';
const TONES: Record<DueLine['key'], DueTone> = {
  'network.due.meetingToday': 'due',
  'network.due.meetingTomorrow': 'due',
  'network.due.meetingInDays': 'due',
  'network.due.record': 'due',
  'network.due.scoresOld': 'due',
  'network.due.noScores': 'info',
};
export const dueTone = (line: DueLine): DueTone => TONES[line.key];

/** The lines to show on the plan card and in the plan, most pressing first, as message keys. */
export function dueLines(facts: DueFacts, today: string): DueLine[] {
  const lines: DueLine[] = [];
  if (facts.nextMeeting) {
    const days = daysBetween(today, facts.nextMeeting.date);
    const time = facts.nextMeeting.time ?? '';
    if (days === 0) lines.push({ key: 'network.due.meetingToday', params: { time } });
    else if (days === 1) lines.push({ key: 'network.due.meetingTomorrow', params: { time } });
    else if (days <= MEETING_SOON_DAYS) lines.push({ key: 'network.due.meetingInDays', params: { days } });
  }
  if (facts.unrecorded) lines.push({ key: 'network.due.record', params: { date: facts.unrecorded } });
  if (facts.lastScore) {
    const days = daysBetween(facts.lastScore, today);
    if (days >= SCORES_DUE_AFTER_DAYS) lines.push({ key: 'network.due.scoresOld', params: { weeks: Math.floor(days / 7) } });
  } else {
    lines.push({ key: 'network.due.noScores', params: {} });
  }
  return lines;
}
