import { expect, it } from 'vitest';
import { until } from './support/clients.ts';
import { countingStore } from './support/counting-store.ts';
import { relayForThisFile } from './support/relay-for-this-file.ts';
import { shareBetween } from './support/two-devices.ts';

const { net } = relayForThisFile();

// Keystrokes typed one at a time, each sent, acknowledged and shown as synced before the next:
// the pending write (envelope and raised clock) is one transaction, and the ack's bookkeeping
// (confirmed copy, counters, the pending copy's removal) rides with the next keystroke's write
// instead of costing a transaction of its own. "Synced" does not wait for it.
it('a lone keystroke costs one store transaction once it is sent and acknowledged', async () => {
  const annaKv = countingStore();
  const { mine, theirs, warnings } = await shareBetween(net, annaKv);
  const text = mine.doc.getText('t');
  const keystrokes = 20;
  const before = annaKv.transactions;
  for (let i = 0; i < keystrokes; i++) {
    text.insert(text.length, 'x');
    await until(`keystroke ${i} synced and at bram`, () => mine.state().kind === 'synced' && theirs.doc.getText('t').length === i + 1, 5_000);
  }
  const perKeystroke = (annaKv.transactions - before) / keystrokes;
  expect(perKeystroke).toBeLessThanOrEqual(1.1);
  // What waited for a ride is written as soon as someone waits for the store.
  await mine.flush();
  expect(await annaKv.keys(`plans/${mine.planId}/pending/`)).toEqual([]);
  expect(warnings).toEqual([]);
  await mine.close();
  await theirs.close();
}, 30_000);
