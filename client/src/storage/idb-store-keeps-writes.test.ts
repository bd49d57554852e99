import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createIdbStore } from './idb-kv.ts';

let n = 0;
const fresh = () => createIdbStore(`safeplan-test-${process.pid}-${n++}`);

describe('the IndexedDB device store', () => {
  it('keeps binary values and structured objects', async () => {
    const kv = fresh();
    await kv.set('a', new Uint8Array([1, 2, 3]));
    await kv.set('b', { title: 'Plan', n: 2 });
    expect(await kv.get('a')).toEqual(new Uint8Array([1, 2, 3]));
    expect(await kv.get('b')).toEqual({ title: 'Plan', n: 2 });
    expect(await kv.get('missing')).toBeUndefined();
  });

  it('lists keys by prefix only', async () => {
    const kv = fresh();
    await kv.setMany([
      ['plan/x/pending/1', 1],
      ['plan/x/pending/2', 2],
      ['plan/xy/pending/1', 3],
      ['plan/y/env/1', 4],
    ]);
    expect((await kv.keys('plan/x/')).sort()).toEqual(['plan/x/pending/1', 'plan/x/pending/2']);
    expect(await kv.keys('nothing/')).toEqual([]);
  });

  it('deletes a range of keys in string order, ends included, and nothing outside it', async () => {
    const kv = fresh();
    await kv.setMany([
      ['p/seq/000000000001', 1],
      ['p/seq/000000000002', 2],
      ['p/seq/000000000010', 10],
      ['p/seq/000000000011', 11],
      ['p/pending/000000000001', 'own'],
    ]);
    await kv.delRange!('p/seq/000000000000', 'p/seq/000000000010');
    expect((await kv.keys('p/')).sort()).toEqual(['p/pending/000000000001', 'p/seq/000000000011']);
  });

  it('writes nothing from setMany when one value cannot be stored', async () => {
    const kv = fresh();
    // A function cannot be structured-cloned, so the transaction must abort as a whole.
    await expect(kv.setMany([['ok', 1], ['bad', () => 1]])).rejects.toThrow();
    expect(await kv.get('ok')).toBeUndefined();
  });

  it('puts and deletes in one writeMany, and does neither when one value cannot be stored', async () => {
    const kv = fresh();
    await kv.setMany([['pending/1', 1], ['meta', 0]]);
    await expect(kv.writeMany([['seq/1', 1], ['bad', () => 1]], ['pending/1'])).rejects.toThrow();
    expect((await kv.keys('')).sort()).toEqual(['meta', 'pending/1']);
    await kv.writeMany([['seq/1', 1], ['meta', 1]], ['pending/1']);
    expect((await kv.keys('')).sort()).toEqual(['meta', 'seq/1']);
    expect(await kv.get('meta')).toBe(1);
  });

  it('deletes one and many keys', async () => {
    const kv = fresh();
    await kv.setMany([['a', 1], ['b', 2], ['c', 3]]);
    await kv.del('a');
    await kv.delMany(['b']);
    expect(await kv.keys('')).toEqual(['c']);
  });
});
