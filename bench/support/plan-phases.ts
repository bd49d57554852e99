import type * as Y from 'yjs';
import { SNAPSHOT_EVERY } from '../../client/src/sync/relay-snapshots.ts';

const SETTLE_MS = 2000;

/**
 * Plans in use are at different points of their snapshot cycles (a relay snapshot every
 * SNAPSHOT_EVERY envelopes of a plan, a local one on each device every LOCAL_SNAPSHOT_EVERY).
 * Started together and typed at one rate, the bench's plans would all cross those marks in the
 * same second, and the comparisons and local snapshots of every device on this thread would queue
 * up in one burst, which a relay's real plans never do. So each plan first gets a seeded number of
 * envelopes below SNAPSHOT_EVERY, untimed (its editors type in turns, one envelope per keystroke:
 * the turns are further apart than the batcher's window), and typing starts once every device of
 * the plan has them all and a moment (SETTLE_MS) has passed. Every variant gets the same counts, so the documents are alike. Devices
 * come in plans of `editors`, in order; returns each plan's count.
 */
export async function spreadPhases(devices: readonly { doc: Y.Doc }[], editors: number, rand: () => number): Promise<number[]> {
  const plans: { docs: Y.Doc[]; envelopes: number }[] = [];
  for (let i = 0; i < devices.length; i += editors) {
    plans.push({ docs: devices.slice(i, i + editors).map((d) => d.doc), envelopes: Math.floor(rand() * SNAPSHOT_EVERY) });
  }
  const rounds = Math.max(0, ...plans.map((p) => p.envelopes));
  for (let r = 0; r < rounds; r++) {
    for (const plan of plans) {
      if (r >= plan.envelopes) continue;
      const doc = plan.docs[r % editors]!;
      doc.getText('warm-up').insert(0, 'w');
    }
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
  const deadline = performance.now() + 120_000;
  while (!plans.every((p) => p.docs.every((d) => d.getText('warm-up').length === p.envelopes))) {
    if (performance.now() > deadline) throw new Error('the warm-up envelopes did not reach every device within 120 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  // What the warm-up made due (snapshots, their comparisons, acks' bookkeeping) runs now, not
  // behind the first timed keystrokes.
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  return plans.map((p) => p.envelopes);
}
