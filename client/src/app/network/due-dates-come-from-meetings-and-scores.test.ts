import { describe, expect, it } from 'vitest';
import { newItemJSON, planJSONWith, planModelFromJSON } from '@safeplan/schema/plan';
import { dueFacts, dueLines } from './meeting-due.ts';

const today = '2026-12-06';
const model = (...items: ReturnType<typeof newItemJSON>[]) => planModelFromJSON(planJSONWith([newItemJSON('plan_details'), newItemJSON('monitoring_details'), ...items]));

describe('what is due', () => {
  it('names the next meeting in days, tomorrow and today, and nothing beyond two weeks', () => {
    const at = (date: string) => dueLines(dueFacts(model(newItemJSON('meeting', { date, time: '19:30' })), today), today).filter((l) => l.key.includes('meeting'));
    expect(at('2026-12-09')).toEqual([{ key: 'network.due.meetingInDays', params: { days: 3 } }]);
    expect(at('2026-12-07')).toEqual([{ key: 'network.due.meetingTomorrow', params: { time: '19:30' } }]);
    expect(at('2026-12-06')).toEqual([{ key: 'network.due.meetingToday', params: { time: '19:30' } }]);
    expect(at('2026-12-21')).toEqual([]);
  });

  it('asks to write down a past meeting until someone is present or something changed, and then follows its next date', () => {
    const held = newItemJSON('meeting', { date: '2026-12-01', nextDate: '2026-12-16' });
    expect(dueFacts(model(held), today)).toMatchObject({ unrecorded: '2026-12-01', nextMeeting: { date: '2026-12-16', time: null } });
    const recorded = newItemJSON('meeting', { date: '2026-12-01', nextDate: '2026-12-16' }, { present: 'Oma' });
    expect(dueFacts(model(recorded), today).unrecorded).toBeNull();
  });

  it('says scores are old from four weeks, in whole weeks, and when there are none', () => {
    const score = (date: string) => newItemJSON('safety_score', { score: 5, date });
    const lines = (date: string) => dueLines(dueFacts(model(score(date)), today), today);
    expect(lines('2026-11-09')).toEqual([]); // 27 days
    expect(lines('2026-11-08')).toEqual([{ key: 'network.due.scoresOld', params: { weeks: 4 } }]);
    expect(lines('2026-11-01')).toEqual([{ key: 'network.due.scoresOld', params: { weeks: 5 } }]);
    expect(dueLines(dueFacts(model(), today), today)).toEqual([{ key: 'network.due.noScores', params: {} }]);
  });
});
