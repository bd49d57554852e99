import { expect, it } from 'vitest';
import type { EngineSession } from '../../client/src/sync/plan-session.ts';
import { describeState, until } from './support/clients.ts';
import { gatedStore } from './support/gated-store.ts';
import { relayForThisFile } from './support/relay-for-this-file.ts';
import { clockRefusals } from './support/sync-relay.ts';
import { libraryOn, shareBetween } from './support/two-devices.ts';

const { relay, net } = relayForThisFile();

// Online, the relay's ack usually comes before an own change's pending write starts, and takes it
// back (write-behind.ts writeSoon/unqueue): "synced" then means the relay keeps the change, and its
// confirmed copy waits to ride with a later write. A tab that dies right after "synced" leaves
// neither copy on its disk: the reopened plan gets the change back from the relay, draws its next
// clocks past the ones the relay holds, and everything typed afterwards gets through, with no
// warning and nothing refused.
it('a change acknowledged before its write survives a crash: the relay gives it back and later changes go through', async () => {
  const annaStore = gatedStore();
  const { mine, theirs, warnings } = await shareBetween(net, annaStore.kv);
  await mine.flush();
  const writesBefore = annaStore.writes;
  const text = mine.doc.getText('t');
  for (const word of ['eens', ' twee', ' drie']) {
    text.insert(text.length, word);
    await until(`anna synced after "${word}"`, () => mine.state().kind === 'synced' && theirs.doc.getText('t').toString() === text.toString(), 5_000);
  }
  // The state this test is about: three changes acknowledged, none of them written by this device.
  expect(annaStore.writes).toBe(writesBefore);
  annaStore.hold(); // the tab dies now
  net.cut('anna');
  const disk = await annaStore.disk();
  expect(await disk.keys(`plans/${mine.planId}/pending/`)).toEqual([]);

  // Reopened offline: the changes are not on this device, and what is typed now is kept.
  const reopened = (await libraryOn(net, 'anna-again', disk).open(mine.planId)) as EngineSession;
  reopened.onWarning((w) => warnings.push(w));
  expect(reopened.doc.getText('t').toString()).toBe('');
  reopened.doc.getText('t').insert(0, 'vier ');
  await reopened.flush();
  net.heal('anna');
  await until('reopened anna is synced', () => reopened.state().kind === 'synced', 10_000, () => describeState(reopened.state()));
  const both = (s: string) => s.includes('eens twee drie') && s.includes('vier ');
  await until('bram has all four', () => both(theirs.doc.getText('t').toString()), 5_000);
  expect(both(reopened.doc.getText('t').toString())).toBe(true);
  expect(reopened.doc.getText('t').toString()).toBe(theirs.doc.getText('t').toString());
  expect(warnings).toEqual([]);
  expect(clockRefusals(relay)).toEqual([]);
  await reopened.close();
  await theirs.close();
}, 30_000);
