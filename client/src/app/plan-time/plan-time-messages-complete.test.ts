import { describe, expect, it } from 'vitest';
import { PHASES, phaseCriteria } from '@safeplan/schema/rules';
import { emptyPlanJSON, planModelFromJSON } from '@safeplan/schema/plan';
import { appMessagesNl } from '../i18n/app-messages.ts';
import { planMessages } from '../i18n/plan-messages.ts';
import { planTimeEn, planTimeNl } from './plan-time-messages.ts';

const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();

describe('plan-over-time messages (phase track, safety scale over time)', () => {
  it('have an English text for every Dutch key and no extra ones', () => {
    expect(Object.keys(planTimeEn).sort()).toEqual(Object.keys(planTimeNl).sort());
  });

  it('use the same placeholders in both languages and no empty texts', () => {
    for (const [key, nl] of Object.entries(planTimeNl)) {
      const en = planTimeEn[key] ?? '';
      expect(placeholders(en), key).toEqual(placeholders(nl));
      expect(nl.trim(), key).not.toBe('');
      expect(en.trim(), key).not.toBe('');
    }
  });

  it('stay in their own namespaces, so they never overwrite another module’s words', () => {
    const others = new Set([...Object.keys(appMessagesNl), ...Object.keys(planMessages.nl)]);
    for (const key of Object.keys(planTimeNl)) {
      expect(key.startsWith('phase.') || key.startsWith('scaleChart.'), key).toBe(true);
      expect(others.has(key), key).toBe(false);
    }
  });

  it('word every criterion of every phase, with the placeholders its params fill in', () => {
    const model = planModelFromJSON(emptyPlanJSON());
    for (const phase of PHASES) {
      for (const c of phaseCriteria(model, phase, { now: new Date() })) {
        const text = planTimeNl[`phase.criterion.${c.id}`];
        expect(text, c.id).toBeDefined();
        for (const p of placeholders(text ?? '')) expect(Object.keys(c.params ?? {}), `${c.id} ${p}`).toContain(p.slice(1, -1));
      }
    }
  });
});
