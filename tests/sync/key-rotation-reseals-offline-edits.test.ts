import { describe, expect, it } from 'vitest';
import type { DeviceKeys } from '@safeplan/schema/crypto';
import { ready } from '@safeplan/schema/crypto';
import { createKeyRotation } from '@safeplan/schema/protocol';
import { describeState, annaSharesAPlanWithBram, until } from './support/clients.ts';
import { relayForThisFile } from './support/relay-for-this-file.ts';

const { net } = relayForThisFile();

describe('a key rotation while a member is offline', () => {
  it('re-seals that member’s waiting edits under the new epoch, and nothing is lost', async () => {
    const s = await ready();
    const { anna, mine, theirs } = await annaSharesAPlanWithBram(net);
    const warnings: string[] = [];
    theirs.onWarning((w) => warnings.push(w.code));
    mine.onWarning((w) => warnings.push(w.code));

    net.cut('bram');
    await until('bram offline', () => theirs.state().kind === 'offline');
    theirs.doc.getText('t').insert(0, 'offline geschreven');
    await theirs.flush();
    expect(theirs.state()).toEqual({ kind: 'offline', waiting: 1 });

    const owner = (await anna.kv.get<DeviceKeys>('device/identity'))!;
    const rotation = createKeyRotation(s, mine.memberLog.state, { owner, now: Date.now() });
    await mine.appendMemberEvent(rotation.event);
    expect(mine.memberLog.state.epoch).toBe(1);
    mine.doc.getText('t').insert(0, 'nieuw: ');

    net.heal('bram');
    // Both inserted at 0 concurrently: Yjs orders them by client id, so either order is right.
    const both = (t: string) => t.length === 'nieuw: offline geschreven'.length && t.includes('nieuw: ') && t.includes('offline geschreven');
    await until(
      'both have both edits',
      () =>
        both(mine.doc.getText('t').toString()) &&
        mine.doc.getText('t').toString() === theirs.doc.getText('t').toString() &&
        theirs.state().kind === 'synced',
      10_000,
      () => `${describeState(mine.state())} ${describeState(theirs.state())} "${mine.doc.getText('t')}" / "${theirs.doc.getText('t')}"`,
    );
    expect(theirs.memberLog.state.epoch).toBe(1);
    expect(warnings).toEqual([]);
    await Promise.all([mine.close(), theirs.close()]);
  });
});
