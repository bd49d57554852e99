import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BatchFailure, createUpdateBatcher } from './update-batcher.ts';

/** Lets the sink chain (promise callbacks) run. */
const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('the update batcher after a failed hand-on', () => {
  it('reports the failure with a typed code, hands the next edit on, and loses nothing', async () => {
    const stored: Uint8Array[] = [];
    const failures: BatchFailure[] = [];
    let failNext = true;
    const batcher = createUpdateBatcher(
      async (u) => {
        if (failNext) {
          failNext = false;
          throw new Error('disk full');
        }
        stored.push(u);
      },
      0,
      () => undefined,
      (f) => failures.push(f),
    );
    const doc = new Y.Doc();
    doc.on('update', (u: Uint8Array) => batcher.add(u));

    doc.getText('t').insert(0, 'eerste');
    await expect(batcher.flush()).rejects.toBeInstanceOf(BatchFailure);
    expect(failures.map((f) => f.code)).toEqual(['save-failed']);
    expect(batcher.busy()).toBe(true); // the failed change waits; it is not dropped

    doc.getText('t').insert(6, ' tweede');
    await batcher.flush();
    await settle();
    expect(stored.length).toBeGreaterThan(0);
    // Both the failed change and the next one reached the sink.
    const copy = new Y.Doc();
    for (const u of stored) Y.applyUpdate(copy, u);
    expect(copy.getText('t').toString()).toBe('eerste tweede');
    expect(batcher.busy()).toBe(false);
  });

  it('keeps going after a failure even when nobody calls flush (the window path)', async () => {
    const stored: Uint8Array[] = [];
    let calls = 0;
    const batcher = createUpdateBatcher(
      async (u) => {
        calls++;
        if (calls === 1) throw new Error('first write fails');
        stored.push(u);
      },
      1,
    );
    const doc = new Y.Doc();
    doc.on('update', (u: Uint8Array) => batcher.add(u));
    doc.getText('t').insert(0, 'a');
    await settle();
    await new Promise((r) => setTimeout(r, 10));
    doc.getText('t').insert(1, 'b');
    await new Promise((r) => setTimeout(r, 10));
    await batcher.flush();
    expect(calls).toBeGreaterThanOrEqual(2);
    // The failed 'a' went again, and 'b' after it.
    const copy = new Y.Doc();
    for (const u of stored) Y.applyUpdate(copy, u);
    expect(copy.getText('t').toString()).toBe('ab');
  });
});
