import { expect, it } from 'vitest';
import type { EngineSession } from '../../client/src/sync/plan-session.ts';
import { describeState, until } from './support/clients.ts';
import { gatedStore } from './support/gated-store.ts';
import { relayForThisFile } from './support/relay-for-this-file.ts';
import { libraryOn, shareBetween } from './support/two-devices.ts';

const { net } = relayForThisFile();

// A delivered update is applied before it is stored. If the tab dies in between, the store must
// not claim it: its lastSeq stays before the update, so the reopened plan asks the relay from
// there and gets it again, applied without a warning (nothing looks replayed or missing).
it('a crash between apply and store refetches the update', async () => {
  const bramStore = gatedStore();
  const { mine, theirs } = await shareBetween(net, undefined, bramStore.kv);
  mine.doc.getText('t').insert(0, 'eerst ');
  await until('bram has the first change stored', async () => theirs.doc.getText('t').toString() === 'eerst ' && (await theirs.flush().then(() => true)));
  bramStore.hold(); // from here nothing Bram writes reaches his disk: the tab is about to die
  mine.doc.getText('t').insert(6, 'en dan dit');
  await until('bram shows the second change', () => theirs.doc.getText('t').toString() === 'eerst en dan dit', 5_000);
  net.cut('bram'); // the tab dies: its line goes, its held writes never land
  const disk = await bramStore.disk();
  const meta = await disk.get<{ lastSeq: number }>(`plans/${theirs.planId}/meta`);

  const reopened = (await libraryOn(net, 'bram-again', disk).open(theirs.planId)) as EngineSession;
  const warnings: string[] = [];
  reopened.onWarning((w) => warnings.push(w.code));
  // The store did not claim the second change: the reopened plan starts without it...
  expect(reopened.meta.lastSeq).toBe(meta?.lastSeq);
  // ...and gets it from the relay.
  await until('the reopened plan has the change again and is synced', () => reopened.doc.getText('t').toString() === 'eerst en dan dit' && reopened.state().kind === 'synced', 10_000, () => describeState(reopened.state()));
  expect(reopened.meta.lastSeq).toBeGreaterThan(meta?.lastSeq ?? 0);
  expect(warnings).toEqual([]);
  await reopened.close();
  await mine.close();
}, 30_000);
