import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { seedPlanDoc } from '../../client/src/editor/seed.ts';
import { recordChanges } from '../../client/src/review/change-recorder.ts';
import { changeAuthors, changesSince } from '../../client/src/review/changes-since.ts';
import type { SectionChanges } from '../../client/src/review/changes-since.ts';
import { markReviewed, reviewMarkOf } from '../../client/src/review/review-marks.ts';
import { planAt } from '../../client/src/review/restore-earlier.ts';
import {
  addItem,
  deleteIn,
  fieldPos,
  fieldText,
  planNow,
  removeItem,
  setItemAttr,
  sync,
  typeInto,
} from '../../client/src/review/testing/plan-edits.ts';
import { seededRandom } from '../../schema/src/protocol/testing/seeded-random.ts';

const PLAN = 'plan';

function device(memberId: string, clock: { t: number }): Y.Doc {
  const doc = new Y.Doc({ gc: false });
  seedPlanDoc(doc);
  recordChanges(doc, { memberId, now: () => clock.t });
  return doc;
}

function both(a: Y.Doc, b: Y.Doc): void {
  sync(a, b);
  sync(b, a);
}

function sectionsOf(changes: SectionChanges[]): string[] {
  return changes.map((c) => c.section);
}

describe('a professional sees what changed since their last review, by whom and when', () => {
  test('two sections edited by a parent show up on the professional device, attributed to the parent with the time', () => {
    const clock = { t: 1_000 };
    const parent = device('parent', clock);
    const pro = device('pro', clock);
    both(parent, pro);

    clock.t = 2_000;
    const agreement = addItem(parent, 'safetyAgreements', 'agreement', { what: 'Papa belt oma als hij boos wordt.' });
    clock.t = 3_000;
    const danger = addItem(parent, 'dangerStatements', 'danger_statement', { text: 'Jan wordt geslagen.' });
    sync(parent, pro);

    const changes = changesSince(pro, PLAN, reviewMarkOf(pro, 'pro')?.snapshot ?? null);
    expect(sectionsOf(changes)).toEqual(['dangerStatements', 'safetyAgreements']);
    const [dangerChange, agreementChange] = changes.map((c) => c.items);
    expect(dangerChange).toEqual([
      {
        status: 'added',
        itemId: danger,
        itemType: 'danger_statement',
        by: { member: 'parent', at: 3_000 },
        fields: [{ field: 'text', runs: [{ kind: 'inserted', text: 'Jan wordt geslagen.', by: { member: 'parent', at: 3_000 } }] }],
        attrs: [],
      },
    ]);
    expect(agreementChange?.[0]?.itemId).toBe(agreement);
    expect(agreementChange?.[0]?.by).toEqual({ member: 'parent', at: 2_000 });
    expect(changeAuthors(changes)).toEqual(['parent']);
  });

  test('after "mark as reviewed" only later edits show, with exact inserted and deleted runs', () => {
    const clock = { t: 1_000 };
    const parent = device('parent', clock);
    const pro = device('pro', clock);
    const agreement = addItem(parent, 'safetyAgreements', 'agreement', { what: 'Papa belt oma als hij boos wordt.' });
    const goal = addItem(parent, 'safetyGoals', 'safety_goal', { text: 'Jan voelt zich veilig.' }, { termDate: '2025-03-01' });
    const gone = addItem(parent, 'goingWell', 'strength', { text: 'Oma komt elke week.' });
    both(parent, pro);
    clock.t = 5_000;
    markReviewed(pro, 'pro', clock.t);
    both(parent, pro);

    clock.t = 6_000;
    // "Papa belt oma als hij boos wordt." → "Papa belt de buurman als hij boos wordt."
    deleteIn(parent, agreement, 'what', 10, 14);
    clock.t = 7_000;
    typeInto(parent, agreement, 'what', 10, 'de buurman ');
    clock.t = 8_000;
    setItemAttr(parent, goal, 'termDate', '2025-04-01');
    clock.t = 9_000;
    removeItem(parent, gone);
    sync(parent, pro);

    const mark = reviewMarkOf(pro, 'pro');
    expect(mark?.at).toBe(5_000);
    const changes = changesSince(pro, PLAN, mark?.snapshot ?? null);
    expect(sectionsOf(changes)).toEqual(['goingWell', 'safetyGoals', 'safetyAgreements']);
    const byId = new Map(changes.flatMap((c) => c.items).map((i) => [i.itemId, i]));
    expect(byId.get(agreement)).toEqual({
      status: 'changed',
      itemId: agreement,
      itemType: 'agreement',
      by: null,
      fields: [
        {
          field: 'what',
          runs: [
            { kind: 'same', text: 'Papa belt ' },
            { kind: 'deleted', text: 'oma ', by: { member: 'parent', at: 6_000 } },
            { kind: 'inserted', text: 'de buurman ', by: { member: 'parent', at: 7_000 } },
            { kind: 'same', text: 'als hij boos wordt.' },
          ],
        },
      ],
      attrs: [],
    });
    expect(byId.get(goal)?.attrs).toEqual([
      { attr: 'termDate', before: '2025-03-01', after: '2025-04-01', by: { member: 'parent', at: 8_000 } },
    ]);
    expect(byId.get(goal)?.fields).toEqual([]);
    expect(byId.get(gone)).toMatchObject({
      status: 'removed',
      by: { member: 'parent', at: 9_000 },
      fields: [{ field: 'text', runs: [{ kind: 'deleted', text: 'Oma komt elke week.', by: { member: 'parent', at: 9_000 } }] }],
    });
  });

  test('the review mark is synced: the reviewer\'s other device starts from the same mark', () => {
    const clock = { t: 1_000 };
    const parent = device('parent', clock);
    const proPhone = device('pro', clock);
    const proTablet = device('pro', clock);
    addItem(parent, 'safetyAgreements', 'agreement', { what: 'Oma haalt Jan op.' });
    both(parent, proPhone);
    markReviewed(proPhone, 'pro', 2_000);
    both(proPhone, proTablet);
    expect(changesSince(proPhone, PLAN, reviewMarkOf(proPhone, 'pro')?.snapshot ?? null)).toEqual([]);
    expect(changesSince(proTablet, PLAN, reviewMarkOf(proTablet, 'pro')?.snapshot ?? null)).toEqual([]);
    expect(reviewMarkOf(proTablet, 'pro')?.at).toBe(2_000);
    expect(reviewMarkOf(proTablet, 'parent')).toBeNull();
  });

  test('filtering by person and by section keeps only those changes', () => {
    const clock = { t: 1_000 };
    const parent = device('parent', clock);
    const grandma = device('grandma', clock);
    const agreement = addItem(parent, 'safetyAgreements', 'agreement', { what: 'Papa belt oma.' });
    both(parent, grandma);
    const mark = Y.snapshot(grandma);
    clock.t = 2_000;
    typeInto(grandma, agreement, 'what', 14, ' Oma komt dan.');
    clock.t = 3_000;
    addItem(parent, 'safetyLog', 'log_entry', { what: 'Het ging goed.' });
    both(parent, grandma);

    const all = changesSince(parent, PLAN, mark);
    expect(changeAuthors(all)).toEqual(['grandma', 'parent']);

    const onlyGrandma = changesSince(parent, PLAN, mark, { members: ['grandma'] });
    expect(sectionsOf(onlyGrandma)).toEqual(['safetyAgreements']);
    expect(onlyGrandma[0]?.items[0]?.fields[0]?.runs).toEqual([
      { kind: 'same', text: 'Papa belt oma.' },
      { kind: 'inserted', text: ' Oma komt dan.', by: { member: 'grandma', at: 2_000 } },
    ]);

    const onlyLog = changesSince(parent, PLAN, mark, { sections: ['safetyLog'] });
    expect(sectionsOf(onlyLog)).toEqual(['safetyLog']);
    expect(changesSince(parent, PLAN, mark, { members: ['nobody'] })).toEqual([]);
  });

  test('the empty plan every device seeds is never listed as a change', () => {
    const clock = { t: 1_000 };
    const doc = device('parent', clock);
    expect(changesSince(doc, PLAN, null)).toEqual([]);
  });

  test('random edits by two members: runs rebuild the text at the mark and the text now (seeded)', () => {
    const seed = Number(process.env.REVIEW_SEED ?? Date.now() % 1_000_000);
    const random = seededRandom(seed);
    const words = ['Jan', 'oma', 'belt', 'komt', 'veilig', 'school', 'papa', 'boos', 'rustig', ' ', ' ', '.'];
    try {
      for (let round = 0; round < 4; round++) {
        const clock = { t: 1_000 };
        const docs = [device('parent', clock), device('pro', clock)];
        const [a, b] = docs as [Y.Doc, Y.Doc];
        const ids = [addItem(a, 'safetyAgreements', 'agreement', { what: 'Papa belt oma als hij boos wordt.' })];
        ids.push(addItem(a, 'safetyGoals', 'safety_goal', { text: 'Jan is veilig.' }));
        both(a, b);
        const mark = Y.snapshot(b);
        const field = (id: string) => (id === ids[0] ? 'what' : 'text');
        for (let step = 0; step < 25; step++) {
          clock.t += 10;
          const doc = docs[Math.floor(random() * 2)] as Y.Doc;
          const id = ids[Math.floor(random() * ids.length)] as string;
          const text = fieldText(doc, id, field(id));
          if (random() < 0.55 || text.length === 0) {
            const word = words[Math.floor(random() * words.length)] as string;
            typeInto(doc, id, field(id), Math.floor(random() * (text.length + 1)), word);
          } else {
            const from = Math.floor(random() * text.length);
            const to = Math.min(text.length, from + 1 + Math.floor(random() * 6));
            deleteIn(doc, id, field(id), from, to);
          }
          if (random() < 0.3) both(a, b);
        }
        both(a, b);
        const then = planAt(b, PLAN, mark);
        const now = planNow(b);
        const items = changesSince(b, PLAN, mark).flatMap((s) => s.items);
        for (const id of ids) {
          const before = fieldPos(then, id, field(id)).text;
          const after = fieldPos(now, id, field(id)).text;
          const runs = items.find((i) => i.itemId === id)?.fields[0]?.runs ?? [{ kind: 'same' as const, text: after }];
          expect(runs.filter((r) => r.kind !== 'inserted').map((r) => r.text).join('')).toBe(before);
          expect(runs.filter((r) => r.kind !== 'deleted').map((r) => r.text).join('')).toBe(after);
          for (const r of runs) if (r.kind !== 'same') expect(['parent', 'pro']).toContain(r.by?.member);
        }
      }
    } catch (err) {
      console.error(`changes-since random edits failed with seed ${seed} (rerun with REVIEW_SEED=${seed})`);
      throw err;
    }
  });
});
