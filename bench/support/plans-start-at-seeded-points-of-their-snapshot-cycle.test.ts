import { expect, test } from 'vitest';
import * as Y from 'yjs';
import { SNAPSHOT_EVERY } from '../../client/src/sync/relay-snapshots.ts';
import { seededRandom } from '../../schema/src/protocol/testing/seeded-random.ts';
import { spreadPhases } from './plan-phases.ts';

/** `plans` plans of `editors` docs each, every update of a doc applied to the others of its plan, as a relay would. */
function connectedPlans(plans: number, editors: number): { doc: Y.Doc }[] {
  const devices: { doc: Y.Doc }[] = [];
  for (let p = 0; p < plans; p++) {
    const docs = Array.from({ length: editors }, () => new Y.Doc());
    for (const doc of docs) {
      doc.on('update', (u: Uint8Array, origin: unknown) => {
        if (origin === 'relay') return;
        for (const other of docs) if (other !== doc) Y.applyUpdate(other, u, 'relay');
      });
      devices.push({ doc });
    }
  }
  return devices;
}

test('each plan gets a seeded number of envelopes below the snapshot interval, one per keystroke, and every device has them before typing starts', async () => {
  const devices = connectedPlans(6, 3);
  const transactions: number[] = devices.map(() => 0);
  devices.forEach((d, i) => d.doc.on('afterTransaction', (tr: Y.Transaction) => tr.local && transactions[i]!++));
  const counts = await spreadPhases(devices, 3, seededRandom(7));
  const seeded = seededRandom(7);
  expect(counts).toEqual(Array.from({ length: 6 }, () => Math.floor(seeded() * SNAPSHOT_EVERY)));
  expect(new Set(counts).size).toBeGreaterThan(1);
  for (const [p, count] of counts.entries()) {
    expect(count).toBeGreaterThanOrEqual(0);
    expect(count).toBeLessThan(SNAPSHOT_EVERY);
    const plan = devices.slice(p * 3, p * 3 + 3);
    for (const d of plan) expect(d.doc.getText('warm-up').length).toBe(count);
    // Typed in turns by the plan's editors, one transaction (one envelope) per keystroke.
    expect(plan.reduce((n, _d, i) => n + transactions[p * 3 + i]!, 0)).toBe(count);
  }
}, 30_000);
