import { describe, expect, it } from 'vitest';
import { createPlanLibrary } from '../../client/src/sync/index.ts';
import type { EngineSession } from '../../client/src/sync/plan-session.ts';
import { planKeys } from '../../client/src/sync/plan-store.ts';
import { describeState, annaSharesAPlanWithBram, until } from './support/clients.ts';
import { relayForThisFile } from './support/relay-for-this-file.ts';
import { clockRefusals } from './support/sync-relay.ts';

const { relay, net } = relayForThisFile();

describe('an own waiting change that was damaged on the device', () => {
  it('is set aside, and what is written after the reopen still reaches the others (no clock gap)', async () => {
    const { bram, mine, theirs } = await annaSharesAPlanWithBram(net);

    net.cut('bram');
    await until('bram offline', () => theirs.state().kind === 'offline');
    for (const word of ['een ', 'twee ', 'drie ']) {
      theirs.doc.getText('t').insert(theirs.doc.getText('t').length, word);
      await theirs.flush();
    }
    expect(theirs.state()).toEqual({ kind: 'offline', waiting: 3 });
    await theirs.close();

    // The middle waiting envelope is damaged on the device; the local snapshot (a cache) is gone too.
    const pending = (await bram.kv.keys(planKeys.pendingPrefix(mine.planId))).sort();
    expect(pending).toHaveLength(3);
    await bram.kv.set(pending[1]!, new Uint8Array([9, 9, 9]));
    await bram.kv.del(planKeys.local(mine.planId));

    const reopenedLib = createPlanLibrary({
      kv: bram.kv,
      relayUrl: 'ws://relay.invalid/',
      WebSocket: net.socketClass('bram'),
      origin: 'https://safeplan.test',
      reconnect: { baseMs: 5, maxMs: 40 },
      relayTimeoutMs: 5_000,
    });
    net.heal('bram');
    const again = (await reopenedLib.open(mine.planId)) as EngineSession;
    expect(again.state()).toMatchObject({ kind: 'problem', code: 'damaged' });
    // What came after the damaged change in the same session builds on it (Yjs keeps it waiting):
    // only what came before can be shown. It is all kept; what is written from now on flows again.
    expect(again.doc.getText('t').toString()).toBe('een ');
    again.doc.getText('u').insert(0, 'vier');

    const annaHas = () => [mine.doc.getText('t').toString(), mine.doc.getText('u').toString()];
    await until('anna has what came before and after', () => annaHas().join('|') === 'een |vier', 10_000, () =>
      `${describeState(again.state())} anna: ${JSON.stringify(annaHas())}`,
    );
    await until('nothing of bram is waiting any more', () => again.waiting === 0, 10_000);
    expect(clockRefusals(relay)).toEqual([]);
    await Promise.all([mine.close(), again.close()]);
  });
});
