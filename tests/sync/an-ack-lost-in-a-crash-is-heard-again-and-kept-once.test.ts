import { expect, it } from 'vitest';
import type { EngineSession } from '../../client/src/sync/plan-session.ts';
import { describeState, until } from './support/clients.ts';
import { gatedStore } from './support/gated-store.ts';
import { relayForThisFile } from './support/relay-for-this-file.ts';
import { clockRefusals } from './support/sync-relay.ts';
import { libraryOn, shareBetween } from './support/two-devices.ts';

const { relay, net } = relayForThisFile();

// An own change typed offline is written to the device (its pending write) before it can be
// sent; once sent, its ack's bookkeeping (confirmed copy, pending copy removed) waits to ride with
// a later write. A tab that dies right after "synced" leaves the change pending on its disk: the
// reopened plan must send it again, hear the relay's receipt, keep it once and become synced, with
// no warning and nothing refused as replayed.
it('an ack lost in a crash is heard again after reopening and the change is kept once', async () => {
  const annaStore = gatedStore();
  const { mine, theirs, warnings } = await shareBetween(net, annaStore.kv);
  const pendingPrefix = `plans/${mine.planId}/pending/`;
  const seqPrefix = `plans/${mine.planId}/seq/`;
  net.cut('anna');
  mine.doc.getText('t').insert(0, 'eens');
  await mine.flush(); // offline: the pending write goes (online the ack would usually come first and take it back)
  net.heal('anna');
  await until('anna synced and bram has it', () => mine.state().kind === 'synced' && theirs.doc.getText('t').toString() === 'eens', 10_000);
  annaStore.hold(); // the tab dies now: the ack's bookkeeping never reaches the disk
  net.cut('anna');
  const disk = await annaStore.disk();
  const pendingOnDisk = await disk.keys(pendingPrefix);
  // The state this test is about: the change is durable, its ack is not.
  expect(pendingOnDisk).toHaveLength(1);
  const envelope = await disk.get<Uint8Array>(pendingOnDisk[0]!);

  const reopened = (await libraryOn(net, 'anna-again', disk).open(mine.planId)) as EngineSession;
  reopened.onWarning((w) => warnings.push(w));
  expect(reopened.doc.getText('t').toString()).toBe('eens');
  await until('reopened anna is synced', () => reopened.state().kind === 'synced', 10_000, () => describeState(reopened.state()));
  await reopened.flush();
  expect(await disk.keys(pendingPrefix)).toEqual([]);
  // Kept once, under the relay's seq: exactly one stored copy holds the envelope's bytes.
  const copies = [];
  for (const key of await disk.keys(seqPrefix)) {
    const stored = await disk.get<Uint8Array>(key);
    if (stored instanceof Uint8Array && Buffer.from(stored).equals(Buffer.from(envelope!))) copies.push(key);
  }
  expect(copies).toHaveLength(1);
  reopened.doc.getText('t').insert(4, ' en daarna');
  await until('bram has both, once', () => theirs.doc.getText('t').toString() === 'eens en daarna', 5_000);
  expect(reopened.doc.getText('t').toString()).toBe('eens en daarna');
  expect(warnings).toEqual([]);
  expect(clockRefusals(relay)).toEqual([]);
  await reopened.close();
  await theirs.close();
}, 30_000);
