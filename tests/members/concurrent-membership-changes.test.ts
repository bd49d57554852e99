import { describe, expect, it } from 'vitest';
import { ready } from '@safeplan/schema/crypto';
import { keyId, validateLog, type MembershipState } from '@safeplan/schema/protocol';
import { SyncError } from '../../client/src/sync/sync-error.ts';
import { until } from '../sync/support/clients.ts';
import { relayForThisFile } from '../sync/support/relay-for-this-file.ts';
import { personIdOf, planWith, recordFrames, type Member } from './support/members-world.ts';

const s = await ready();
const { net } = relayForThisFile();
const frames = recordFrames(net);

const staleHeads = () => frames.filter((f) => f.frame.type === 'error' && f.frame.code === 'stale-head').length;

/** What every client derives from its own copy of the log, validated from the genesis again. */
function summary(state: MembershipState) {
  return {
    head: keyId(state.head),
    epoch: state.epoch,
    roles: [...state.people.values()].map((p) => `${keyId(p.personId)}:${p.role}`).sort(),
  };
}

async function twoOwners(prefix: string): Promise<{ anna: Member; bram: Member; carla: Member; dirk: Member }> {
  const { owner: anna, members } = await planWith(net, { name: `${prefix}-anna` }, [
    { name: `${prefix}-bram` },
    { name: `${prefix}-carla` },
    { name: `${prefix}-dirk` },
  ]);
  const [bram, carla, dirk] = members as [Member, Member, Member];
  await anna.session.membership.offerOwnership(personIdOf(bram));
  await until('bram sees the offer', () => bram.session.membership.people().some((p) => p.personId === personIdOf(bram) && p.offeredOwnership));
  await bram.session.membership.acceptOwnership();
  await until('anna sees bram as owner', () => anna.session.membership.people().find((p) => p.personId === personIdOf(bram))?.role === 'owner');
  return { anna, bram, carla, dirk };
}

describe('two owners change membership at the same moment', () => {
  it('one gets stale-head, rebuilds on the new head, and both changes land in one linear log', async () => {
    const { anna, bram, carla, dirk } = await twoOwners('a');
    const before = staleHeads();
    // Both built on the same head in the same tick: the relay can take only one of them first.
    await Promise.all([
      anna.session.membership.setRole(personIdOf(carla), 'reader'),
      bram.session.membership.setRole(personIdOf(dirk), 'contributor'),
    ]);
    expect(staleHeads()).toBeGreaterThan(before);

    const all = [anna, bram, carla, dirk];
    await until('every client has both changes', () => all.every((m) => m.session.memberLog.events.length === anna.session.memberLog.events.length && m.session.state().kind === 'synced'));
    const now = Date.now() + 1000;
    const states = all.map((m) => validateLog(s, [...m.session.memberLog.events], now));
    for (const st of states) expect(summary(st)).toEqual(summary(states[0]!));
    const roles = new Map([...states[0]!.people.values()].map((p) => [keyId(p.personId), p.role]));
    expect(roles.get(personIdOf(carla))).toBe('reader');
    expect(roles.get(personIdOf(dirk))).toBe('contributor');
    const types = states[0]!.history.map((h) => h.type);
    expect(types.slice(-2).sort()).toEqual(['set-role', 'set-role']);
    // Everyone sees the same regie timeline, names resolved from the encrypted document.
    const timelines = all.map((m) => JSON.stringify(m.session.membership.timeline()));
    expect(new Set(timelines).size).toBe(1);
    await Promise.all(all.map((m) => m.session.close()));
  });

  it('when both remove the same person, one lands and the rebuilt other is refused for a reason, not forked', async () => {
    const { anna, bram, carla, dirk } = await twoOwners('b');
    const target = personIdOf(dirk);
    const results = await Promise.allSettled([
      anna.session.membership.removePerson(target),
      bram.session.membership.removePerson(target),
    ]);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.reason).toBeInstanceOf(SyncError);
    expect({ code: refused[0]!.reason.code, detail: refused[0]!.reason.detail }).toEqual({ code: 'invalid-event', detail: 'no such member' });

    const stay = [anna, bram, carla];
    await until('the others agree on one removal', () => stay.every((m) => m.session.memberLog.state.epoch === 1 && m.session.state().kind === 'synced'));
    const now = Date.now() + 1000;
    const states = stay.map((m) => validateLog(s, [...m.session.memberLog.events], now));
    for (const st of states) expect(summary(st)).toEqual(summary(states[0]!));
    expect(states[0]!.history.filter((h) => h.type === 'remove')).toHaveLength(1);
    await until('dirk knows', () => dirk.session.state().kind === 'problem');
    expect(dirk.session.state()).toMatchObject({ kind: 'problem', code: 'access-revoked' });
    await Promise.all([...stay, dirk].map((m) => m.session.close()));
  });
});
