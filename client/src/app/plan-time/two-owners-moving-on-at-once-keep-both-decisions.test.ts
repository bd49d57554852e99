import { expect, test } from 'vitest';
import * as Y from 'yjs';
import { EditorState } from '@tiptap/pm/state';
import { updateYFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { channelSchema, itemsOf, PLAN_CHANNELS } from '@safeplan/schema/plan';
import { phaseTrack } from '@safeplan/schema/rules';
import type { PlanDocs } from '../../review/review-doc.ts';
import { fullPlanJSON, fullPlanModel } from '../../editor/plan-json.ts';
import { CHANNEL_FIELD, seedPlanDocs } from '../../review/plan-seed.ts';
import { phaseMoveTransaction, type PhaseDecision } from './move-phase.ts';

/**
 * Two owners, each offline on their own tablet, move the plan on at the same time. After the
 * merge both decisions are on record (who, when, why), both devices agree on the phase, and the
 * plan is still valid: a decision is an item, not a single value one write would erase.
 */
const newDocs = (): PlanDocs => ({ plan: new Y.Doc(), contributions: new Y.Doc() });

function sync(a: PlanDocs, b: PlanDocs): void {
  for (const channel of PLAN_CHANNELS) {
    const [da, db] = channel === 'plan' ? [a.plan, b.plan] : [a.contributions, b.contributions];
    Y.applyUpdate(da, Y.encodeStateAsUpdate(db));
    Y.applyUpdate(db, Y.encodeStateAsUpdate(da));
  }
}

/** What the editor does on a device: the step applied to the document, written into its Yjs fragment. */
function moveOn(docs: PlanDocs, decision: PhaseDecision): void {
  const fragment = docs.plan.getXmlFragment(CHANNEL_FIELD.plan);
  const state = EditorState.create({ doc: yXmlFragmentToProseMirrorRootNode(fragment, channelSchema('plan')) });
  const tr = phaseMoveTransaction(state, decision);
  if (!tr) throw new Error('no plan header');
  tr.doc.check();
  docs.plan.transact(() => updateYFragment(docs.plan, fragment, tr.doc, { mapping: new Map(), isOMark: new Map() }));
}

test('two owners moving on at once both stay on record, and both devices agree', () => {
  const a = newDocs();
  seedPlanDocs(a);
  const b = newDocs();
  sync(a, b);

  // Both offline: each moves the plan to direct safety, with their own reason.
  moveOn(a, { from: 'afstemming', to: 'veiligheid', who: 'Els', why: 'Het kan niet wachten.', date: '2026-05-01', openCriteria: 1 });
  moveOn(b, { from: 'afstemming', to: 'veiligheid', who: 'Ali', why: '', date: '2026-05-02', openCriteria: 0 });
  sync(a, b);

  const ma = fullPlanModel(a);
  const mb = fullPlanModel(b);
  expect(fullPlanJSON(a)).toEqual(fullPlanJSON(b));
  expect(itemsOf(ma, 'plan_details')[0]?.attrs.phase).toBe('veiligheid');
  const decisions = itemsOf(ma, 'phase_decision').map((d) => `${d.attrs.date} ${d.fields.who}: ${d.attrs.from}→${d.attrs.to} (${d.attrs.openCriteria}) ${d.fields.why}`);
  expect(decisions.sort()).toEqual(['2026-05-01 Els: afstemming→veiligheid (1) Het kan niet wachten.', '2026-05-02 Ali: afstemming→veiligheid (0) ']);
  // The track reads the same on both: in direct safety since the later decision.
  const now = new Date(2026, 5, 1, 12);
  expect(phaseTrack(ma, { now })).toMatchObject({ phase: 'veiligheid', since: '2026-05-02' });
  expect(phaseTrack(mb, { now })).toEqual(phaseTrack(ma, { now }));
});
