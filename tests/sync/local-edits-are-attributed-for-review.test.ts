import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { ChangeRecord } from '../../client/src/review/index.ts';
import type { EngineSession } from '../../client/src/sync/plan-session.ts';
import { newClient, until } from './support/clients.ts';
import { relayForThisFile } from './support/relay-for-this-file.ts';

const { net } = relayForThisFile();

const changes = (s: EngineSession) => s.doc.getArray<ChangeRecord>('review.changes').toArray();

describe('the engine hooks for review', () => {
  it('records each local change to the plan under its member, never a remote one, and keeps deleted text', async () => {
    const anna = newClient(net, 'anna');
    const bram = newClient(net, 'bram');
    const mine = (await anna.lib.create({ title: 'x', displayName: 'Anna' })) as EngineSession;
    const theirs = (await bram.lib.join(await anna.lib.createInvite(mine.planId), 'Bram')) as EngineSession;
    expect([mine.doc.gc, theirs.doc.gc]).toEqual([false, false]);

    const text = new Y.XmlText('afspraak');
    mine.doc.getXmlFragment('plan').insert(0, [text]);
    await until('bram has it', () => theirs.doc.getXmlFragment('plan').toString().includes('afspraak') && changes(theirs).length === 1);
    expect(changes(mine).map((c) => c.member)).toEqual([mine.membership.me().personId]);

    const remote = theirs.doc.getXmlFragment('plan').get(0) as Y.XmlText;
    remote.delete(0, 3);
    await until('anna has bram’s deletion and its record', () => changes(mine).length === 2 && mine.doc.getXmlFragment('plan').toString() === 'praak', 3000, () => `${changes(mine).length} ${changes(theirs).length} ${mine.doc.getXmlFragment('plan').toString()} ${JSON.stringify(theirs.state())}`);
    expect(changes(theirs).map((c) => c.member)).toEqual([mine.membership.me().personId, theirs.membership.me().personId]);
    expect(changes(theirs)[1]!.deleted.length).toBeGreaterThan(0);
    // Without garbage collection the deleted characters are still in the document for review to show.
    const snapshot = Y.snapshot(mine.doc);
    const before = Y.createDocFromSnapshot(mine.doc, Y.createSnapshot(Y.createDeleteSet(), snapshot.sv));
    expect(before.getXmlFragment('plan').toString()).toBe('afspraak');
    await Promise.all([mine.close(), theirs.close()]);
  });
});
