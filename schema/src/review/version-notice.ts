import type { SectionKey } from '../plan/index.ts';
import type { VersionDiff } from './version-diff.ts';
import type { VersionHeader } from './version-codec.ts';

/**
 * "Everyone is told of the new agreements": what a member sees once after a version is fixed.
 * Plain data; the UI words it through i18n (`review.notice.*`) and links to the full diff.
 */
export interface VersionNotice {
  versionNo: number;
  title: string;
  date: string;
  /** Null for the first version: then everything in it is new. */
  previousVersionNo: number | null;
  sections: { section: SectionKey; added: number; removed: number; changed: number }[];
  totals: { added: number; removed: number; changed: number };
}

export function versionNotice(current: VersionHeader, previous: VersionHeader | null, diff: VersionDiff): VersionNotice {
  const sections = diff.map((s) => ({
    section: s.section,
    added: s.items.filter((i) => i.status === 'added').length,
    removed: s.items.filter((i) => i.status === 'removed').length,
    changed: s.items.filter((i) => i.status === 'changed').length,
  }));
  const totals = sections.reduce(
    (t, s) => ({ added: t.added + s.added, removed: t.removed + s.removed, changed: t.changed + s.changed }),
    { added: 0, removed: 0, changed: 0 },
  );
  return {
    versionNo: current.versionNo,
    title: current.title,
    date: current.date,
    previousVersionNo: previous ? previous.versionNo : null,
    sections,
    totals,
  };
}
