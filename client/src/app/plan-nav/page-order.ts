import { sectionsOf, type PlanSectionSpec } from '@safeplan/schema/plan';

/**
 * The sections in the order the plan screen shows them: the plan document first, then the scores
 * and the log under "Scores en logboek" at the bottom. Chips, numbers and the pager follow this
 * order, so number 13 is where the page has it, not where the method's list puts it.
 */
export const PAGE_ORDER: readonly PlanSectionSpec[] = [...sectionsOf('plan'), ...sectionsOf('contributions')];

export const PAGE_KEYS: readonly string[] = PAGE_ORDER.map((s) => s.key);

/** The neighbours of a section in page order (undefined at either end). */
export function neighbours(key: string): { previous?: string; next?: string } {
  const i = PAGE_KEYS.indexOf(key);
  if (i === -1) return {};
  return { previous: PAGE_KEYS[i - 1], next: PAGE_KEYS[i + 1] };
}

export function channelOfSection(key: string): 'plan' | 'contributions' | undefined {
  return PAGE_ORDER.find((s) => s.key === key)?.channel;
}
