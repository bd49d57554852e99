import { itemsOf, type PlanModel } from '@safeplan/schema/plan';
import type { DueFacts } from './due-lines.ts';

export { daysBetween, dueLines, MEETING_SOON_DAYS, SCORES_DUE_AFTER_DAYS, type DueFacts, type DueLine } from './due-lines.ts';

export interface MeetingView {
  id: string;
  date: string | null;
  time: string | null;
  nextDate: string | null;
  place: string;
  invited: string;
  present: string;
  changed: string;
}

export function meetingsOf(model: PlanModel): MeetingView[] {
  return itemsOf(model, 'meeting').map((m) => ({
    id: String(m.id ?? ''),
    date: typeof m.attrs.date === 'string' ? m.attrs.date : null,
    time: typeof m.attrs.time === 'string' ? m.attrs.time : null,
    nextDate: typeof m.attrs.nextDate === 'string' ? m.attrs.nextDate : null,
    place: m.fields.place ?? '',
    invited: m.fields.invited ?? '',
    present: m.fields.present ?? '',
    changed: m.fields.changed ?? '',
  }));
}

export const isRecorded = (m: MeetingView): boolean => m.present.trim() !== '' || m.changed.trim() !== '';

/** `today` is the local calendar day 'YYYY-MM-DD'; ISO dates compare as strings. */
export function dueFacts(model: PlanModel, today: string): DueFacts {
  const meetings = meetingsOf(model);
  const coming = meetings
    .filter((m): m is MeetingView & { date: string } => m.date !== null && m.date >= today)
    .sort((a, b) => (a.date + (a.time ?? '')).localeCompare(b.date + (b.time ?? '')));
  let nextMeeting: DueFacts['nextMeeting'] = coming[0] ? { date: coming[0].date, time: coming[0].time } : null;
  if (!nextMeeting) {
    const named = meetings.map((m) => m.nextDate).filter((d): d is string => d !== null && d >= today).sort();
    if (named[0]) nextMeeting = { date: named[0], time: null };
  }
  const past = meetings.filter((m) => m.date !== null && m.date < today).sort((a, b) => String(b.date).localeCompare(String(a.date)));
  const unrecorded = past[0] && !isRecorded(past[0]) ? past[0].date : null;
  const scoreDates = itemsOf(model, 'safety_score')
    .map((s) => s.attrs.date)
    .filter((d): d is string => typeof d === 'string' && d <= today)
    .sort();
  return { nextMeeting, unrecorded, lastScore: scoreDates.at(-1) ?? null };
}

