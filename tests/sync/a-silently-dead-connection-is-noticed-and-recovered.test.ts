import { describe, expect, it } from 'vitest';
import { decodeRelayFrame } from '@safeplan/schema/protocol';
import type { EngineSession } from '../../client/src/sync/plan-session.ts';
import type { SyncState } from '../../client/src/sync/session.ts';
import { describeState, newClient, until } from './support/clients.ts';
import { relayForThisFile } from './support/relay-for-this-file.ts';

const { net } = relayForThisFile();
const HEARTBEAT = { heartbeatMs: 200, deadAfterMs: 200 };
/** Room for a busy machine on top of heartbeat + dead time. */
const SLACK_MS = 1000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const text = (s: EngineSession) => s.doc.getText('t').toString();

describe('a connection that dies without a word', () => {
  it('is noticed within heartbeat + dead time; edits made meanwhile reach the other device once the line is back', async () => {
    const anna = newClient(net, 'anna', { heartbeat: HEARTBEAT });
    const bram = newClient(net, 'bram', { heartbeat: HEARTBEAT });
    const mine = (await anna.lib.create({ title: 'x', displayName: 'Anna' })) as EngineSession;
    const theirs = (await bram.lib.join(await anna.lib.createInvite(mine.planId), 'Bram')) as EngineSession;
    await until('both synced', () => mine.state().kind === 'synced' && theirs.state().kind === 'synced', 5000, () => describeState(mine.state()));

    // A quiet but working line is pinged, answered, and stays synced.
    const quiet: SyncState[] = [];
    const stopQuiet = mine.onState((s) => quiet.push(s));
    let pongs = 0;
    const untap = net.tap((bytes, client) => {
      if (client === 'anna' && decodeRelayFrame(bytes).type === 'pong') pongs++;
    });
    await sleep(HEARTBEAT.heartbeatMs * 5);
    stopQuiet();
    untap();
    expect(quiet).toEqual([]);
    expect(pongs).toBeGreaterThanOrEqual(2);

    await net.silence('anna');
    const silencedAt = Date.now();
    // Typed just after the line died: it goes out on the dead socket and must be sent again.
    mine.doc.getText('t').insert(0, 'tunnel');
    await mine.flush();
    await until('anna sees she is offline', () => mine.state().kind === 'offline', HEARTBEAT.heartbeatMs + HEARTBEAT.deadAfterMs + SLACK_MS, () =>
      describeState(mine.state()),
    );
    expect(Date.now() - silencedAt).toBeLessThan(HEARTBEAT.heartbeatMs + HEARTBEAT.deadAfterMs + SLACK_MS);

    mine.doc.getText('t').insert(0, 'a ');
    await mine.flush();
    theirs.doc.getText('t').insert(0, 'bram ');
    await theirs.flush();
    expect(mine.state()).toEqual({ kind: 'offline', waiting: 2 });

    // New connections hang on the dead line; each is given up in turn and the state does not lie.
    const meanwhile: SyncState[] = [];
    const stopMeanwhile = mine.onState((s) => meanwhile.push(s));
    await sleep((HEARTBEAT.heartbeatMs + HEARTBEAT.deadAfterMs) * 3);
    stopMeanwhile();
    expect(meanwhile).toEqual([]);
    expect(text(theirs)).toBe('bram ');

    net.heal('anna');
    await until('anna synced again', () => mine.state().kind === 'synced', 5000, () => describeState(mine.state()));
    await until('bram has both of her edits', () => text(theirs).includes('tunnel') && text(theirs).includes('a '), 5000, () => text(theirs));
    await until('anna has his', () => text(mine) === text(theirs), 5000, () => `${text(mine)} | ${text(theirs)}`);
    expect(text(mine)).toContain('bram ');
    await mine.close();
    await theirs.close();
  });
});
