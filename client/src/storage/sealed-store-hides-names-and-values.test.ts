import { ready } from '@safeplan/schema/crypto';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from './memory-kv.ts';
import { createSealedStore, isSealedName, SealedStoreError } from './sealed-kv.ts';
import type { KeyValueStore } from './kv.ts';

const CANARY = 'Kanarie-7731 slaat op dinsdag';

async function setup() {
  const s = await ready();
  const inner = createMemoryStore();
  const deviceKey = s.randombytes_buf(32);
  return { s, inner, deviceKey, sealed: createSealedStore(inner, deviceKey, s) };
}

/** Every key and value of the store beneath, as bytes and text, to search for what must not be there. */
async function dump(inner: KeyValueStore): Promise<{ names: string[]; blob: Uint8Array }> {
  const names = await inner.keys('');
  const parts: Uint8Array[] = [];
  for (const n of names) {
    const v = await inner.get(n);
    parts.push(new TextEncoder().encode(n));
    if (v instanceof Uint8Array) parts.push(v);
    else parts.push(new TextEncoder().encode(JSON.stringify(v)));
  }
  const blob = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    blob.set(p, at);
    at += p.length;
  }
  return { names, blob };
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

describe('the sealed device store', () => {
  it('gives back what was written: bytes, objects, arrays, numbers, undefined fields', async () => {
    const { sealed } = await setup();
    const value = { title: CANARY, n: 2, big: 2 ** 40, f: 0.5, ok: true, none: null, gone: undefined, bytes: new Uint8Array([1, 2, 3]), list: [new Uint8Array([9]), 'x'] };
    await sealed.set('plans/abc/meta', value);
    await sealed.setMany([['plans/abc/log', [new Uint8Array([4, 5])]]]);
    expect(await sealed.get('plans/abc/meta')).toEqual(value);
    expect(await sealed.get('plans/abc/log')).toEqual([new Uint8Array([4, 5])]);
    expect(await sealed.get('missing')).toBeUndefined();
  });

  it('lists keys by prefix, on whole and partial segments, and deletes', async () => {
    const { sealed } = await setup();
    await sealed.setMany([
      ['plans/x/pending/000000000001', 1],
      ['plans/x/pending/000000000002', 2],
      ['plans/xy/pending/000000000001', 3],
      ['plans/y/seq/000000000001', 4],
      ['device/identity', 5],
    ]);
    expect((await sealed.keys('plans/x/pending/')).sort()).toEqual(['plans/x/pending/000000000001', 'plans/x/pending/000000000002']);
    expect((await sealed.keys('plans/')).length).toBe(4);
    expect((await sealed.keys('plans/x')).length).toBe(3);
    expect((await sealed.keys('')).length).toBe(5);
    await sealed.del('device/identity');
    await sealed.delMany(['plans/x/pending/000000000001']);
    expect((await sealed.keys('')).sort()).toEqual(['plans/x/pending/000000000002', 'plans/xy/pending/000000000001', 'plans/y/seq/000000000001']);
  });

  it('leaves no readable name, value or key bytes in the store beneath', async () => {
    const { inner, sealed, deviceKey } = await setup();
    const secretKey = new Uint8Array(64).map((_, i) => (i * 37 + 11) % 256);
    await sealed.set(`plans/${CANARY}/meta`, { title: CANARY, displayName: 'Sanne' });
    await sealed.set('device/identity', { sign: { privateKey: secretKey } });
    const { names, blob } = await dump(inner);
    expect(names.every(isSealedName)).toBe(true);
    for (const word of [CANARY, 'Sanne', 'plans', 'identity', 'meta']) {
      expect(contains(blob, new TextEncoder().encode(word)), word).toBe(false);
    }
    expect(contains(blob, secretKey.subarray(0, 16))).toBe(false);
    expect(contains(blob, deviceKey)).toBe(false);
  });

  it('refuses with a clear error under another device key, and loses nothing', async () => {
    const { s, inner, sealed } = await setup();
    await sealed.set('plans/a/meta', { title: CANARY });
    const before = await dump(inner);
    const other = createSealedStore(inner, s.randombytes_buf(32), s);
    // Under another key the names do not even match: nothing is found, and listing cannot open them.
    expect(await other.get('plans/a/meta')).toBeUndefined();
    await expect(other.keys('')).rejects.toThrow(SealedStoreError);
    await expect(other.keys('')).rejects.toMatchObject({ code: 'tampered' });
    expect(await dump(inner)).toEqual(before);
    expect(await sealed.get('plans/a/meta')).toEqual({ title: CANARY });
  });

  it('refuses a tampered record or one moved to another name, keeps it, and still reads the others', async () => {
    const { inner, sealed } = await setup();
    await sealed.setMany([
      ['plans/a/meta', { title: 'A' }],
      ['plans/b/meta', { title: 'B' }],
      ['plans/c/meta', { title: 'C' }],
    ]);
    const nameA = sealed.sealedName('plans/a/meta');
    const record = (await inner.get<Uint8Array>(nameA))!;
    const flipped = record.slice();
    flipped[flipped.length - 1]! ^= 1;
    await inner.set(nameA, flipped);
    await expect(sealed.get('plans/a/meta')).rejects.toMatchObject({ code: 'tampered', key: 'plans/a/meta' });
    expect(await inner.get(nameA)).toEqual(flipped);
    // B's record copied under C's name does not open as C.
    await inner.set(sealed.sealedName('plans/c/meta'), await inner.get(sealed.sealedName('plans/b/meta')));
    await expect(sealed.get('plans/c/meta')).rejects.toMatchObject({ code: 'tampered' });
    expect(await sealed.get('plans/b/meta')).toEqual({ title: 'B' });
  });

  it('refuses a value it could not give back, before writing anything', async () => {
    const { inner, sealed } = await setup();
    await expect(sealed.setMany([['ok', 1], ['bad', new Map([[1, 2]])]])).rejects.toThrow(/cannot be kept/);
    expect(await inner.keys('')).toEqual([]);
  });

  it('after forget, every call is refused as locked and the keys are zeroed', async () => {
    const { sealed } = await setup();
    await sealed.set('a', 1);
    const copy = sealed.deviceKey();
    expect(copy.some((b) => b !== 0)).toBe(true);
    sealed.forget();
    await expect(sealed.get('a')).rejects.toMatchObject({ code: 'locked' });
    await expect(sealed.set('a', 2)).rejects.toMatchObject({ code: 'locked' });
    await expect(sealed.keys('')).rejects.toMatchObject({ code: 'locked' });
    expect(() => sealed.deviceKey()).toThrow(SealedStoreError);
  });
});
