import { expect, it } from 'vitest';
import type { PlanMeta } from '../../client/src/sync/plan-store.ts';
import { until } from './support/clients.ts';
import { countingStore } from './support/counting-store.ts';
import { relayForThisFile } from './support/relay-for-this-file.ts';
import { shareBetween } from './support/two-devices.ts';

const { net } = relayForThisFile();

// Keystrokes arriving one at a time (each applied before the next is typed): the receiver's
// writes of them (envelope and raised lastSeq) wait for a ride and share a transaction, instead
// of one transaction per keystroke. Once someone waits for the store, all of them are on disk.
it('keystrokes received a moment apart share a store transaction, and all are stored', async () => {
  const bramKv = countingStore();
  const { mine, theirs, warnings } = await shareBetween(net, undefined, bramKv);
  const text = mine.doc.getText('t');
  const keystrokes = 20;
  await theirs.flush();
  const before = bramKv.transactions;
  for (let i = 0; i < keystrokes; i++) {
    text.insert(text.length, 'x');
    await until(`keystroke ${i} at bram`, () => theirs.doc.getText('t').length === i + 1, 5_000);
  }
  expect((bramKv.transactions - before) / keystrokes).toBeLessThanOrEqual(0.5);
  await theirs.flush();
  const stored = await bramKv.get<PlanMeta>(`plans/${theirs.planId}/meta`);
  expect(stored!.lastSeq).toBe(theirs.meta.lastSeq);
  expect((await bramKv.keys(`plans/${theirs.planId}/seq/`)).length).toBeGreaterThanOrEqual(keystrokes);
  expect(warnings).toEqual([]);
  await mine.close();
  await theirs.close();
}, 30_000);
