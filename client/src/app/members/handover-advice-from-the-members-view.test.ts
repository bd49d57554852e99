import { describe, expect, it } from 'vitest';
import type { PlanFacts } from '@safeplan/schema/protocol';
import type { PersonView } from '../../sync/session.ts';
import { membersNl } from './members-messages.ts';
import { adviceFor, adviceWords } from './handover-advice.ts';

const READY: PlanFacts = { activeNetworkMembers: 3, youngPeopleWithoutSafetyPerson: 0, whoToCallListed: true };

function person(personId: string, role: PersonView['role'], kind: PersonView['kind'], offeredOwnership = false): PersonView {
  return { personId, displayName: personId, relation: '', phone: '', role, kind, devices: [], since: 1, offeredOwnership };
}

const codes = (a: { code: string }[]) => a.map((x) => x.code);

describe('hand-over advice from the members view', () => {
  it('follows the shared rules through the steps of the hand-over', () => {
    const pro = person('cHJv', 'owner', 'professional');
    expect(codes(adviceFor([pro, person('Y2hhaXI', 'editor', 'network')], false, READY))).toEqual(['no-network-owner']);
    expect(codes(adviceFor([pro, person('Y2hhaXI', 'editor', 'network', true)], false, READY))).toEqual(['no-network-owner', 'offer-pending']);
    expect(adviceFor([person('cHJv', 'reader', 'professional'), person('Y2hhaXI', 'owner', 'network')], false, READY)).toEqual([]);
    expect(codes(adviceFor([person('Y2hhaXI', 'owner', 'network')], true, READY))).toEqual(['case-closed']);
  });

  it('passes on what the plan still misses, and only the log’s advice while the plan is unreadable', () => {
    const people = [person('Y2hhaXI', 'owner', 'network')];
    const missing = adviceFor(people, false, { activeNetworkMembers: 1, youngPeopleWithoutSafetyPerson: 2, whoToCallListed: false });
    expect(codes(missing)).toEqual(['few-network-members', 'no-safety-person', 'no-who-to-call']);
    expect(adviceFor(people, false, undefined)).toEqual([]);
  });

  it('has words for every piece of advice, with its numbers', () => {
    const all = adviceFor([person('cHJv', 'owner', 'professional', false), person('Y2hhaXI', 'editor', 'network', true)], false, {
      activeNetworkMembers: 1,
      youngPeopleWithoutSafetyPerson: 2,
      whoToCallListed: false,
    });
    expect(codes(all)).toEqual(['no-network-owner', 'offer-pending', 'few-network-members', 'no-safety-person', 'no-who-to-call']);
    for (const a of [...all, { code: 'case-closed' as const, blocks: true as const }]) {
      const { key, params } = adviceWords(a);
      expect(membersNl[key], key).toBeDefined();
      for (const name of (membersNl[key] ?? '').match(/\{(\w+)\}/g) ?? []) expect(params[name.slice(1, -1)], `${key} ${name}`).toBeTypeOf('number');
    }
    expect(adviceWords(all[2]!)).toEqual({ key: 'members.advice.few-network-members', params: { active: 1, minimum: 3 } });
  });
});
