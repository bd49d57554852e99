import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import { channelSchema, planSchema, PLAN_CHANNELS, SECTIONS, sectionsOf, type PlanChannel } from '@safeplan/schema/plan';
import type { PlanDocs } from '../review/review-doc.ts';
import { fullPlanJSON } from './plan-json.ts';
import { CHANNEL_FIELD, seedPlanDocs } from '../review/plan-seed.ts';

function sectionNames(doc: Y.Doc, channel: PlanChannel): string[] {
  const json = yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(CHANNEL_FIELD[channel])) as { content?: { type: string }[] };
  return (json.content ?? []).map((n) => n.type);
}

const newDocs = (): PlanDocs => ({ plan: new Y.Doc(), contributions: new Y.Doc() });
const docOf = (docs: PlanDocs, channel: PlanChannel) => (channel === 'plan' ? docs.plan : docs.contributions);
const expected = (channel: PlanChannel) => sectionsOf(channel).map((s) => s.node);

function sync(a: PlanDocs, b: PlanDocs): void {
  for (const channel of PLAN_CHANNELS) {
    Y.applyUpdate(docOf(a, channel), Y.encodeStateAsUpdate(docOf(b, channel)));
    Y.applyUpdate(docOf(b, channel), Y.encodeStateAsUpdate(docOf(a, channel)));
  }
}

describe('seeding the empty plan', () => {
  it('gives each document its own sections, valid under its channel, and together the full plan', () => {
    const docs = newDocs();
    expect(seedPlanDocs(docs)).toEqual(['plan', 'contributions']);
    for (const channel of PLAN_CHANNELS) {
      const json = yXmlFragmentToProsemirrorJSON(docOf(docs, channel).getXmlFragment(CHANNEL_FIELD[channel]));
      expect(() => channelSchema(channel).nodeFromJSON(json).check()).not.toThrow();
      expect(sectionNames(docOf(docs, channel), channel)).toEqual(expected(channel));
    }
    expect(sectionNames(docs.plan, 'plan')).not.toContain('section_safety_log');
    expect(sectionNames(docs.contributions, 'contributions')).toEqual(['section_safety_scale', 'section_safety_log']);
    const full = planSchema().nodeFromJSON(fullPlanJSON(docs));
    expect(() => full.check()).not.toThrow();
    expect(full.content.content.map((n) => n.type.name)).toEqual(SECTIONS.map((s) => s.node));
  });

  it('keeps one plan and one set of contributions when two devices both seed and then sync', () => {
    const a = newDocs();
    const b = newDocs();
    seedPlanDocs(a);
    seedPlanDocs(b);
    sync(a, b);
    for (const channel of PLAN_CHANNELS) {
      expect(sectionNames(docOf(a, channel), channel)).toEqual(expected(channel));
      expect(sectionNames(docOf(b, channel), channel)).toEqual(sectionNames(docOf(a, channel), channel));
    }
    expect(fullPlanJSON(b)).toEqual(fullPlanJSON(a));
  });

  it('never writes over a document that has content', () => {
    const docs = newDocs();
    seedPlanDocs(docs);
    const before = PLAN_CHANNELS.map((c) => Y.encodeStateVector(docOf(docs, c)));
    expect(seedPlanDocs(docs)).toEqual([]);
    expect(PLAN_CHANNELS.map((c) => Y.encodeStateVector(docOf(docs, c)))).toEqual(before);
  });

  it('writes nothing into a document this device may not write, so a contributor seeds only the contributions', () => {
    const docs = newDocs();
    expect(seedPlanDocs(docs, (channel) => channel === 'contributions')).toEqual(['contributions']);
    expect(docs.plan.store.clients.size).toBe(0);
    expect(sectionNames(docs.contributions, 'contributions')).toEqual(expected('contributions'));

    const reader = newDocs();
    expect(seedPlanDocs(reader, () => false)).toEqual([]);
    expect(reader.plan.store.clients.size + reader.contributions.store.clients.size).toBe(0);
  });
});
