import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../storage/memory-kv.ts';
import { isSealedName } from '../storage/sealed-kv.ts';
import { createPlanLibrary } from '../sync/index.ts';
import { LOCK_HEADER_KEY, setDeviceLock, tryUnlock } from './device-lock.ts';

const PIN = '958173';

async function unlocked(inner: ReturnType<typeof createMemoryStore>) {
  const r = await tryUnlock(inner, PIN);
  if (r.kind !== 'ok') throw new Error(`unlock: ${r.kind}`);
  return r.store;
}

describe('the sync engine on a locked device', () => {
  it('keeps a plan made before the lock and one made after it, through lock and unlock, with nothing readable beneath', async () => {
    const inner = createMemoryStore();
    // Before the lock: a plan on the plain store.
    const plainLib = createPlanLibrary({ kv: inner });
    const first = await plainLib.create({ title: 'Plan van voor het slot', displayName: 'Anna' });
    first.doc.getText('t').insert(0, 'eerste plan');
    await first.close();
    await plainLib.close();

    // Set the lock: the engine now runs on the sealed store.
    const sealed = await setDeviceLock(inner, 'pin', PIN);
    const lib = createPlanLibrary({ kv: sealed });
    const id = await lib.deviceId();
    const second = await lib.create({ title: 'Plan van na het slot', displayName: 'Anna' });
    second.doc.getText('t').insert(0, 'tweede plan');
    await second.close();
    await lib.close();
    sealed.forget();

    expect((await inner.keys('')).every((k) => k === LOCK_HEADER_KEY || isSealedName(k))).toBe(true);

    // Unlocked again: same device, both plans, both documents.
    const again = await unlocked(inner);
    const lib2 = createPlanLibrary({ kv: again });
    expect(await lib2.deviceId()).toBe(id);
    expect((await lib2.list()).map((p) => p.title).sort()).toEqual(['Plan van na het slot', 'Plan van voor het slot']);
    expect((await lib2.open(first.planId)).doc.getText('t').toString()).toBe('eerste plan');
    expect((await lib2.open(second.planId)).doc.getText('t').toString()).toBe('tweede plan');
    await lib2.close();
  });
});
