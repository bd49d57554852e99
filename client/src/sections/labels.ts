import type { AttrSpec, SelectAttrSpec } from '@safeplan/schema/plan';
import { hasMessage, t } from '../app/i18n/index.ts';

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

export function ruleHint(rule: string, params?: Record<string, string | number>): string {
  const key = `rule.${rule}`;
  return hasMessage(key) ? t(key, params) : rule;
}

export function isEditableAttr(spec: AttrSpec): boolean {
  // A picture's data URL is edited through the picture picker, not typed.
  return spec.kind !== 'text';
}
