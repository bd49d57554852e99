import type { AttrValue, ItemType } from '@safeplan/schema/plan';

/**
 * Items a person writes about what they saw or think, today: a log entry and a score. Their "who"
 * field and date start filled in with the writer's name and today's date, so a parent on a tablet
 * only writes what happened (and can still change both).
 */
const WHO_FIELD: Partial<Record<ItemType, string>> = { log_entry: 'author', safety_score: 'who' };

export function prefillFor(type: ItemType, name: string, today: Date): { attrs: Record<string, AttrValue>; fields: Record<string, string> } {
  const who = WHO_FIELD[type];
  if (!who) return { attrs: {}, fields: {} };
  return { attrs: { date: isoDay(today) }, fields: name.trim() ? { [who]: name.trim() } : {} };
}

/** The local calendar day, as the date inputs show it (not UTC: late evening is still today). */
export function isoDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
