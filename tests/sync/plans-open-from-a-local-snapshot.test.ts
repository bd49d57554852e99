import { describe, expect, it } from 'vitest';
import { ready } from '@safeplan/schema/crypto';
import { createPlanLibrary } from '../../client/src/sync/index.ts';
import { LOCAL_SNAPSHOT_EVERY } from '../../client/src/sync/local-snapshot.ts';
import type { EngineSession } from '../../client/src/sync/plan-session.ts';
import { planKeys } from '../../client/src/sync/plan-store.ts';
import { newClient, until, type TestClient } from './support/clients.ts';
import { relayForThisFile } from './support/relay-for-this-file.ts';

const { net } = relayForThisFile();
const s = await ready();

/** A new library on the same device store: what a reload of the page gets. */
const reload = (client: TestClient) =>
  createPlanLibrary({ kv: client.kv, relayUrl: 'ws://relay.invalid/', WebSocket: net.socketClass(`${client.name}-again`), origin: 'https://safeplan.test', reconnect: { baseMs: 5, maxMs: 40 }, relayTimeoutMs: 5_000 });

/** Ed25519 verifications made while `work` runs: each stored envelope opened costs one. */
async function verificationsDuring<T>(work: () => Promise<T>): Promise<{ result: T; verifications: number }> {
  const original = s.crypto_sign_verify_detached;
  let verifications = 0;
  s.crypto_sign_verify_detached = ((...args: Parameters<typeof original>) => {
    verifications++;
    return original(...args);
  }) as typeof original;
  try {
    return { result: await work(), verifications };
  } finally {
    s.crypto_sign_verify_detached = original;
  }
}

// Above the snapshot threshold, below the relay's burst of 200 (the rate limit has its own test).
const EDITS = LOCAL_SNAPSHOT_EVERY + 37;

describe('a plan opens from its local snapshot', () => {
  it('opens a long local history without verifying it again, and still sends every change once shared', async () => {
    const anna = newClient(net, 'anna');
    const first = (await anna.lib.create({ title: 'Plan', displayName: 'Anna' })) as EngineSession;
    const text = first.doc.getText('t');
    for (let i = 0; i < EDITS; i++) {
      text.insert(text.length, `${i % 10}`);
      await first.flush(); // one envelope per edit, as over many days
    }
    const expected = text.toString();
    await first.close();
    expect(await anna.kv.get(planKeys.local(first.planId))).toBeInstanceOf(Uint8Array);

    const fromSnapshot = await verificationsDuring(async () => (await reload(anna).open(first.planId)) as EngineSession);
    const reopened = fromSnapshot.result;
    expect(reopened.doc.getText('t').toString()).toBe(expected);
    expect(reopened.state()).toEqual({ kind: 'local' });
    expect(fromSnapshot.verifications).toBeLessThan(5);
    await reopened.close();

    // Without it (removed, or unreadable) the same plan opens by replaying every envelope.
    const sealed = await anna.kv.get<Uint8Array>(planKeys.local(first.planId));
    await anna.kv.set(planKeys.local(first.planId), sealed!.map((b, i) => (i === sealed!.length - 3 ? b ^ 1 : b)));
    const replayed = await verificationsDuring(async () => (await reload(anna).open(first.planId)) as EngineSession);
    expect(replayed.result.doc.getText('t').toString()).toBe(expected);
    expect(replayed.result.state()).toEqual({ kind: 'local' });
    expect(replayed.verifications).toBeGreaterThanOrEqual(EDITS);
    await replayed.result.close();

    // The envelopes the snapshot covers are still this device's to send: share, and a joiner gets them all.
    const lib = reload(anna);
    const again = (await lib.open(first.planId)) as EngineSession;
    const link = await lib.createInvite(first.planId);
    const bram = newClient(net, 'bram');
    const joined = (await bram.lib.join(link, 'Bram')) as EngineSession;
    await until('bram has every edit', () => joined.doc.getText('t').toString() === expected && again.state().kind === 'synced', 25_000);
    await Promise.all([again.close(), joined.close()]);
  });
});
