import { describe, expect, test } from 'vitest';
import type { DOMOutputSpec } from '@tiptap/pm/model';
import {
  SECTIONS,
  SECTION_ORDER,
  emptyPlanJSON,
  newItemJSON,
  planModelFromJSON,
  planSchema,
  PlanInputError,
  itemsOf,
} from './index.ts';
import type { ItemType } from './index.ts';
import { planJSONWith } from './plan-builder.ts';
import { samplePlanJSON } from './sample-plan.ts';

const allItemTypes = SECTIONS.flatMap((s) => s.items.map((i) => i.type)) as ItemType[];

describe('the plan document', () => {
  test('an empty plan is valid and holds every section once, in the fixed order', () => {
    const doc = planSchema().nodeFromJSON(emptyPlanJSON());
    doc.check();
    const names: string[] = [];
    doc.forEach((n) => names.push(n.type.name));
    expect(names).toEqual(SECTIONS.map((s) => s.node));
    expect(SECTION_ORDER).toEqual(SECTIONS.map((s) => s.key));
  });

  test.each(allItemTypes)('a new %s fits its own section and only there', (type) => {
    const schema = planSchema();
    const item = schema.nodeFromJSON(newItemJSON(type));
    item.check();
    SECTIONS.forEach((section) => {
      const fits = schema.nodes[section.node]!.createAndFill(null, item) !== null;
      expect(fits, `${type} in ${section.key}`).toBe(section.items.some((i) => i.type === type));
    });
    planSchema().nodeFromJSON(planJSONWith([newItemJSON(type)])).check();
  });

  test('node names never collide and every node renders a data-type', () => {
    const schema = planSchema();
    const planNodes = Object.values(schema.nodes).filter((t) => /^plan_(section|item|field)$/.test(t.spec.group ?? ''));
    expect(planNodes.length).toBe(
      SECTIONS.length + SECTIONS.reduce((n, s) => n + s.items.reduce((m, i) => m + 1 + i.fields.length, 0), 0),
    );
    const sample = schema.nodeFromJSON(samplePlanJSON());
    sample.descendants((node) => {
      if (!/^plan_/.test(node.type.spec.group ?? '')) return true;
      const out = node.type.spec.toDOM?.(node) as DOMOutputSpec & [string, Record<string, string>];
      expect(out[1]['data-type'], node.type.name).toBe(node.type.name);
      return true;
    });
  });

  test('every parse rule only matches our own data-type', () => {
    for (const type of Object.values(planSchema().nodes)) {
      if (!/^plan_/.test(type.spec.group ?? '')) continue;
      for (const rule of type.spec.parseDOM ?? []) {
        expect(rule.tag, type.name).toMatch(new RegExp(`^(div|section|figure)\\[data-type="${type.name}"\\]$`));
      }
    }
  });

  test('attrs survive a JSON round trip unchanged', () => {
    const schema = planSchema();
    const doc = schema.nodeFromJSON(samplePlanJSON());
    const again = schema.nodeFromJSON(JSON.parse(JSON.stringify(doc.toJSON())));
    expect(again.eq(doc)).toBe(true);
  });

  test('the model reads fields, hard breaks and typed attrs', () => {
    const model = planModelFromJSON(samplePlanJSON());
    expect(model.header[0]).toMatchObject({ type: 'plan_details', fields: { householdName: 'Familie De Vries' } });
    expect(itemsOf(model, 'young_person').map((y) => [y.fields.name, y.attrs.birthYear])).toEqual([
      ['Jan', 2014],
      ['Sara', 2018],
    ]);
    expect(itemsOf(model, 'danger_statement')[0]?.fields.text).toContain('ruzie maken.\nZe kunnen');
    expect(itemsOf(model, 'safety_score')[0]?.attrs).toMatchObject({ score: 4, date: '2025-04-01' });
    expect(itemsOf(model, 'person')[1]?.attrs).toMatchObject({ isSafetyPerson: true, safetyPersonFor: null });
    for (const key of SECTION_ORDER) expect(Array.isArray(model[key])).toBe(true);
  });

  test('bad input gets a clear error instead of a half plan', () => {
    expect(() => planModelFromJSON(null)).toThrow(PlanInputError);
    expect(() => planModelFromJSON({ type: 'doc', content: [] })).toThrow(/not a valid plan/);
    const swapped = emptyPlanJSON();
    swapped.content = [...(swapped.content ?? [])].reverse();
    expect(() => planModelFromJSON(swapped)).toThrow(PlanInputError);
    expect(() => planModelFromJSON({ type: 'doc', content: [{ type: 'paragraph' }] })).toThrow(/paragraph/);
    expect(() => newItemJSON('safety_score', { score: 11 })).toThrow(/score/);
    expect(() => newItemJSON('safety_goal', { termDate: '2025-02-30' })).toThrow(/termDate/);
    expect(() => newItemJSON('person', { colour: 'red' })).toThrow(/no attr "colour"/);
    expect(() => newItemJSON('agreement', {}, { how: 'x' })).toThrow(/no field "how"/);
    expect(() => newItemJSON('picture', { src: 'https://tracker.example/x.png' })).toThrow(/src/);
    expect(() => newItemJSON('nope' as ItemType)).toThrow(/Unknown plan item type/);
  });

  test('each new item gets its own random id', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newItemJSON('agreement').attrs?.id));
    expect(ids.size).toBe(200);
  });
});
