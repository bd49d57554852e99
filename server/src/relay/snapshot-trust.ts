import { keyId, mayPublish, memberOf, type MembershipState } from '@safeplan/schema/protocol';

/**
 * Whether the relay may take a snapshot's word for the plan (serve it, prune what it covers):
 * only when every person who may write anything in the plan is the snapshot author's own person.
 * Then the snapshot says nothing the author could not have written anyway ("a plan with a single
 * writer is trusted as that writer"). With a second writer the relay keeps every update: it cannot
 * read a snapshot, so it cannot tell an honest one from one that drops or rewrites what the others
 * wrote, and joiners then get the updates themselves (docs/protocol.md "Snapshots").
 */
export function snapshotTrusted(state: MembershipState, author: Uint8Array): boolean {
  const me = memberOf(state, author);
  if (!me) return false;
  const mine = keyId(me.personId);
  for (const person of state.people.values()) {
    if (keyId(person.personId) === mine) continue;
    if (mayPublish(person.role, 'plan') || mayPublish(person.role, 'contributions')) return false;
  }
  return true;
}
