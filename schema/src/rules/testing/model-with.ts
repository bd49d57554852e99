import type { JSONContent } from '@tiptap/core';
import { newItemJSON, planJSONWith, planModelFromJSON } from '../../plan/index.ts';
import type { PlanModel } from '../../plan/index.ts';

/** Test support: the model of a plan holding exactly these items. */
export function modelWith(...items: JSONContent[]): PlanModel {
  return planModelFromJSON(planJSONWith(items));
}

export const item = newItemJSON;

/** Noon local time, so the calendar day is the same in every time zone the tests run in. */
export function localNoon(y: number, m: number, d: number): Date {
  return new Date(y, m - 1, d, 12, 0, 0);
}
