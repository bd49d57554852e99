import { isIsoDate, MEETING_TIME_PATTERN, type AttrSpec, type SelectAttrSpec } from '@safeplan/schema/plan';
import { hasMessage, t } from '../app/i18n/index.ts';
import { formatDay } from '../app/review/format-time.ts';
import '../app/i18n/plan-words.ts';

/**
 * i18n keys of the plan's labels (written by the schema side in app/i18n/plan-messages.ts). One
 * place, so the UI and the message file cannot drift apart key by key.
 */
export const sectionTitle = (key: string) => t(`section.${key}.title`);
export const sectionIntro = (key: string) => t(`section.${key}.help`);
export const itemLabel = (type: string) => t(`item.${type}.name`);
export const addItemLabel = (type: string) => t(`item.${type}.add`);
export const fieldLabel = (type: string, key: string) => t(`field.${type}.${key}`);
export const attrLabel = (type: string, key: string) => t(`attr.${type}.${key}`);
export const optionLabel = (spec: SelectAttrSpec, value: string) => t(`option.${spec.optionSet}.${value}`);

/** What the schema's rules give as the name of a person or child whose name is not written yet. */
const UNNAMED = '?';

/** A hint in the chosen language; its dates as people write them ("14 oktober 2026"), never 2026-10-14. */
export function ruleHint(rule: string, params?: Record<string, string | number>): string {
  // The schema names someone not named yet "?": said in words instead ("Een jeugdige zonder naam …").
  const unnamed = params !== undefined && Object.values(params).includes(UNNAMED) && hasMessage(`rule.${rule}.unnamed`);
  const key = unnamed ? `rule.${rule}.unnamed` : `rule.${rule}`;
  if (!hasMessage(key)) return rule;
  const shown = params && Object.fromEntries(Object.entries(params).map(([k, v]) => [k, isIsoDate(v) ? formatDay(v) : v]));
  return t(key, shown);
}

export function isEditableAttr(spec: AttrSpec, itemType?: string): boolean {
  // The phase moves only through the phase track (an owner's recorded decision), and a decision's
  // from, to, date and open count are its record: neither is a free choice in the form.
  if (itemType === 'phase_decision' || (itemType === 'plan_details' && spec.key === 'phase')) return false;
  // A picture's or drawing's data URL is edited through its own picker or canvas, not typed;
  // a meeting's time is a short text typed in a time input.
  return spec.kind !== 'text' || spec.pattern === MEETING_TIME_PATTERN;
}

/** Item types only the app adds (the phase track records decisions), so no "add" button offers them. */
export const APP_ADDED_ITEMS: ReadonlySet<string> = new Set(['phase_decision']);
