import { describe, expect, it } from 'vitest';
import { newItemJSON } from '@safeplan/schema/plan';
import { isoDay, prefillFor } from './prefill.ts';

describe('a new log entry or score starts with my name and today', () => {
  it('fills in who wrote it and the local date, and nothing for other items', () => {
    const evening = new Date(2026, 10, 25, 23, 30);
    expect(prefillFor('log_entry', ' Oma Els ', evening)).toEqual({ attrs: { date: '2026-11-25' }, fields: { author: 'Oma Els' } });
    expect(prefillFor('safety_score', 'Sanne', evening)).toEqual({ attrs: { date: '2026-11-25' }, fields: { who: 'Sanne' } });
    expect(prefillFor('agreement', 'Sanne', evening)).toEqual({ attrs: {}, fields: {} });
    expect(prefillFor('log_entry', '  ', evening).fields).toEqual({});
    expect(isoDay(new Date(2026, 0, 5))).toBe('2026-01-05');
  });

  it('gives values the schema accepts as a new item', () => {
    for (const type of ['log_entry', 'safety_score'] as const) {
      const { attrs, fields } = prefillFor(type, 'Oma Els', new Date(2026, 10, 25));
      const json = newItemJSON(type, attrs, fields);
      expect(json.attrs).toMatchObject({ date: '2026-11-25' });
      expect(JSON.stringify(json.content)).toContain('Oma Els');
    }
  });
});
