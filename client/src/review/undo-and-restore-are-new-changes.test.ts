import { expect, test } from 'vitest';
import * as Y from 'yjs';
import { seedPlanDoc } from '../editor/seed.ts';
import { recordChanges } from './change-recorder.ts';
import { changesSince } from './changes-since.ts';
import { ownUndoManager } from './own-undo.ts';
import { planAt, restoreEarlier, RestoreError } from './restore-earlier.ts';
import { addItem, EDITOR_ORIGIN, fieldText, planNow, sync, typeInto } from './testing/plan-edits.ts';

function device(memberId: string, clock: { t: number }): Y.Doc {
  const doc = new Y.Doc({ gc: false });
  seedPlanDoc(doc);
  recordChanges(doc, { memberId, now: () => clock.t });
  return doc;
}

test('undo takes back only my own change, never the other member\'s concurrent edit', () => {
  const clock = { t: 1_000 };
  const parent = device('parent', clock);
  const grandma = device('grandma', clock);
  const id = addItem(parent, 'safetyAgreements', 'agreement', { what: 'Oma haalt Jan op.' });
  sync(parent, grandma);
  const undo = ownUndoManager(parent, EDITOR_ORIGIN);

  typeInto(parent, id, 'what', 17, ' Op dinsdag.');
  typeInto(grandma, id, 'what', 0, 'Elke week: ');
  sync(grandma, parent);
  expect(fieldText(parent, id, 'what')).toBe('Elke week: Oma haalt Jan op. Op dinsdag.');

  undo.undo();
  expect(fieldText(parent, id, 'what')).toBe('Elke week: Oma haalt Jan op.');
  // The undo is itself a recorded change of the parent, visible to reviewers as a deletion.
  const runs = changesSince(parent, 'plan', null).flatMap((s) => s.items).find((i) => i.itemId === id)?.fields[0]?.runs;
  expect(runs?.map((r) => r.kind)).toEqual(['inserted', 'inserted']);
  expect(runs?.map((r) => r.by?.member)).toEqual(['grandma', 'parent']);
});

test('restoring an earlier version is a new change: the later text stays in history, attributed to who restored', () => {
  const clock = { t: 1_000 };
  const pro = device('pro', clock);
  const id = addItem(pro, 'safetyAgreements', 'agreement', { what: 'Papa belt oma.' });
  const earlier = Y.snapshot(pro);
  const before = planNow(pro).toJSON();
  clock.t = 2_000;
  typeInto(pro, id, 'what', 14, ' En de buurman.');
  const afterEdit = Y.snapshot(pro);

  clock.t = 3_000;
  restoreEarlier(pro, 'plan', earlier, EDITOR_ORIGIN);
  expect(planNow(pro).toJSON()).toEqual(before);
  // History is intact: the edited state can still be read back.
  expect(planAt(pro, 'plan', afterEdit).textContent).toContain('En de buurman.');
  const change = changesSince(pro, 'plan', afterEdit).flatMap((s) => s.items)[0];
  expect(change?.fields[0]?.runs).toEqual([
    { kind: 'same', text: 'Papa belt oma.' },
    { kind: 'deleted', text: ' En de buurman.', by: { member: 'pro', at: 3_000 } },
  ]);

  // The same from a version's JSON content.
  typeInto(pro, id, 'what', 0, 'Nu: ');
  restoreEarlier(pro, 'plan', before, EDITOR_ORIGIN);
  expect(planNow(pro).toJSON()).toEqual(before);
});

test('restoring refuses content that is not a plan, and a document that forgot its history, changing nothing', () => {
  const clock = { t: 1_000 };
  const pro = device('pro', clock);
  addItem(pro, 'safetyAgreements', 'agreement', { what: 'Papa belt oma.' });
  const now = planNow(pro).toJSON();
  expect(() => restoreEarlier(pro, 'plan', { type: 'doc', content: [] }, EDITOR_ORIGIN)).toThrow(RestoreError);
  expect(planNow(pro).toJSON()).toEqual(now);

  const forgetful = new Y.Doc();
  seedPlanDoc(forgetful);
  expect(() => planAt(forgetful, 'plan', Y.snapshot(forgetful))).toThrow(/gc is on/);
});
