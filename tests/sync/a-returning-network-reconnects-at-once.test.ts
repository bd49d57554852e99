import { describe, expect, it } from 'vitest';
import type { EngineSession } from '../../client/src/sync/plan-session.ts';
import { describeState, newClient, until } from './support/clients.ts';
import { relayForThisFile } from './support/relay-for-this-file.ts';

const { net } = relayForThisFile();

describe('when the browser says the network is back', () => {
  it('an open plan reconnects at once instead of waiting out a long backoff, and its waiting edit goes out', async () => {
    // A backoff of a minute: what a tablet reaches after some time offline.
    const anna = newClient(net, 'anna', { reconnect: { baseMs: 60_000, maxMs: 60_000 } });
    const bram = newClient(net, 'bram');
    const plan = (await anna.lib.create({ title: 'x', displayName: 'Anna' })) as EngineSession;
    const link = await anna.lib.createInvite(plan.planId);
    await until('synced', () => plan.state().kind === 'synced', 5000, () => describeState(plan.state()));
    const other = await bram.lib.join(link, 'Bram');

    net.cut('anna');
    anna.lib.networkChanged(false);
    await until('offline at once', () => plan.state().kind === 'offline', 2000, () => describeState(plan.state()));
    plan.doc.getText('t').insert(0, 'terwijl offline');
    await plan.flush();

    net.heal('anna');
    const backAt = Date.now();
    anna.lib.networkChanged(true);
    await until('synced within seconds, not a minute', () => plan.state().kind === 'synced', 5000, () => describeState(plan.state()));
    await until('Bram has the edit', () => other.doc.getText('t').toString() === 'terwijl offline', 5000);
    expect(Date.now() - backAt).toBeLessThan(5000);
    await plan.close();
    await other.close();
  });
});
