import { createSignal, onCleanup, type Accessor } from 'solid-js';
import { mayPublish } from '@safeplan/schema/protocol';
import type { Me, PendingInvite, PersonView, PlanSession, SyncState, TimelineEntry } from '../../sync/session.ts';

export interface MembershipView {
  me: Accessor<Me>;
  people: Accessor<PersonView[]>;
  invites: Accessor<PendingInvite[]>;
  timeline: Accessor<TimelineEntry[]>;
  closed: Accessor<boolean>;
  state: Accessor<SyncState>;
  /** This device was removed (or the case closed for it): it keeps what it has, and hears nothing new. */
  revoked: Accessor<boolean>;
  /** Whether this device may change the plan's text (owner or editor, still a member). */
  mayEdit: Accessor<boolean>;
  isOwner: Accessor<boolean>;
  /** My own person, when the log still lists me. */
  myPerson: Accessor<PersonView | undefined>;
}

/**
 * The session's membership as Solid signals, read again on every log or name change and on every
 * sync state change (a removal shows up as `access-revoked` as well as in the log).
 */
export function useMembership(session: PlanSession): MembershipView {
  const m = session.membership;
  const read = () => ({ me: m.me(), people: m.people(), invites: m.pendingInvites(), timeline: m.timeline(), closed: m.closed() });
  const [snap, setSnap] = createSignal(read());
  const [state, setState] = createSignal<SyncState>(session.state());
  onCleanup(m.onChange(() => setSnap(read())));
  onCleanup(
    session.onState((s) => {
      setState(s);
      setSnap(read());
    }),
  );
  const me = () => snap().me;
  const revoked = () => me().role === null || (state().kind === 'problem' && (state() as { code: string }).code === 'access-revoked');
  return {
    me,
    people: () => snap().people,
    invites: () => snap().invites,
    timeline: () => snap().timeline,
    closed: () => snap().closed,
    state,
    revoked,
    mayEdit: () => {
      const role = me().role;
      return !revoked() && role !== null && mayPublish(role);
    },
    isOwner: () => !revoked() && me().role === 'owner',
    myPerson: () => snap().people.find((p) => p.personId === me().personId),
  };
}
