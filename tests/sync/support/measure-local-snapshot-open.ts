/**
 * Run by hand: `node --import tsx tests/sync/support/measure-local-snapshot-open.ts`. Opens a
 * local plan of 548 stored envelopes (one per day, ~300 KB of text) from the device store, with
 * and without its local snapshot, alternating, and prints the medians (docs/performance.md).
 */
import { createMemoryStore } from '../../../client/src/storage/memory-kv.ts';
import { createPlanLibrary } from '../../../client/src/sync/index.ts';
import type { EngineSession } from '../../../client/src/sync/plan-session.ts';
import { planKeys } from '../../../client/src/sync/plan-store.ts';

const DAYS = 548;
const RUNS = 9;
const kv = createMemoryStore();
const session = (await createPlanLibrary({ kv }).create({ title: 'Plan', displayName: 'Anouk' })) as EngineSession;
const text = session.doc.getText('t');
for (let day = 0; day < DAYS; day++) {
  text.insert(text.length, `Dag ${day}: ${'het ging goed, oma haalde de kinderen op. '.repeat(12)}\n`);
  await session.flush();
}
await session.close();
const sealed = await kv.get(planKeys.local(session.planId));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const timeOpen = async () => {
  const t0 = performance.now();
  const opened = await createPlanLibrary({ kv }).open(session.planId);
  const ms = performance.now() - t0;
  if (opened.doc.getText('t').length !== text.length) throw new Error('content differs');
  await (opened as EngineSession).flush();
  return ms;
};
const withSnap: number[] = [];
const without: number[] = [];
for (let run = 0; run < RUNS; run++) {
  await kv.set(planKeys.local(session.planId), sealed);
  withSnap.push(await timeOpen());
  await kv.del(planKeys.local(session.planId));
  without.push(await timeOpen());
}
console.info(JSON.stringify({ envelopes: DAYS, textChars: text.length, withLocalSnapshotMs: +median(withSnap).toFixed(1), replayAllMs: +median(without).toFixed(1) }));
