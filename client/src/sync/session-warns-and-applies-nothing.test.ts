import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { fromBase64Url, generateDeviceKeys, NonceSource, ready } from '@safeplan/schema/crypto';
import { sealEnvelope } from '@safeplan/schema/protocol';
import { createMemoryStore } from '../storage/memory-kv.ts';
import { createPlanLibrary } from './index.ts';
import type { SyncWarning } from './session.ts';
import type { EngineSession } from './plan-session.ts';

describe('a session given a forged delivery', () => {
  it('raises a warning and leaves the document and the store untouched', async () => {
    const s = await ready();
    const kv = createMemoryStore();
    const session = (await createPlanLibrary({ kv }).create({ title: 'x', displayName: 'y' })) as EngineSession;
    session.doc.getText('t').insert(0, 'echt');
    await session.flush();
    const before = kv.size;
    const warnings: SyncWarning[] = [];
    session.onWarning((w) => warnings.push(w));

    const forger = generateDeviceKeys(s);
    const evil = new Y.Doc();
    evil.getText('t').insert(0, 'vals');
    const envelope = sealEnvelope(
      s,
      { planId: fromBase64Url(session.planId), epoch: 0, author: forger.sign, clock: 1, kind: 'update' },
      new Uint8Array(32),
      Y.encodeStateAsUpdate(evil),
      NonceSource.random(s),
    );
    session.onFrame({ type: 'deliver', planId: fromBase64Url(session.planId), seq: 1, envelope });
    await session.flush();

    expect(warnings.map((w) => w.code)).toEqual(['not-a-member']);
    expect(session.doc.getText('t').toString()).toBe('echt');
    expect(kv.size).toBe(before);
    await session.close();
  });
});
