import { describe, expect, it } from 'vitest';
import type { EngineSession } from '../../client/src/sync/plan-session.ts';
import { memberErrorText } from '../../client/src/app/members/member-words.ts';
import { joinProblem } from '../../client/src/app/join-errors.ts';
import { newClient } from '../sync/support/clients.ts';
import { relayForThisFile } from '../sync/support/relay-for-this-file.ts';

// Four events: genesis, invite and join fill three; the fourth is kept for owners; then none.
const { net } = relayForThisFile({ limits: { maxLogEvents: 4 } });

describe('a plan whose member log reached the relay bound', () => {
  it('tells a joiner the plan takes no one new (their invite is fine), and an owner why removing failed', async () => {
    const anna = newClient(net, 'anna');
    const plan = (await anna.lib.create({ title: 'p', displayName: 'Anna' })) as EngineSession;
    const bram = (await newClient(net, 'bram').lib.join(await anna.lib.createInvite(plan.planId), 'Bram')) as EngineSession;
    // The owner may still add the fourth event: an invite.
    const forCarla = await anna.lib.createInvite(plan.planId);

    const carla = newClient(net, 'carla');
    const joinRefusal = await carla.lib.join(forCarla, 'Carla').then(
      () => null,
      (err: unknown) => err,
    );
    expect(joinRefusal).toMatchObject({ code: 'log-full' });
    expect(joinProblem(joinRefusal, true)).toBe('log-full');
    expect(await carla.lib.list()).toEqual([]);

    const bramId = plan.membership.people().find((p) => p.displayName === 'Bram')?.personId;
    expect(bramId).toBeDefined();
    const removeRefusal = await plan.membership.removePerson(bramId!).then(
      () => null,
      (err: unknown) => err,
    );
    expect(removeRefusal).toMatchObject({ code: 'log-full' });
    expect(memberErrorText(removeRefusal, true)).toContain('heel vaak veranderd wie er meedoet');
    await Promise.all([plan.close(), bram.close()]);
  });
});
