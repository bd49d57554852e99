import { describe, expect, it } from 'vitest';
import { appMessagesNl } from '../i18n/app-messages.ts';
import { planMessages } from '../i18n/plan-messages.ts';
import type { DueLine } from './meeting-due.ts';
import { networkEn, networkNl } from './network-messages.ts';

const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();

describe('network messages', () => {
  it('have an English text for every Dutch key and no extra ones', () => {
    expect(Object.keys(networkEn).sort()).toEqual(Object.keys(networkNl).sort());
  });

  it('use the same placeholders in both languages and no empty texts', () => {
    for (const [key, nl] of Object.entries(networkNl)) {
      const en = networkEn[key] ?? '';
      expect(placeholders(en), key).toEqual(placeholders(nl));
      expect(nl.trim(), key).not.toBe('');
      expect(en.trim(), key).not.toBe('');
    }
  });

  it('stay in their own namespace, so they never overwrite another module’s words', () => {
    const others = new Set([...Object.keys(appMessagesNl), ...Object.keys(planMessages.nl)]);
    for (const key of Object.keys(networkNl)) {
      expect(key.startsWith('network.'), key).toBe(true);
      expect(others.has(key), key).toBe(false);
    }
  });

  it('word every due line with exactly its parameters', () => {
    const lines: Record<DueLine['key'], string[]> = {
      'network.due.meetingToday': ['{time}'],
      'network.due.meetingTomorrow': ['{time}'],
      'network.due.meetingInDays': ['{days}'],
      'network.due.record': ['{date}'],
      'network.due.scoresOld': ['{weeks}'],
      'network.due.noScores': [],
    };
    for (const [key, params] of Object.entries(lines)) expect(placeholders(networkNl[key] ?? 'missing {x}'), key).toEqual(params);
  });

  it('keep the calendar and notification words neutral by default', () => {
    expect(networkNl['network.ics.neutralTitle']).toBe('Afspraak');
    expect(networkEn['network.ics.neutralTitle']).toBe('Appointment');
    expect(networkNl['network.notify.body']).not.toMatch(/netwerk|veilig/i);
  });
});
