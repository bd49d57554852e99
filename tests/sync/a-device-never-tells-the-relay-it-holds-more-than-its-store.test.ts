import { expect, it } from 'vitest';
import type { PlanMeta } from '../../client/src/sync/plan-store.ts';
import { describeState, until } from './support/clients.ts';
import { gatedStore } from './support/gated-store.ts';
import { relayForThisFile } from './support/relay-for-this-file.ts';
import { clockRefusals, receiptsPrunedUpTo } from './support/sync-relay.ts';
import { libraryOn, shareBetween } from './support/two-devices.ts';

const { relay, net } = relayForThisFile();

/**
 * The relay forgets an envelope's receipt once every device subscribed past its seq
 * (server/src/relay/receipt-pruning.ts). A device's counters run ahead of its store (writes are
 * queued behind, an ack's bookkeeping waits for a ride): if it subscribed from the seq it knows
 * rather than the one it stored, a crash right after could leave an own change pending on its
 * disk whose receipt the relay no longer has. So a subscribe claims only what the store holds,
 * and a reopen after such a crash is synced, keeps the change once and is refused nothing.
 */
it('a device never tells the relay it holds more than its store keeps, and a crash after a reconnect is refused nothing', async () => {
  const annaStore = gatedStore();
  const { mine, theirs, warnings } = await shareBetween(net, annaStore.kv);
  mine.doc.getText('t').insert(0, 'eens');
  await until('anna synced and bram has it', () => mine.state().kind === 'synced' && theirs.doc.getText('t').toString() === 'eens', 5_000);
  annaStore.hold(); // from now on nothing of Anna's reaches her disk
  const disk = await annaStore.disk();
  const storedLastSeq = (await disk.get<PlanMeta>(`plans/${mine.planId}/meta`))!.lastSeq;
  expect(mine.meta.lastSeq).toBeGreaterThan(storedLastSeq); // the ack is known, not yet stored

  // Both reconnect: Bram reads past Anna's change; Anna may claim only what her disk holds.
  for (const [name, session] of [['bram', theirs], ['anna', mine]] as const) {
    net.cut(name);
    await until(`${name} offline`, () => session.state().kind === 'offline');
    net.heal(name);
    session.reconnectNow();
    await until(`${name} live again`, () => session.state().kind === 'synced', 5_000, () => describeState(session.state()));
  }
  await new Promise((r) => setTimeout(r, 200)); // a prune would be logged by now
  expect(receiptsPrunedUpTo(relay)).toBeLessThanOrEqual(storedLastSeq);

  // The tab dies: what is on the disk is opened again.
  net.cut('anna');
  const reopened = await libraryOn(net, 'anna-again', await annaStore.disk()).open(mine.planId);
  reopened.onWarning((w) => warnings.push(w));
  await until('reopened anna is synced', () => reopened.state().kind === 'synced' || reopened.state().kind === 'problem', 10_000, () => describeState(reopened.state()));
  expect(describeState(reopened.state())).toBe('synced');
  reopened.doc.getText('t').insert(4, ' en daarna');
  await until('bram has both, once', () => theirs.doc.getText('t').toString() === 'eens en daarna', 5_000);
  expect(warnings).toEqual([]);
  expect(clockRefusals(relay)).toEqual([]);
  await reopened.close();
  await theirs.close();
}, 30_000);
