import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../storage/memory-kv.ts';
import { createPlanLibrary } from './index.ts';
import { planKeys } from './plan-store.ts';
import type { PlanSession } from './session.ts';

const text = (s: PlanSession) => s.doc.getText('t').toString();

describe('plans kept on this device only', () => {
  it('rebuild the same document after closing and reopening, with the title in the list', async () => {
    const kv = createMemoryStore();
    const lib = createPlanLibrary({ kv });
    const session = await lib.create({ title: 'Plan voor Sam', displayName: 'Anna' });
    expect(session.state()).toEqual({ kind: 'local' });
    const t = session.doc.getText('t');
    t.insert(0, 'Sam is veilig');
    t.delete(0, 4);
    t.insert(0, 'Jan ');
    await session.close();

    const again = await createPlanLibrary({ kv }).open(session.planId);
    expect(text(again)).toBe('Jan is veilig');
    const list = await lib.list();
    expect(list).toEqual([expect.objectContaining({ planId: session.planId, title: 'Plan voor Sam', shared: false })]);
  });

  it('keeps the device identity across libraries on the same store', async () => {
    const kv = createMemoryStore();
    const a = await createPlanLibrary({ kv }).deviceId();
    const b = await createPlanLibrary({ kv }).deviceId();
    expect(a).toBe(b);
    expect(await createPlanLibrary({ kv: createMemoryStore() }).deviceId()).not.toBe(a);
  });

  it('writes a sealed pending envelope, never the plaintext, once the batch is flushed', async () => {
    const kv = createMemoryStore();
    const session = await createPlanLibrary({ kv }).create({ title: 'x', displayName: 'y' });
    session.doc.getText('t').insert(0, 'GEHEIM-canary-123');
    await (session as unknown as { flush(): Promise<void> }).flush();
    const pending = await kv.keys(`plans/${session.planId}/pending/`);
    expect(pending).toHaveLength(1);
    const bytes = (await kv.get<Uint8Array>(pending[0]!))!;
    expect(Buffer.from(bytes).includes(Buffer.from('GEHEIM-canary-123'))).toBe(false);
    await session.close();
  });

  it('keeps a corrupt record aside, opens the rest and reports the damage', async () => {
    const kv = createMemoryStore();
    const lib = createPlanLibrary({ kv });
    const session = await lib.create({ title: 'x', displayName: 'y' });
    const t = session.doc.getText('t');
    t.insert(0, 'een');
    await (session as unknown as { flush(): Promise<void> }).flush();
    t.insert(3, ' twee');
    await session.close();
    const [first] = (await kv.keys(planKeys.pendingPrefix(session.planId))).sort();
    const broken = (await kv.get<Uint8Array>(first!))!.slice();
    broken[broken.length - 70]! ^= 1; // flip a ciphertext bit
    await kv.set(first!, broken);
    // The local snapshot written at close covers both envelopes (they are not opened again):
    // without it, the open replays them and meets the broken one.
    await kv.del(planKeys.local(session.planId));

    const again = await createPlanLibrary({ kv }).open(session.planId);
    // Waiting: the readable envelope, and an empty one under the damaged one's clock (no clock gap).
    expect(again.state()).toEqual({ kind: 'problem', code: 'damaged', waiting: 2 });
    const kept = await kv.keys(planKeys.quarantinePrefix(session.planId));
    expect(kept).toHaveLength(1);
    const record = await kv.get<{ key: string; value: Uint8Array }>(kept[0]!);
    expect(record?.key).toBe(first);
    expect(record?.value).toEqual(broken);
  });

  it('refuses to open a plan it does not have', async () => {
    await expect(createPlanLibrary({ kv: createMemoryStore() }).open('AAAAAAAAAAAAAAAAAAAAAA')).rejects.toThrow('unknown-plan');
  });
});
