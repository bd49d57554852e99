import { describe, expect, it } from 'vitest';
import type { EngineSession } from '../../client/src/sync/plan-session.ts';
import { describeState, isSynced, newClient, until } from './support/clients.ts';
import { relayForThisFile } from './support/relay-for-this-file.ts';

const { net } = relayForThisFile();

const logOf = (s: EngineSession) => s.contributions.getArray<string>('log').toArray();
const planText = (s: EngineSession) => s.doc.getText('t').toString();

describe('a contributor writes the contributions document and never the plan', () => {
  it('syncs a contributor\'s log and name, and keeps their plan edit on their own device', async () => {
    const anna = newClient(net, 'anna');
    const carla = newClient(net, 'carla');
    const mine = (await anna.lib.create({ title: 'p', displayName: 'Anna' })) as EngineSession;
    mine.doc.getText('t').insert(0, 'Sam slaapt bij oma.');
    const url = await anna.lib.createInvite(mine.planId, { role: 'contributor', profile: { kind: 'network' } });
    const theirs = (await carla.lib.join(url, 'Carla')) as EngineSession;
    await until('contributor has the plan', () => planText(theirs) === 'Sam slaapt bij oma.');
    await until('contributor synced', () => isSynced(theirs), 5000, () => describeState(theirs.state()));
    expect(theirs.membership.me().role).toBe('contributor');

    theirs.contributions.getArray<string>('log').push(['Maandag ging goed']);
    await until('owner sees the log entry', () => logOf(mine).join() === 'Maandag ging goed');
    // A contributor writes their own name, which lives in the contributions document.
    await until('owner sees the contributor\'s name', () =>
      mine.membership.people().some((p) => p.role === 'contributor' && p.displayName === 'Carla'),
    );

    theirs.doc.getText('t').insert(0, 'Carla: ');
    await until('the engine refuses to seal it', () => theirs.state().kind === 'problem', 5000, () => describeState(theirs.state()));
    expect(theirs.state()).toMatchObject({ kind: 'problem', code: 'read-only' });
    // Later contributions still go out, and the refused plan edit never does.
    theirs.contributions.getArray<string>('log').push(['Dinsdag bijna mis']);
    await until('owner sees the second entry', () => logOf(mine).length === 2);
    mine.contributions.getArray<string>('log').push(['Anna schrijft ook']);
    await until('contributor sees the owner\'s entry', () => logOf(theirs).length === 3);
    expect(planText(mine)).toBe('Sam slaapt bij oma.');
    await Promise.all([mine.close(), theirs.close()]);
  });

  it('carries both documents in a relay snapshot to a reader who joins later, and a reader writes nothing', async () => {
    const anna = newClient(net, 'anna2', { snapshotEvery: 5 });
    const carla = newClient(net, 'carla2');
    const dirk = newClient(net, 'dirk2');
    const mine = (await anna.lib.create({ title: 'p', displayName: 'Anna' })) as EngineSession;
    const theirs = (await carla.lib.join(
      await anna.lib.createInvite(mine.planId, { role: 'contributor', profile: { kind: 'household' } }),
      'Carla',
    )) as EngineSession;
    await until('contributor synced', () => isSynced(theirs));
    for (let i = 0; i < 6; i++) {
      theirs.contributions.getArray<string>('log').push([`entry ${i}`]);
      await theirs.flush();
    }
    await until('owner has every entry', () => logOf(mine).length === 6);
    for (let i = 0; i < 6; i++) {
      mine.doc.getText('t').insert(0, `${i}`);
      await mine.flush();
      await until('owner synced', () => isSynced(mine));
    }
    await until('the owner wrote a relay snapshot', () => mine.meta.snapshotCounter > 0);

    const reader = (await dirk.lib.join(
      await anna.lib.createInvite(mine.planId, { role: 'reader', profile: { kind: 'network' } }),
      'Dirk',
    )) as EngineSession;
    await until('reader has both documents', () => logOf(reader).length === 6 && planText(reader) === planText(mine));
    expect(reader.state().kind).toBe('synced');

    reader.contributions.getArray<string>('log').push(['Dirk schrijft']);
    await until('the engine refuses to seal it', () => reader.state().kind === 'problem');
    expect(reader.state()).toMatchObject({ kind: 'problem', code: 'read-only' });
    mine.contributions.getArray<string>('log').push(['after the reader']);
    await until('the reader still receives', () => logOf(reader).includes('after the reader'));
    expect(logOf(mine)).not.toContain('Dirk schrijft');
    await Promise.all([mine.close(), theirs.close(), reader.close()]);
  });
});
