import { describe, expect, it } from 'vitest';
import { fromBase64Url } from '@safeplan/schema/crypto';
import { encodeRelayFrame } from '@safeplan/schema/protocol';
import type { EngineSession } from '../../client/src/sync/plan-session.ts';
import type { SyncState } from '../../client/src/sync/session.ts';
import { describeState, newClient, until } from './support/clients.ts';
import { relayForThisFile } from './support/relay-for-this-file.ts';

const { net } = relayForThisFile();

describe('the visible sync state', () => {
  it('goes local → synced → offline N → syncing → synced, telling listeners of each change', async () => {
    const anna = newClient(net, 'anna');
    const plan = (await anna.lib.create({ title: 'x', displayName: 'Anna' })) as EngineSession;
    const seen: SyncState[] = [];
    plan.onState((s) => seen.push(s));
    expect(plan.state()).toEqual({ kind: 'local' });

    plan.doc.getText('t').insert(0, 'lokaal');
    await plan.flush();
    expect(plan.state()).toEqual({ kind: 'local' });

    await anna.lib.createInvite(plan.planId);
    await until('synced', () => plan.state().kind === 'synced', 5000, () => describeState(plan.state()));

    net.cut('anna');
    await until('offline', () => plan.state().kind === 'offline');
    plan.doc.getText('t').insert(0, 'a');
    await plan.flush();
    plan.doc.getText('t').insert(0, 'b');
    await plan.flush();
    expect(plan.state()).toEqual({ kind: 'offline', waiting: 2 });

    net.heal('anna');
    await until('synced again', () => plan.state().kind === 'synced', 5000, () => describeState(plan.state()));
    const kinds = seen.map((s) => s.kind);
    expect(kinds.indexOf('syncing')).toBeGreaterThanOrEqual(0);
    expect(kinds.lastIndexOf('offline')).toBeGreaterThan(kinds.indexOf('synced'));
    expect(seen).toContainEqual({ kind: 'offline', waiting: 2 });
    expect(kinds.at(-1)).toBe('synced');

    // A relay that says we are no longer a member: a problem the user must see; edits stay kept.
    const planId = fromBase64Url(plan.planId);
    net.inject('anna', encodeRelayFrame({ type: 'error', code: 'not-a-member', detail: 'removed', ref: planId }));
    await until('problem', () => plan.state().kind === 'problem');
    plan.doc.getText('t').insert(0, 'c');
    await plan.flush();
    expect(plan.state()).toEqual({ kind: 'problem', code: 'access-revoked', waiting: expect.any(Number) });
    await plan.close();
    const reopened = await anna.lib.open(plan.planId);
    expect(reopened.doc.getText('t').toString()).toBe('cbalokaal');
    await reopened.close();
  });
});
