import { expect, test } from 'vitest';
import * as Y from 'yjs';
import { KeystrokeClock } from './keystroke-clock.ts';

test('every keystroke is timed once per receiving device, alone or in a merged batch, after earlier writes by the same client', () => {
  const clock = new KeystrokeClock();
  const writer = new Y.Doc();
  const receivers = [new Y.Doc(), new Y.Doc()];
  const updates: Uint8Array[] = [];
  writer.on('update', (u: Uint8Array) => updates.push(u));
  for (const r of receivers) r.on('update', (_u: Uint8Array, _origin: unknown, _doc: Y.Doc, tr: Y.Transaction) => clock.applied(r, tr));

  const text = writer.getText('text');
  // Something written before typing starts (the engine writes a profile on join) is not a keystroke.
  writer.getMap('profile').set('name', 'Anna');
  for (let i = 0; i < 5; i++) {
    clock.keystroke(writer);
    text.insert(0, 'x');
  }
  // Receiver 0 gets them one by one, receiver 1 as one merged update (as the engine batches).
  for (const u of updates) Y.applyUpdate(receivers[0]!, u);
  Y.applyUpdate(receivers[1]!, Y.mergeUpdates(updates));
  // The same update again adds nothing.
  Y.applyUpdate(receivers[1]!, Y.mergeUpdates(updates));

  expect(clock.typed).toBe(5);
  expect(clock.samples).toHaveLength(10);
  expect(clock.samples.every((ms) => ms >= 0)).toBe(true);
});
