import { describe, expect, it } from 'vitest';
import { icsText, meetingIcs } from './meeting-ics.ts';

const base = { date: '2026-12-09', time: '19:30', title: 'Afspraak', uid: 'abc@notities.invalid', now: new Date(Date.UTC(2026, 11, 6, 1, 2, 3)) };

describe('the calendar file', () => {
  it('holds the neutral title, the local time and a one-hour alarm, in CRLF lines', () => {
    const ics = meetingIcs(base);
    expect(ics.split('\r\n')).toEqual(expect.arrayContaining(['SUMMARY:Afspraak', 'DTSTART:20261209T193000', 'DTEND:20261209T213000', 'DTSTAMP:20261206T010203Z', 'TRIGGER:-PT1H']));
    expect(ics).not.toContain('LOCATION');
    expect(ics.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('is a whole-day event without a time, and carries the place only when given', () => {
    const ics = meetingIcs({ ...base, time: null, place: 'Bij oma, Dorpsstraat 1; achterom' });
    expect(ics).toContain('DTSTART;VALUE=DATE:20261209');
    expect(ics).toContain('DTEND;VALUE=DATE:20261210');
    expect(ics).toContain('LOCATION:Bij oma\\, Dorpsstraat 1\\; achterom');
  });

  it('escapes text and folds long lines at 75 octets', () => {
    expect(icsText('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne');
    const ics = meetingIcs({ ...base, place: 'é'.repeat(100) });
    for (const line of ics.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    expect(ics.replace(/\r\n /g, '')).toContain(`LOCATION:${'é'.repeat(100)}`);
  });
});
