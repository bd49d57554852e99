import { constantTimeEqual, type Sodium } from '@safeplan/schema/crypto';
import {
  appendEvent,
  mayPublish,
  memberOf,
  pendingInvites,
  ProtocolError,
  validateLog,
  type MembershipState,
} from '@safeplan/schema/protocol';
import type { MembershipRules, PlanMembership } from './membership-rules.ts';

/** The relay's membership checks: the very code every client runs, from schema/. */
export function createSharedMembershipRules(sodium: Sodium, now: () => number = Date.now): MembershipRules {
  return {
    load: (events) => viewOf(validateLog(sodium, events, now()), now),
    append(planId, events, current, event) {
      if (events.length === 0) {
        const state = validateLog(sodium, [event], now());
        if (!constantTimeEqual(state.planId, planId)) {
          throw new ProtocolError('invalid-event', 'the event names another plan than the frame');
        }
        return viewOf(state, now);
      }
      if (!current) throw new ProtocolError('internal', 'membership state missing for a stored log');
      return viewOf(appendEvent(sodium, current.state, event, now()), now);
    },
  };
}

function viewOf(state: MembershipState, now: () => number): PlanMembership {
  return {
    state,
    epoch: state.epoch,
    head: state.head,
    isMember: (device) => memberOf(state, device) !== undefined,
    isPendingInvite: (key) => pendingInvites(state, now()).some((invite) => constantTimeEqual(invite.inviteKey, key)),
    mayWrite: (device, channel) => {
      const member = memberOf(state, device);
      return member !== undefined && mayPublish(member.role, channel);
    },
  };
}
