import { expect, it } from 'vitest';
import { createMemoryStore } from '../../client/src/storage/memory-kv.ts';
import { createPlanLibrary, SyncError } from '../../client/src/sync/index.ts';

// The engine of an open plan is loaded when the first plan opens (the plan list does not need it).
// When it cannot be loaded, opening says so with its own code (the store is fine), the plan stays
// listed, and a later try, once the part loads, opens it: the failure is not kept.
it('a plan whose engine cannot be loaded is refused as app-part-missing, stays listed, and opens once it loads', async () => {
  const kv = createMemoryStore();
  const maker = createPlanLibrary({ kv });
  const made = await maker.create({ title: 'Plan', displayName: 'Sanne' });
  made.doc.getText('t').insert(0, 'bewaard');
  await made.close();
  await maker.close();

  let fail = true;
  const library = createPlanLibrary({
    kv,
    loadEngine: () => (fail ? Promise.reject(new TypeError('Failed to fetch dynamically imported module')) : import('../../client/src/sync/plan-session.ts')),
  });
  const refused = await library.open(made.planId).catch((err: unknown) => err);
  expect(refused).toBeInstanceOf(SyncError);
  expect((refused as SyncError).code).toBe('app-part-missing');
  expect((await library.list()).map((p) => p.planId)).toEqual([made.planId]);

  fail = false;
  const opened = await library.open(made.planId);
  expect(opened.doc.getText('t').toString()).toBe('bewaard');
  await opened.close();
  await library.close();
});
