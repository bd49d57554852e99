import { mayPublish, type Role } from '@safeplan/schema/protocol';
import type { PlanChannel } from '@safeplan/schema/plan';
import type { PlanSession } from '../sync/session.ts';

/**
 * Whether this device may write a channel's document: a member whose role may publish on it, and
 * not cut off. Editors follow this, so nobody types where the relay would refuse the change.
 */
export function mayWriteChannel(role: Role | null, revoked: boolean, channel: PlanChannel): boolean {
  return !revoked && role !== null && mayPublish(role, channel);
}

/** The same, read from an open session now. */
export function sessionMayWrite(session: Pick<PlanSession, 'membership' | 'state'>, channel: PlanChannel): boolean {
  const state = session.state();
  const revoked = state.kind === 'problem' && state.code === 'access-revoked';
  return mayWriteChannel(session.membership.me().role, revoked, channel);
}
