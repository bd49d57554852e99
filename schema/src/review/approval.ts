import type { Sodium } from '../crypto/index.ts';
import { toBase64Url } from '../crypto/index.ts';
import type { MemberKind, ProfessionalFunction } from '../protocol/index.ts';
import { verifyEndorsement } from './endorsement.ts';
import type { Endorsement, EndorsementCheck } from './endorsement.ts';
import { YOUTH_PROTECTION_FUNCTION } from './members.ts';
import type { ReviewMembers } from './members.ts';
import type { VersionHeader } from './version-codec.ts';

/** One person who endorsed; several devices of one person count once (their earliest endorsement). */
export interface Endorser {
  personId: string;
  signer: string;
  at: number;
  kind: MemberKind;
  function?: ProfessionalFunction;
}

export interface ApprovalStatus {
  approved: boolean;
  /** Why not yet: the youth protector has not endorsed a plan under youth protection. */
  waitingFor: 'youth-protection' | null;
  endorsedBy: Endorser[];
  /** Endorsements that were refused, with the reason; shown as a warning, never counted. */
  refused: Extract<EndorsementCheck, { ok: false }>[];
}

/**
 * Whether a fixed (and verified) version counts as approved. Every endorsement is verified here,
 * so a caller cannot count a forged one by mistake. Under youth protection a version is approved
 * only once a member with the youth-protection function endorsed it; otherwise fixing it by an
 * owner after the network meeting is the agreement, and endorsements show who joined in.
 */
export function approvalStatus(
  s: Sodium,
  version: VersionHeader,
  endorsements: readonly Endorsement[],
  members: ReviewMembers,
  underYouthProtection: boolean,
): ApprovalStatus {
  const byPerson = new Map<string, Endorser>();
  const refused: ApprovalStatus['refused'] = [];
  for (const e of endorsements) {
    const check = verifyEndorsement(s, e, version, members);
    if (!check.ok) {
      refused.push(check);
      continue;
    }
    const personId = toBase64Url(check.member.personId);
    const known = byPerson.get(personId);
    if (known && known.at <= e.at) continue;
    const endorser: Endorser = { personId, signer: toBase64Url(e.signer), at: e.at, kind: check.member.kind };
    if (check.member.function) endorser.function = check.member.function;
    byPerson.set(personId, endorser);
  }
  const endorsedBy = [...byPerson.values()].sort((a, b) => a.at - b.at);
  const youthProtectorEndorsed = endorsedBy.some((e) => e.kind === 'professional' && e.function === YOUTH_PROTECTION_FUNCTION);
  const waitingFor = underYouthProtection && !youthProtectorEndorsed ? 'youth-protection' : null;
  return { approved: waitingFor === null, waitingFor, endorsedBy, refused };
}
