import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../storage/memory-kv.ts';
import { BackupError, exportPlanBackup, importPlanBackup } from './plan-backup.ts';

const PASS = 'regenboog boven de dijk';

async function deviceWithPlan() {
  const kv = createMemoryStore();
  await kv.setMany([
    ['device/identity', { sign: { privateKey: new Uint8Array(64).fill(3) } }],
    ['plans/P1/meta', { planId: 'P1', title: 'Plan van Noor', nextClock: 4 }],
    ['plans/P1/log', [new Uint8Array([1, 2])]],
    ['plans/P1/pending/000000000003', new Uint8Array([7, 7])],
    ['plans/P2/meta', { planId: 'P2', title: 'Ander plan' }],
  ]);
  return kv;
}

describe('an encrypted plan backup', () => {
  it('brings one plan and the keys it opens with to another device, and holds nothing readable', async () => {
    const file = await exportPlanBackup(await deviceWithPlan(), 'P1', PASS);
    expect(Buffer.from(file).includes(Buffer.from('Plan van Noor'))).toBe(false);
    expect(Buffer.from(file).includes(Buffer.from('P1'))).toBe(false);
    const other = createMemoryStore();
    expect(await importPlanBackup(other, file, PASS)).toEqual({ planId: 'P1' });
    expect(await other.get('plans/P1/meta')).toEqual({ planId: 'P1', title: 'Plan van Noor', nextClock: 4 });
    expect(await other.get('plans/P1/pending/000000000003')).toEqual(new Uint8Array([7, 7]));
    expect(await other.get('plans/P1/device')).toEqual({ sign: { privateKey: new Uint8Array(64).fill(3) } });
    expect(await other.get('plans/P2/meta')).toBeUndefined();
  });

  it('refuses a wrong passphrase, a changed file, another file and a plan already here, writing nothing', async () => {
    const file = await exportPlanBackup(await deviceWithPlan(), 'P1', PASS);
    const other = createMemoryStore();
    await expect(importPlanBackup(other, file, 'verkeerde zin hier')).rejects.toMatchObject({ code: 'wrong-passphrase' });
    const changed = file.slice();
    changed[changed.length - 5]! ^= 1;
    await expect(importPlanBackup(other, changed, PASS)).rejects.toBeInstanceOf(BackupError);
    await expect(importPlanBackup(other, new TextEncoder().encode('{"plan": 1}'), PASS)).rejects.toMatchObject({ code: 'not-a-backup' });
    expect(other.size).toBe(0);
    await expect(importPlanBackup(await deviceWithPlan(), file, PASS)).rejects.toMatchObject({ code: 'already-here' });
  });

  it('asks for a real passphrase and a plan that exists', async () => {
    const kv = await deviceWithPlan();
    await expect(exportPlanBackup(kv, 'P1', 'kort')).rejects.toMatchObject({ code: 'passphrase-too-short' });
    await expect(exportPlanBackup(kv, 'nope', PASS)).rejects.toMatchObject({ code: 'unknown-plan' });
  });
});
