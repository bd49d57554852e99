import { describe, expect, test } from 'vitest';
import { SECTIONS, newItemJSON, planJSONWith, planModelFromJSON } from '@safeplan/schema/plan';
import type { AttrSpec, PlanItemSpec } from '@safeplan/schema/plan';
import { RULE_IDS, evaluatePlan } from '@safeplan/schema/rules';
import { planMessages } from './plan-messages.ts';

/** Every key the schema and rules imply, by the naming convention in docs/plan-schema.md. */
function expectedKeys(): string[] {
  const keys: string[] = [];
  for (const section of SECTIONS) {
    keys.push(`section.${section.key}.title`, `section.${section.key}.help`);
    for (const item of section.items as readonly PlanItemSpec[]) {
      keys.push(`item.${item.type}.name`, `item.${item.type}.add`);
      for (const f of item.fields) keys.push(`field.${item.type}.${f.key}`, `field.${item.type}.${f.key}.placeholder`);
      for (const a of item.attrs as readonly AttrSpec[]) {
        keys.push(`attr.${item.type}.${a.key}`);
        if (a.kind === 'itemRef') keys.push(`attr.${item.type}.${a.key}.empty`);
        if (a.kind === 'select') for (const o of a.options) keys.push(`option.${a.optionSet}.${o}`);
      }
    }
  }
  for (const id of RULE_IDS) keys.push(`rule.${id}`);
  return [...new Set(keys)].sort();
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('plan messages', () => {
  test('Dutch and English have exactly the same keys', () => {
    expect(Object.keys(planMessages.nl).sort()).toEqual(Object.keys(planMessages.en).sort());
  });

  test('every label the schema and rules need is there, and nothing else', () => {
    expect(Object.keys(planMessages.nl).sort()).toEqual(expectedKeys());
  });

  test('both languages use the same {placeholders} and no label is empty', () => {
    for (const [key, nl] of Object.entries(planMessages.nl)) {
      const en = planMessages.en[key] ?? '';
      expect(nl.trim(), key).not.toBe('');
      expect(en.trim(), key).not.toBe('');
      expect(placeholders(nl), key).toEqual(placeholders(en));
    }
  });

  test('Dutch uses the method\'s own words', () => {
    const nl = Object.values(planMessages.nl).join(' ');
    for (const term of [
      'Onveilige situaties', 'Gevaarsomschrijving', 'Wat gaat goed', 'Veiligheidsschaal', 'Veiligheidsdoelen',
      'Veiligheidsafspraken', 'Netwerk', 'Veiligheidspersoon', 'Gevolgen', 'Veiligheidslogboek', 'Woord en beeld',
      'Herstelplan', 'Casusregisseur', 'Veiligheidsplanner', 'Voorzitter netwerkberaad', 'Veilig voorwerp',
    ]) {
      expect(nl, term).toContain(term);
    }
  });

  test('Dutch help texts use short sentences (B1)', () => {
    for (const [key, text] of Object.entries(planMessages.nl)) {
      for (const sentence of text.split(/[.?!]\s+/)) {
        expect(sentence.split(/\s+/).length, `${key}: ${sentence}`).toBeLessThanOrEqual(20);
      }
    }
  });

  test('every rule message uses exactly the params its hints carry', () => {
    const model = planModelFromJSON(
      planJSONWith([
        newItemJSON('young_person', {}, { name: 'Jan' }),
        newItemJSON('unsafe_situation', {}, { fact: 'Er is geen geld.' }),
        ...Array.from({ length: 5 }, () => newItemJSON('danger_statement', {}, { text: 'Er is ruzie.' })),
        newItemJSON('safety_goal', { termDate: '2030-01-01' }, { text: 'Papa gaat in therapie.' }),
        newItemJSON('safety_score', { score: 2 }),
        newItemJSON('monitoring_details', { nextEvaluation: '2020-01-01' }),
      ]),
    );
    const hints = evaluatePlan(model, new Date(2025, 3, 1, 12));
    expect(new Set(hints.map((h) => h.rule))).toEqual(new Set(RULE_IDS));
    for (const hint of hints) {
      for (const lang of [planMessages.nl, planMessages.en]) {
        expect(placeholders(lang[`rule.${hint.rule}`] ?? ''), hint.rule).toEqual(Object.keys(hint.params ?? {}).sort());
      }
    }
  });
});
