import { afterEach, expect, it, vi } from 'vitest';
import { createMemoryStore } from '../storage/memory-kv.ts';
import { WriteBehind, type WriteStatus } from './write-behind.ts';

afterEach(() => vi.restoreAllMocks());

it('a status listener that throws is reported as a bug, and the store is not said to fail', async () => {
  const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  const writes = new WriteBehind(createMemoryStore());
  const heard: WriteStatus[] = [];
  writes.onStatus(() => {
    throw new TypeError('a bug in the listener');
  });
  writes.onStatus((s) => heard.push(s));

  await writes.write([['a', 1]]);
  await writes.write([['b', 2]]);
  await writes.written();

  expect(heard).toEqual([{ ok: true }, { ok: true }]);
  expect(writes.failing).toBe(false);
  expect(errors).toHaveBeenCalledWith(expect.stringContaining('status listener'), 'TypeError');
});
