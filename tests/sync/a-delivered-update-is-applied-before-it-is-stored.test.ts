import { expect, it } from 'vitest';
import { until } from './support/clients.ts';
import { gatedStore } from './support/gated-store.ts';
import { relayForThisFile } from './support/relay-for-this-file.ts';
import { shareBetween } from './support/two-devices.ts';

const { net } = relayForThisFile();

// The person reading sees a change as soon as it is checked: the device store's write (IndexedDB
// on a busy tablet can take tens of ms) comes after, not before. Here Bram's store holds every
// write until the test lets it go; his document shows Anna's words meanwhile, and once the writes
// go through his store holds them too.
it('a delivered update is applied before it is stored', async () => {
  const bramStore = gatedStore();
  const { mine, theirs, warnings } = await shareBetween(net, undefined, bramStore.kv);
  const stored = async () => (await (await bramStore.disk()).keys(`plans/${theirs.planId}/seq/`)).length;
  await theirs.flush(); // what Bram received before (deliveries wait for a ride) is on disk first
  const before = await stored();
  bramStore.hold();
  mine.doc.getText('t').insert(0, 'hallo');
  await until('bram shows the change while his store still holds its write', () => theirs.doc.getText('t').toString() === 'hallo', 5_000);
  // Nothing of it is on Bram's disk yet: the apply did not wait for the write.
  expect(await stored()).toBe(before);
  bramStore.release();
  await theirs.flush();
  expect(await stored()).toBe(before + 1);
  expect(warnings).toEqual([]);
  await mine.close();
  await theirs.close();
}, 30_000);
