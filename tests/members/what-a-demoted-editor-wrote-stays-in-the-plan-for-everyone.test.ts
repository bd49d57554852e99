import { describe, expect, it } from 'vitest';
import { mayHaveWritten, roleUnderEpoch } from '@safeplan/schema/protocol';
import type { EngineSession } from '../../client/src/sync/plan-session.ts';
import { newClient, until } from '../sync/support/clients.ts';
import { relayForThisFile } from '../sync/support/relay-for-this-file.ts';
import { personIdOf, planWith } from './support/members-world.ts';

const { net } = relayForThisFile();

describe('taking a right away never takes away what was written with it', () => {
  it('a later joiner and a reopened device keep the plan text of an editor who is now a reader', async () => {
    const { owner: anna, members: [bram] } = await planWith(net, { name: 'anna' }, [{ name: 'bram', role: 'editor' }]);
    bram!.session.doc.getText('t').insert(0, 'Bram schreef dit als bewerker.');
    await until('anna has it', () => anna.session.doc.getText('t').toString() === 'Bram schreef dit als bewerker.');
    await anna.session.membership.setRole(personIdOf(bram!), 'reader');
    await until('bram knows he is a reader', () => bram!.session.membership.me().role === 'reader');

    // A new member gets every envelope from the relay (no snapshot yet) and checks each one.
    const carla = newClient(net, 'carla');
    const late = (await carla.lib.join(await anna.client.lib.createInvite(anna.session.planId), 'Carla')) as EngineSession;
    const warnings: string[] = [];
    late.onWarning((w) => warnings.push(w.code));
    await until('the late joiner has bram\'s text', () => late.doc.getText('t').toString() === 'Bram schreef dit als bewerker.');
    expect(warnings).toEqual([]);

    // Anna's device opens the plan again from its own store and checks what it kept.
    await anna.session.close();
    const reopened = (await anna.client.lib.open(anna.session.planId)) as EngineSession;
    expect(reopened.doc.getText('t').toString()).toBe('Bram schreef dit als bewerker.');
    expect(reopened.state()).not.toMatchObject({ kind: 'problem' });
    await Promise.all([reopened.close(), late.close(), bram!.session.close()]);
  });

  it('judges each epoch by the roles held in it: after a key rotation a reader\'s plan write is not accepted', async () => {
    const { owner: anna, members: [bram] } = await planWith(net, { name: 'anna2' }, [{ name: 'bram2', role: 'editor' }]);
    const bramDevice = (await bram!.client.kv.get<{ sign: { publicKey: Uint8Array } }>('device/identity'))!.sign.publicKey;
    await anna.session.membership.setRole(personIdOf(bram!), 'reader');
    let state = anna.session.memberLog.state;
    // The epoch of the demotion still counts him as the editor he was in it.
    expect([roleUnderEpoch(state, bramDevice, 0), mayHaveWritten(state, bramDevice, 0, 'plan')]).toEqual(['editor', true]);
    // Any removal rotates the key; the new epoch knows him only as a reader.
    const carla = newClient(net, 'carla2');
    const c = (await carla.lib.join(await anna.client.lib.createInvite(anna.session.planId), 'Carla')) as EngineSession;
    await until('carla joined', () => c.state().kind === 'synced');
    await anna.session.membership.removePerson(c.membership.me().personId);
    state = anna.session.memberLog.state;
    expect(state.epoch).toBe(1);
    expect([roleUnderEpoch(state, bramDevice, 1), mayHaveWritten(state, bramDevice, 1, 'plan')]).toEqual(['reader', false]);
    expect(mayHaveWritten(state, bramDevice, 0, 'plan')).toBe(true);
    await Promise.all([anna.session.close(), bram!.session.close(), c.close()]);
  });
});
