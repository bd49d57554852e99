import type { PlanModel } from '@safeplan/schema/plan';
import { approvalStatus, diffVersions, versionNotice } from '@safeplan/schema/review';
import type { ApprovalStatus, PlanVersion, ReviewMembers, VersionDiff, VersionNotice } from '@safeplan/schema/review';
import type { Sodium } from '@safeplan/schema/crypto';
import { fullPlanModel } from '../../editor/plan-json.ts';
import { endorsementsOf, readVersions } from '../../review/index.ts';
import type { PlanDocs, StoredVersion } from '../../review/index.ts';
import { underYouthProtection } from './review-flags.ts';
import type { ReviewSigning } from './review-signing.ts';

/** A fixed version as the screens show it: verified content, its endorsements and whether it counts. */
export interface ShownVersion {
  version: PlanVersion;
  model: PlanModel;
  approval: ApprovalStatus;
  /** Endorsements that did not even decode (counted for the warning). */
  malformed: number;
}

export interface VersionsView {
  accepted: ShownVersion[];
  /** Versions refused on reading (tampered, forged, unreadable): flagged, never shown as content. */
  refused: Extract<StoredVersion, { ok: false }>[];
}

/**
 * Every version (plan document), verified against the current members, oldest first, with its
 * endorsements (contributions document) and whether it counts (youth protection: plan document).
 */
export function readShownVersions(s: Sodium, docs: PlanDocs, planId: string, members: ReviewMembers, signing: ReviewSigning): VersionsView {
  const yp = underYouthProtection(docs.plan);
  const accepted: ShownVersion[] = [];
  const refused: VersionsView['refused'] = [];
  for (const stored of readVersions(s, docs.plan, planId, signing.membersForVersion, signing.open)) {
    if (!stored.ok) {
      refused.push(stored);
      continue;
    }
    const { endorsements, malformed } = endorsementsOf(docs.contributions, stored.version.versionNo);
    accepted.push({
      version: stored.version,
      model: stored.model,
      approval: approvalStatus(s, stored.version, endorsements, members, yp),
      malformed,
    });
  }
  return { accepted, refused };
}

/** The whole plan as it is in both documents now, for "compare with the plan now". */
export function currentModel(docs: PlanDocs): PlanModel {
  return fullPlanModel(docs);
}

/** The newest version and what changed since the one before it: the "new agreements" notice. */
export function latestNotice(view: VersionsView): { notice: VersionNotice; diff: VersionDiff } | null {
  const list = view.accepted;
  const current = list[list.length - 1];
  if (!current) return null;
  const previous = list[list.length - 2] ?? null;
  const diff = previous ? diffVersions(previous.model, current.model) : [];
  return { notice: versionNotice(current.version, previous?.version ?? null, diff), diff };
}
