import { describe, expect, it } from 'vitest';
import { PlanStore } from '../../client/src/sync/plan-store.ts';
import type { SyncWarning } from '../../client/src/sync/session.ts';
import { describeState, until } from '../sync/support/clients.ts';
import { relayForThisFile } from '../sync/support/relay-for-this-file.ts';
import { personIdOf, planWith } from './support/members-world.ts';

const { net } = relayForThisFile();

describe('an editor made contributor while their plan edits wait on their device', () => {
  it('sets the refused plan edit aside on the device, and their log entries still reach the others', async () => {
    const { owner: anna, members: [bram] } = await planWith(net, { name: 'anna' }, [{ name: 'bram', role: 'editor' }]);
    const warnings: SyncWarning[] = [];
    bram!.session.onWarning((w) => warnings.push(w));
    const log = (m: typeof anna) => m.session.contributions.getArray<string>('log').toArray();

    net.cut('bram');
    bram!.session.doc.getText('t').insert(0, 'Bram schreef dit offline in het plan');
    await bram!.session.flush();
    bram!.session.contributions.getArray<string>('log').push(['Bram: het ging goed']);
    await bram!.session.flush();
    expect(bram!.session.waiting).toBe(2);

    await anna.session.membership.setRole(personIdOf(bram!), 'contributor');
    net.heal('bram');

    await until('the log entry after the refused plan edit gets through', () => log(anna).includes('Bram: het ging goed'), 10_000, () =>
      `bram: ${describeState(bram!.session.state())}, warnings ${warnings.map((w) => w.code).join()}`,
    );
    // Not "synced" while the set-aside warning stands: the state says what happened until read.
    await until('bram has sent everything', () => {
      const st = bram!.session.state();
      return st.kind === 'attention' && st.connected && st.waiting === 0;
    }, 10_000, () => `${describeState(bram!.session.state())} ${warnings.map((w) => w.code).join()}`);
    bram!.session.dismissWarnings();
    await until('bram is synced again', () => bram!.session.state().kind === 'synced', 10_000, () => `${describeState(bram!.session.state())} ${warnings.map((w) => w.code).join()}`);
    expect(anna.session.doc.getText('t').toString()).toBe('');
    expect(warnings.map((w) => w.code)).toContain('set-aside-after-role-change');
    // Kept on his device, never deleted.
    const aside = await new PlanStore(bram!.client.kv, bram!.session.planId).quarantined();
    expect(aside.map((r) => r.reason)).toContain('the role may no longer write this document');
    // His text is still there on his own screen; only the relay and the others never got it.
    expect(bram!.session.doc.getText('t').toString()).toBe('Bram schreef dit offline in het plan');

    bram!.session.contributions.getArray<string>('log').push(['Bram: later']);
    await until('later entries flow as usual', () => log(anna).includes('Bram: later'));
    await Promise.all([anna.session.close(), bram!.session.close()]);
  });
});
