import { ready } from '@safeplan/schema/crypto';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../storage/memory-kv.ts';
import { isSealedName } from '../storage/sealed-kv.ts';
import { changeDeviceLock, delayAfterWrongTry, LOCK_HEADER_KEY, readLockHeader, sealReadableRecords, setDeviceLock, tryUnlock, type LockHeader } from './device-lock.ts';

const PIN = '482915';

async function deviceWithPlans() {
  const inner = createMemoryStore();
  const records: Array<[string, unknown]> = [
    ['device/identity', { sign: { publicKey: new Uint8Array(32).fill(1), privateKey: new Uint8Array(64).fill(2) } }],
    ['plans/p1/meta', { title: 'Plan van Sanne', displayName: 'Sanne', nextClock: 3 }],
    ['plans/p1/pending/000000000001', new Uint8Array([1, 2, 3])],
    ['plans/p1/pending/000000000002', new Uint8Array([4, 5, 6])],
    ['plans/p1/keys', { 0: new Uint8Array(80).fill(7) }],
  ];
  await inner.setMany(records);
  return { inner, records };
}

describe('the device lock', () => {
  it('setting a PIN on a device with plans seals every record and loses none', async () => {
    const { inner, records } = await deviceWithPlans();
    const store = await setDeviceLock(inner, 'pin', PIN);
    const names = await inner.keys('');
    expect(names.filter((n) => n !== LOCK_HEADER_KEY).every(isSealedName)).toBe(true);
    for (const [k, v] of records) expect(await store.get(k), k).toEqual(v);
    store.forget();
    const opened = await tryUnlock(inner, PIN);
    if (opened.kind !== 'ok') throw new Error(`unlock failed: ${opened.kind}`);
    expect((await opened.store.keys('plans/p1/pending/')).sort()).toEqual(['plans/p1/pending/000000000001', 'plans/p1/pending/000000000002']);
    for (const [k, v] of records) expect(await opened.store.get(k), k).toEqual(v);
  });

  it('a migration cut short before the readable copies were removed is finished at the next unlock', async () => {
    const { inner, records } = await deviceWithPlans();
    const store = await setDeviceLock(inner, 'pin', PIN);
    // Put the readable copies back, as if the tab closed between the two writes.
    await inner.setMany(records);
    await inner.set('plans/p1/pending/000000000003', new Uint8Array([9]));
    store.forget();
    const opened = await tryUnlock(inner, PIN);
    if (opened.kind !== 'ok') throw new Error('unlock failed');
    expect((await inner.keys('')).filter((k) => k !== LOCK_HEADER_KEY).every(isSealedName)).toBe(true);
    for (const [k, v] of records) expect(await opened.store.get(k), k).toEqual(v);
    expect(await opened.store.get('plans/p1/pending/000000000003')).toEqual(new Uint8Array([9]));
    expect(await sealReadableRecords(inner, opened.store)).toBe(0);
  });

  it('refuses a short PIN, letters in a PIN and a short passphrase', async () => {
    const inner = createMemoryStore();
    await expect(setDeviceLock(inner, 'pin', '12345')).rejects.toMatchObject({ code: 'pin-too-short' });
    await expect(setDeviceLock(inner, 'pin', '12345a')).rejects.toMatchObject({ code: 'pin-not-digits' });
    await expect(setDeviceLock(inner, 'passphrase', 'kort')).rejects.toMatchObject({ code: 'passphrase-too-short' });
    expect(await inner.keys('')).toEqual([]);
  });

  it('counts wrong tries before deriving, makes the person wait longer each time and asks for a wipe at the limit', async () => {
    const { inner } = await deviceWithPlans();
    (await setDeviceLock(inner, 'pin', PIN, 3)).forget();
    let now = 1_000_000;
    const first = await tryUnlock(inner, '000000', now);
    expect(first).toEqual({ kind: 'wrong', triesLeft: 2, until: now + delayAfterWrongTry(1) });
    // While waiting, a try is not even taken (and not counted).
    expect(await tryUnlock(inner, PIN, now + 100)).toEqual({ kind: 'wait', until: now + delayAfterWrongTry(1) });
    expect((await readLockHeader(inner))?.failed).toBe(1);
    now += delayAfterWrongTry(1);
    const second = await tryUnlock(inner, '111111', now);
    expect(second).toMatchObject({ kind: 'wrong', triesLeft: 1 });
    expect(delayAfterWrongTry(2)).toBeGreaterThan(delayAfterWrongTry(1));
    now += delayAfterWrongTry(2);
    expect(await tryUnlock(inner, '222222', now)).toEqual({ kind: 'wipe' });
    // Even the right PIN does not help any more: the device must be wiped.
    expect(await tryUnlock(inner, PIN, now + 10 ** 9)).toEqual({ kind: 'wipe' });
  });

  it('a good try resets the count; a new PIN opens the same store and the old one no longer does', async () => {
    const { inner, records } = await deviceWithPlans();
    (await setDeviceLock(inner, 'pin', PIN)).forget();
    expect((await tryUnlock(inner, '999999', 0)).kind).toBe('wrong');
    const opened = await tryUnlock(inner, PIN, 10 ** 9);
    if (opened.kind !== 'ok') throw new Error('unlock failed');
    expect(((await inner.get(LOCK_HEADER_KEY)) as LockHeader).failed).toBe(0);
    await changeDeviceLock(inner, opened.store, 'passphrase', 'paarse olifant in de regen', 5);
    opened.store.forget();
    expect((await tryUnlock(inner, PIN, 2 * 10 ** 9)).kind).toBe('wrong');
    const again = await tryUnlock(inner, 'paarse olifant in de regen', 3 * 10 ** 9);
    if (again.kind !== 'ok') throw new Error('unlock with the new passphrase failed');
    const [key, value] = records[1]!;
    expect(await again.store.get(key)).toEqual(value);
  });

  it('the lock header holds no key the device key can be read from', async () => {
    const { inner } = await deviceWithPlans();
    const store = await setDeviceLock(inner, 'pin', PIN);
    const deviceKey = store.deviceKey();
    const header = (await inner.get(LOCK_HEADER_KEY)) as LockHeader;
    const s = await ready();
    expect(s.to_hex(header.wrapped)).not.toContain(s.to_hex(deviceKey));
    expect(header.kdf).toMatchObject({ alg: 'argon2id', memoryKiB: 32768, iterations: 3, parallelism: 1 });
  });
});
