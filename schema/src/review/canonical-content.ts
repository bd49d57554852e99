import type { JSONContent } from '@tiptap/core';
import type { Sodium } from '../crypto/index.ts';
import { hash } from '../crypto/index.ts';
import { planSchema, PlanInputError } from '../plan/index.ts';
import { ReviewError } from './errors.ts';

/** JSON with object keys sorted at every level: one plan has exactly one text, so one hash. */
function sortedJSON(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJSON).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${sortedJSON(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The canonical text of a plan: parsed through the plan schema (so defaults are filled in and an
 * invalid plan is refused) and printed with sorted keys. Throws ReviewError('invalid-plan').
 */
export function canonicalPlanText(json: unknown): string {
  if (typeof json !== 'object' || json === null) throw new ReviewError('invalid-plan', 'a plan must be a JSON object');
  try {
    const node = planSchema().nodeFromJSON(json);
    node.check();
    return sortedJSON(node.toJSON());
  } catch (err) {
    const why = err instanceof PlanInputError || err instanceof Error ? err.message : String(err);
    throw new ReviewError('invalid-plan', `not a valid plan: ${why}`);
  }
}

const encoder = new TextEncoder();

/** BLAKE2b-256 of the canonical text: what identifies a version and what members sign. */
export function planContentHash(s: Sodium, json: JSONContent | unknown): Uint8Array {
  return hash(s, encoder.encode(canonicalPlanText(json)));
}

export function contentHashOfText(s: Sodium, canonicalText: string): Uint8Array {
  return hash(s, encoder.encode(canonicalText));
}
