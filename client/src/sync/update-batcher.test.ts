import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createUpdateBatcher } from './update-batcher.ts';

/** Lets the sink chain (promise callbacks) run without moving the clock. */
const settle = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

/** A document whose updates go through a batcher into `out`. */
function batchedDoc(windowMs: number) {
  const out: Uint8Array[] = [];
  const batcher = createUpdateBatcher(async (u) => {
    out.push(u);
  }, windowMs);
  const doc = new Y.Doc();
  doc.on('update', (u: Uint8Array) => batcher.add(u));
  return { out, batcher, doc };
}

describe('batching local Yjs updates', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('hands on the first change after a quiet period at once, without waiting for the window', async () => {
    const { out, batcher, doc } = batchedDoc(30);
    doc.getText('t').insert(0, 'a');
    await settle();
    expect(out).toHaveLength(1);
    expect(batcher.busy()).toBe(false);
  });

  it('merges what follows within the window into one update per window, and is at once again after a pause', async () => {
    const { out, batcher, doc } = batchedDoc(30);
    const text = doc.getText('t');
    for (const ch of 'veilig') text.insert(text.length, ch); // one burst inside the first window
    await settle();
    expect(out).toHaveLength(1); // 'v' went at once, 'eilig' waits for the window
    expect(batcher.busy()).toBe(true);
    await vi.advanceTimersByTimeAsync(30);
    expect(out).toHaveLength(2);
    for (const ch of 'heid') text.insert(text.length, ch); // typing goes on in the next window
    await vi.advanceTimersByTimeAsync(30);
    expect(out).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(100); // quiet: the window closes with nothing to send
    expect(out).toHaveLength(3);
    text.insert(text.length, '!');
    await settle();
    expect(out).toHaveLength(4);
    const copy = new Y.Doc();
    for (const u of out) Y.applyUpdate(copy, u);
    expect(copy.getText('t').toString()).toBe('veiligheid!');
  });

  it('arms no timer for a lone change, and one only for a change that must wait for the window', async () => {
    const { out, doc } = batchedDoc(30);
    const text = doc.getText('t');
    text.insert(0, 'a');
    await settle();
    expect(out).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0); // typing at a normal pace: no timer per keystroke
    await vi.advanceTimersByTimeAsync(10);
    text.insert(1, 'b'); // within the window: waits for its end, 20 ms from now
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(19);
    expect(out).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(out).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('hands on at flush without waiting for the window, in order', async () => {
    vi.useRealTimers();
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
    doc.getText('t').insert(1, 'b');
    const first = batcher.flush();
    doc.getText('t').insert(2, 'c');
    await Promise.all([first, batcher.flush()]);
    expect(out).toEqual(['a', 'ab', 'abc']);
  });
});
