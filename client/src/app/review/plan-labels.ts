import { isItemType, itemSpec } from '@safeplan/schema/plan';
import type { SelectAttrSpec } from '@safeplan/schema/plan';
import { attrLabel, fieldLabel, itemLabel, optionLabel } from '../../sections/labels.ts';
import { t } from '../i18n/index.ts';
import { formatDay } from './format-time.ts';

/** Labels for the review lists, through the plan's own words; an unknown type shows as it is. */
export function itemName(type: string): string {
  return isItemType(type) ? itemLabel(type) : type;
}

export function fieldName(type: string, field: string): string {
  return isItemType(type) ? fieldLabel(type, field) : field;
}

export function attrName(type: string, attr: string): string {
  return isItemType(type) ? attrLabel(type, attr) : attr;
}

/** The words an item stands for when another item points at it (a danger statement's text, a child's name). */
export type ItemRefText = (itemType: string, id: string) => string | null;

/**
 * An attribute value as words: option labels for choices, yes/no, dates written out in the chosen
 * language, the text of the item a reference points at, the empty mark for nothing.
 */
export function attrValueText(type: string, attr: string, value: unknown, refText?: ItemRefText): string {
  if (value === null || value === undefined || value === '') return t('reviewApp.print.empty');
  if (typeof value === 'boolean') return t(value ? 'reviewApp.yes' : 'reviewApp.no');
  if (!isItemType(type)) return String(value);
  const spec = itemSpec(type).attrs.find((a) => a.key === attr);
  if (spec?.kind === 'select' && typeof value === 'string') return optionLabel(spec as SelectAttrSpec, value);
  if (spec?.kind === 'date' && typeof value === 'string') return formatDay(value);
  if (spec?.kind === 'itemRef' && typeof value === 'string' && refText) return refText(spec.itemType, value) ?? t('reviewApp.print.empty');
  return String(value);
}
