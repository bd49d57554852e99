import { expect, test } from 'vitest';
import { createRoot } from 'solid-js';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { restoreEarlier } from '../../review/index.ts';
import type { PlanDocs } from '../../review/index.ts';
import { addItem, fieldText, planNow, seededDocs, sync, typeInto } from '../../review/testing/plan-edits.ts';
import { ownChangeUndo, RESTORE_ORIGIN } from './own-change-undo.ts';
import type { OwnChangeUndo } from './own-change-undo.ts';

/** The review view's undo on a device, with the editors' origin, disposed at the end. */
function withUndo(docs: PlanDocs, run: (undo: OwnChangeUndo) => void): void {
  createRoot((dispose) => {
    try {
      run(ownChangeUndo(docs));
    } finally {
      dispose();
    }
  });
}

test('undo takes back my latest change in whichever document it is, one change at a time, never another member\'s', () => {
  const mine = seededDocs();
  const theirs = seededDocs();
  const agreement = addItem(mine, 'safetyAgreements', 'agreement', { what: 'Oma haalt Jan op.' });
  const log = addItem(mine, 'safetyLog', 'log_entry', { what: 'Rustig.' });
  sync(mine, theirs);
  withUndo(mine, (undo) => {
    expect(undo.count()).toBe(0);
    typeInto(mine, agreement, 'what', 17, ' Op dinsdag.', ySyncPluginKey);
    typeInto(mine, log, 'what', 7, ' Jan sliep goed.', ySyncPluginKey);
    typeInto(theirs, log, 'what', 0, 'Maandag: ');
    sync(theirs, mine);
    expect(undo.count()).toBe(2);

    undo.undo();
    expect(fieldText(mine, log, 'what')).toBe('Maandag: Rustig.');
    expect(fieldText(mine, agreement, 'what')).toBe('Oma haalt Jan op. Op dinsdag.');
    undo.undo();
    expect(fieldText(mine, agreement, 'what')).toBe('Oma haalt Jan op.');
    expect(undo.count()).toBe(0);
    undo.undo();
    expect(fieldText(mine, log, 'what')).toBe('Maandag: Rustig.');
  });
});

test('a restore that changes both documents is one change to undo', () => {
  const docs = seededDocs();
  const agreement = addItem(docs, 'safetyAgreements', 'agreement', { what: 'Oma haalt Jan op.' });
  const log = addItem(docs, 'safetyLog', 'log_entry', { what: 'Rustig.' });
  const earlier = planNow(docs).toJSON();
  withUndo(docs, (undo) => {
    typeInto(docs, agreement, 'what', 17, ' Op dinsdag.', ySyncPluginKey);
    typeInto(docs, log, 'what', 7, ' Jan sliep goed.', ySyncPluginKey);
    const edited = planNow(docs).toJSON();
    expect(undo.count()).toBe(2);

    undo.asOneChange(() => restoreEarlier(docs, earlier, RESTORE_ORIGIN, ['plan', 'contributions']));
    expect(planNow(docs).toJSON()).toEqual(earlier);
    expect(undo.count()).toBe(3);
    undo.undo();
    expect(planNow(docs).toJSON()).toEqual(edited);
    expect(undo.count()).toBe(2);
  });
});
