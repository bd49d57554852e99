import { expect, test } from 'vitest';
import * as Y from 'yjs';
import { SECTION_ORDER } from '@safeplan/schema/plan';
import { recordChanges } from './change-recorder.ts';
import { changesSince } from './changes-since.ts';
import { ownUndoManager } from './own-undo.ts';
import { snapshotsOf } from './plan-snapshots.ts';
import { CONTRIBUTIONS_FRAGMENT } from './review-doc.ts';
import type { PlanDocs } from './review-doc.ts';
import { planAt, restoreEarlier, RestoreError } from './restore-earlier.ts';
import { addItem, EDITOR_ORIGIN, fieldText, planNow, seededDocs, sync, typeInto } from './testing/plan-edits.ts';

function device(memberId: string, clock: { t: number }): PlanDocs {
  const docs = seededDocs();
  recordChanges(docs.plan, { memberId, now: () => clock.t });
  recordChanges(docs.contributions, { memberId, fragmentName: CONTRIBUTIONS_FRAGMENT, now: () => clock.t });
  return docs;
}

test('undo takes back only my own change, never the other member\'s concurrent edit', () => {
  const clock = { t: 1_000 };
  const parent = device('parent', clock);
  const grandma = device('grandma', clock);
  const id = addItem(parent, 'safetyAgreements', 'agreement', { what: 'Oma haalt Jan op.' });
  sync(parent, grandma);
  const undo = ownUndoManager(parent.plan, EDITOR_ORIGIN);

  typeInto(parent, id, 'what', 17, ' Op dinsdag.');
  typeInto(grandma, id, 'what', 0, 'Elke week: ');
  sync(grandma, parent);
  expect(fieldText(parent, id, 'what')).toBe('Elke week: Oma haalt Jan op. Op dinsdag.');

  undo.undo();
  expect(fieldText(parent, id, 'what')).toBe('Elke week: Oma haalt Jan op.');
  // The undo is itself a recorded change of the parent, visible to reviewers as a deletion.
  const runs = changesSince(parent, null).flatMap((s) => s.items).find((i) => i.itemId === id)?.fields[0]?.runs;
  expect(runs?.map((r) => r.kind)).toEqual(['inserted', 'inserted']);
  expect(runs?.map((r) => r.by?.member)).toEqual(['grandma', 'parent']);
});

test('undo in the contributions document takes back my own log entry only, and leaves the plan document alone', () => {
  const clock = { t: 1_000 };
  const grandma = device('grandma', clock);
  const parent = device('parent', clock);
  const agreement = addItem(parent, 'safetyAgreements', 'agreement', { what: 'Oma haalt Jan op.' });
  sync(parent, grandma);
  const undo = ownUndoManager(grandma.contributions, EDITOR_ORIGIN, CONTRIBUTIONS_FRAGMENT);
  const entry = addItem(grandma, 'safetyLog', 'log_entry', { what: 'Rustige week.' });
  addItem(parent, 'safetyLog', 'log_entry', { what: 'Jan sliep goed.' });
  sync(parent, grandma);
  const planBefore = Y.encodeStateVector(grandma.plan);

  undo.undo();
  expect(Y.encodeStateVector(grandma.plan)).toEqual(planBefore);
  const log = planNow(grandma).child(SECTION_ORDER.indexOf('safetyLog')).textContent;
  expect(log).toContain('Jan sliep goed.');
  expect(log).not.toContain('Rustige week.');
  expect(() => fieldText(grandma, entry, 'what')).toThrow(/No field/);
  expect(fieldText(grandma, agreement, 'what')).toBe('Oma haalt Jan op.');
});

test('restoring an earlier version is a new change in both documents: the later text stays in history, attributed to who restored', () => {
  const clock = { t: 1_000 };
  const pro = device('pro', clock);
  const id = addItem(pro, 'safetyAgreements', 'agreement', { what: 'Papa belt oma.' });
  const log = addItem(pro, 'safetyLog', 'log_entry', { what: 'Goede week.' });
  const earlier = snapshotsOf(pro);
  const before = planNow(pro).toJSON();
  clock.t = 2_000;
  typeInto(pro, id, 'what', 14, ' En de buurman.');
  typeInto(pro, log, 'what', 11, ' Oma kwam.');
  const afterEdit = snapshotsOf(pro);

  clock.t = 3_000;
  restoreEarlier(pro, earlier, EDITOR_ORIGIN, ['plan', 'contributions']);
  expect(planNow(pro).toJSON()).toEqual(before);
  // History is intact: the edited state can still be read back, from both documents.
  expect(planAt(pro, afterEdit).textContent).toContain('En de buurman.');
  expect(planAt(pro, afterEdit).textContent).toContain('Oma kwam.');
  const changes = changesSince(pro, afterEdit);
  expect(changes.map((s) => s.section)).toEqual(['safetyAgreements', 'safetyLog']);
  expect(changes.map((s) => s.items[0]?.fields[0]?.runs)).toEqual([
    [
      { kind: 'same', text: 'Papa belt oma.' },
      { kind: 'deleted', text: ' En de buurman.', by: { member: 'pro', at: 3_000 } },
    ],
    [
      { kind: 'same', text: 'Goede week.' },
      { kind: 'deleted', text: ' Oma kwam.', by: { member: 'pro', at: 3_000 } },
    ],
  ]);

  // The same from a version's JSON content (the full plan); a document already as it was gets no change.
  typeInto(pro, id, 'what', 0, 'Nu: ');
  const contributionsBefore = Y.encodeStateVector(pro.contributions);
  restoreEarlier(pro, before, EDITOR_ORIGIN);
  expect(planNow(pro).toJSON()).toEqual(before);
  expect(Y.encodeStateVector(pro.contributions)).toEqual(contributionsBefore);
});

test('restoring a version by default takes the plan back and leaves the log and scores written since', () => {
  const clock = { t: 1_000 };
  const pro = device('pro', clock);
  const id = addItem(pro, 'safetyAgreements', 'agreement', { what: 'Papa belt oma.' });
  const version = planNow(pro).toJSON();
  clock.t = 2_000;
  typeInto(pro, id, 'what', 14, ' En de buurman.');
  addItem(pro, 'safetyLog', 'log_entry', { what: 'Oma kwam langs.' });
  const contributionsBefore = Y.encodeStateVector(pro.contributions);

  restoreEarlier(pro, version, EDITOR_ORIGIN);
  const now = planNow(pro);
  expect(now.textContent).not.toContain('En de buurman.');
  expect(now.textContent).toContain('Oma kwam langs.');
  expect(Y.encodeStateVector(pro.contributions)).toEqual(contributionsBefore);
});

test('restoring refuses content that is not a plan, and a document that forgot its history, changing nothing', () => {
  const clock = { t: 1_000 };
  const pro = device('pro', clock);
  addItem(pro, 'safetyAgreements', 'agreement', { what: 'Papa belt oma.' });
  const now = planNow(pro).toJSON();
  expect(() => restoreEarlier(pro, { type: 'doc', content: [] }, EDITOR_ORIGIN)).toThrow(RestoreError);
  expect(planNow(pro).toJSON()).toEqual(now);

  const forgetful = { plan: new Y.Doc(), contributions: new Y.Doc() };
  expect(() => planAt(forgetful, snapshotsOf(forgetful))).toThrow(/gc is on/);
});
