import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createUpdateBatcher } from './update-batcher.ts';

describe('batching local Yjs updates', () => {
  it('merges the updates of one burst into one that rebuilds the same document', async () => {
    const doc = new Y.Doc();
    const out: Uint8Array[] = [];
    const batcher = createUpdateBatcher(async (u) => {
      out.push(u);
    }, 20);
    doc.on('update', (u: Uint8Array) => batcher.add(u));
    const text = doc.getText('t');
    for (const ch of 'veiligheid') text.insert(text.length, ch);
    await new Promise((r) => setTimeout(r, 60));
    expect(out).toHaveLength(1);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, out[0]!);
    expect(copy.getText('t').toString()).toBe('veiligheid');
  });

  it('hands on at flush without waiting for the timer, in order', async () => {
    const out: string[] = [];
    const doc = new Y.Doc();
    const replica = new Y.Doc();
    const batcher = createUpdateBatcher(async (u) => {
      await new Promise((r) => setTimeout(r, 5));
      Y.applyUpdate(replica, u);
      out.push(replica.getText('t').toString());
    }, 10_000);
    doc.on('update', (u: Uint8Array) => batcher.add(u));
    doc.getText('t').insert(0, 'a');
    const first = batcher.flush();
    doc.getText('t').insert(1, 'b');
    await Promise.all([first, batcher.flush()]);
    expect(out).toEqual(['a', 'ab']);
  });
});
