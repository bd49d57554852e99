import { describe, expect, test } from 'vitest';
import type { JSONContent } from '@tiptap/core';
import * as Y from 'yjs';
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import {
  PlanInputError,
  SECTIONS,
  channelSchema,
  emptyChannelJSON,
  joinChannelsJSON,
  newItemJSON,
  planModelFromJSON,
  planSchema,
  sectionsOf,
  splitChannelsJSON,
} from './index.ts';
import { samplePlanJSON } from './sample-plan.ts';
import { randomPlanJSON } from './testing/random-plan.ts';
import { seededRandom, testSeed } from '../protocol/testing/seeded-random.ts';

/** A plan as the full schema writes it back (defaults filled in): what join must reproduce. */
const normalized = (json: JSONContent): JSONContent => planSchema().nodeFromJSON(json).toJSON() as JSONContent;
const sectionNames = (doc: JSONContent): string[] => (doc.content ?? []).map((s) => String(s.type));

function expectRoundTrips(full: JSONContent): void {
  const { plan, contributions } = splitChannelsJSON(full);
  expect(sectionNames(plan)).toEqual(sectionsOf('plan').map((s) => s.node));
  expect(sectionNames(contributions)).toEqual(['section_safety_scale', 'section_safety_log']);
  const joined = joinChannelsJSON(plan, contributions);
  expect(joined).toEqual(normalized(full));
  expect(splitChannelsJSON(joined)).toEqual({ plan, contributions });
}

describe('the plan and contributions documents', () => {
  test('split and join round trip the sample plan, and the joined plan reads as the same model', () => {
    const sample = samplePlanJSON();
    expectRoundTrips(sample);
    const { plan, contributions } = splitChannelsJSON(sample);
    expect(planModelFromJSON(joinChannelsJSON(plan, contributions))).toEqual(planModelFromJSON(sample));
    // The log and the scores really moved: the plan document carries none of their text.
    expect(JSON.stringify(plan)).not.toContain('Papa werd boos.');
    expect(JSON.stringify(contributions)).toContain('Papa werd boos.');
    expect(JSON.stringify(contributions)).not.toContain('Familie De Vries');
  });

  test('split and join round trip seeded random plans (every attr kind, marks, hard breaks)', () => {
    const baseSeed = testSeed();
    for (let round = 0; round < 30; round++) {
      const seed = baseSeed + round;
      try {
        expectRoundTrips(randomPlanJSON(seededRandom(seed)));
      } catch (err) {
        throw new Error(`Replay with SAFEPLAN_SEED=${seed}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
    }
  });

  test('each document read back from its own Yjs fragment joins into the same full plan', () => {
    const sample = samplePlanJSON();
    const docs = splitChannelsJSON(sample);
    const viaYjs = (channel: 'plan' | 'contributions'): JSONContent => {
      const ydoc = new Y.Doc();
      prosemirrorJSONToYXmlFragment(channelSchema(channel), docs[channel], ydoc.getXmlFragment(channel));
      const remote = new Y.Doc();
      Y.applyUpdate(remote, Y.encodeStateAsUpdate(ydoc));
      return yXmlFragmentToProsemirrorJSON(remote.getXmlFragment(channel)) as JSONContent;
    };
    expect(joinChannelsJSON(viaYjs('plan'), viaYjs('contributions'))).toEqual(normalized(sample));
    // A fragment nobody has written yet reads as a doc without sections.
    const untouched = yXmlFragmentToProsemirrorJSON(new Y.Doc().getXmlFragment('contributions')) as JSONContent;
    expect(joinChannelsJSON(viaYjs('plan'), untouched)).toEqual(joinChannelsJSON(docs.plan, null));
  });

  test('joining each channel back puts its sections at their place in SECTIONS order', () => {
    const logEntry = newItemJSON('log_entry', { outcome: 'wentWell' }, { what: 'Goed gegaan.' });
    const contributions = emptyChannelJSON('contributions');
    contributions.content![1]!.content = [logEntry];
    const joined = joinChannelsJSON(emptyChannelJSON('plan'), contributions);
    expect(sectionNames(joined)).toEqual(SECTIONS.map((s) => s.node));
    const model = planModelFromJSON(joined);
    expect(model.safetyLog.map((e) => e.fields.what)).toEqual(['Goed gegaan.']);
    expect(model.safetyScale).toEqual([]);
  });

  test.each([
    ['no document', undefined],
    ['null', null],
    ['a doc without content', { type: 'doc' }],
    ['a doc with no sections', { type: 'doc', content: [] }],
  ])('a contributions document not yet written (%s) joins as empty log and scores', (_name, missing) => {
    const { plan } = splitChannelsJSON(samplePlanJSON());
    const joined = joinChannelsJSON(plan, missing);
    expect(joined).toEqual(joinChannelsJSON(plan, emptyChannelJSON('contributions')));
    const model = planModelFromJSON(joined);
    expect([model.safetyScale, model.safetyLog]).toEqual([[], []]);
    expect(model.header[0]?.fields).toMatchObject({ householdName: 'Familie De Vries' });
  });

  test('a plan document not yet written joins as an empty plan, the same every time', () => {
    const { contributions } = splitChannelsJSON(samplePlanJSON());
    const joined = joinChannelsJSON(null, contributions);
    expect(joinChannelsJSON(undefined, contributions)).toEqual(joined);
    const model = planModelFromJSON(joined);
    expect(model.header).toHaveLength(1);
    expect(model.header[0]).toMatchObject({ type: 'plan_details', id: null });
    expect(model.safetyLog).toHaveLength(1);
  });

  test('a section in the wrong document, a missing or extra section, or no document at all is refused', () => {
    const sample = samplePlanJSON();
    const { plan, contributions } = splitChannelsJSON(sample);
    const refused = (fn: () => unknown, pattern: RegExp) => {
      expect(fn).toThrow(PlanInputError);
      expect(fn).toThrow(pattern);
    };
    refused(() => joinChannelsJSON(contributions, plan), /plan document/);
    refused(() => joinChannelsJSON(sample, contributions), /plan document/);
    refused(() => joinChannelsJSON(plan, sample), /contributions document/);
    const planWithLog = { type: 'doc', content: [...plan.content!, contributions.content![1]!] };
    refused(() => joinChannelsJSON(planWithLog, contributions), /not a valid plan document/);
    const onlyLog = { type: 'doc', content: [contributions.content![1]!] };
    refused(() => joinChannelsJSON(plan, onlyLog), /not a valid contributions document/);
    const danger = newItemJSON('danger_statement', {}, { text: 'Gevaar' });
    const scaleWithDanger = { type: 'doc', content: [{ type: 'section_safety_scale', content: [danger] }, contributions.content![1]!] };
    refused(() => joinChannelsJSON(plan, scaleWithDanger), /contributions document/);
    for (const bad of ['plan', 42, [], true]) refused(() => joinChannelsJSON(bad, contributions), /must be a JSON object/);
    refused(() => joinChannelsJSON(plan, 'x'), /contributions document must be a JSON object/);

    refused(() => splitChannelsJSON(null), /must be a JSON object/);
    refused(() => splitChannelsJSON(plan), /not a valid plan/);
    const swapped = normalized(sample);
    swapped.content = [...swapped.content!].reverse();
    refused(() => splitChannelsJSON(swapped), /not a valid plan/);
  });
});
