import { expect, it } from 'vitest';
import type { EngineSession } from '../../client/src/sync/plan-session.ts';
import { describeState, until } from './support/clients.ts';
import { gatedStore } from './support/gated-store.ts';
import { relayForThisFile } from './support/relay-for-this-file.ts';
import { clockRefusals } from './support/sync-relay.ts';
import { libraryOn, shareBetween } from './support/two-devices.ts';

const { relay, net } = relayForThisFile();

// An own change goes out while its pending write runs. If the tab dies before the write lands,
// the relay holds an own clock the store never got. The reopened plan (offline at first, so it
// seals new typing under that same clock) must get the lost change back from the relay and move
// its new change past the relay's clock: nothing is lost, nothing is refused as replayed.
it('a change sent before its write survives a crash, and later typing takes the next clock', async () => {
  const annaStore = gatedStore();
  const { mine, theirs, warnings } = await shareBetween(net, annaStore.kv);
  annaStore.hold(); // the tab is about to die: nothing Anna writes from here reaches her disk
  mine.doc.getText('t').insert(0, 'verzonden ');
  await until('bram has the change Anna never stored', () => theirs.doc.getText('t').toString() === 'verzonden ', 5_000);
  net.cut('anna');
  const disk = await annaStore.disk();

  net.cut('anna-again'); // reopened without network first
  const reopened = (await libraryOn(net, 'anna-again', disk).open(mine.planId)) as EngineSession;
  reopened.onWarning((w) => warnings.push(w));
  expect(reopened.doc.getText('t').toString()).toBe('');
  reopened.doc.getText('t').insert(0, 'daarna');
  await reopened.flush();
  net.heal('anna-again');
  const both = (t: string) => t.includes('verzonden ') && t.includes('daarna');
  await until('anna has both and is synced', () => both(reopened.doc.getText('t').toString()) && reopened.state().kind === 'synced', 10_000, () => describeState(reopened.state()));
  await until('bram has both', () => both(theirs.doc.getText('t').toString()), 5_000);
  expect(theirs.doc.getText('t').toString()).toBe(reopened.doc.getText('t').toString());
  expect(warnings).toEqual([]);
  expect(clockRefusals(relay)).toEqual([]);
  await reopened.close();
  await theirs.close();
}, 30_000);
