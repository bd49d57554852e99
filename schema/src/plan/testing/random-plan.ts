import type { JSONContent } from '@tiptap/core';
import { MEETING_TIME_PATTERN, SECTIONS } from '../sections.ts';
import type { PlanItemSpec, PlanSectionSpec } from '../sections.ts';
import { newItemJSON } from '../json.ts';
import { planJSONWith } from '../plan-builder.ts';
import type { AttrSpec, AttrValue } from '../spec-types.ts';

/**
 * Test support: a full plan with random items in every section, drawn from `rand` (use
 * seededRandom so a failure replays). Every attr kind, null values, hard breaks and marks occur.
 */

const WORDS = ['Jan', 'oma', 'veilig', 'afspraak', 'bellen', 'ruzie', 'school', 'één', 'café', '"zo"', '<b>', '😀', '&'];

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
const int = (rand: () => number, min: number, max: number): number => min + Math.floor(rand() * (max - min + 1));

function randomText(rand: () => number): string {
  if (rand() < 0.2) return '';
  const lines = Array.from({ length: int(rand, 1, 3) }, () =>
    Array.from({ length: int(rand, 1, 6) }, () => pick(rand, WORDS)).join(' '),
  );
  return lines.join('\n');
}

function randomAttr(spec: AttrSpec, rand: () => number, idsOf: Map<string, string[]>): AttrValue {
  if (rand() < 0.15) return null;
  switch (spec.kind) {
    case 'date':
      return `${int(rand, 2000, 2030)}-${String(int(rand, 1, 12)).padStart(2, '0')}-${String(int(rand, 1, 28)).padStart(2, '0')}`;
    case 'score':
      return int(rand, 0, 10);
    case 'number':
      return int(rand, spec.min, spec.max);
    case 'select':
      return pick(rand, spec.options);
    case 'boolean':
      return rand() < 0.5;
    case 'itemRef': {
      const ids = idsOf.get(spec.itemType) ?? [];
      return ids.length > 0 ? pick(rand, ids) : null;
    }
    case 'text':
      if (spec.pattern === MEETING_TIME_PATTERN) return `${String(int(rand, 0, 23)).padStart(2, '0')}:${String(int(rand, 0, 59)).padStart(2, '0')}`;
      return `data:image/png;base64,${pick(rand, ['iVBORw0KGgo=', 'R0lGODlhAQABAAAAACw=', 'AAAA'])}`;
  }
}

/** Bold and italic on some text runs; runs are always separated by hard breaks, so none merge. */
function withRandomMarks(item: JSONContent, rand: () => number): JSONContent {
  for (const field of item.content ?? []) {
    for (const run of field.content ?? []) {
      if (run.type !== 'text' || rand() < 0.7) continue;
      run.marks = pick(rand, [[{ type: 'bold' }], [{ type: 'italic' }], [{ type: 'bold' }, { type: 'italic' }]]);
    }
  }
  return item;
}

function randomItem(spec: PlanItemSpec, rand: () => number, idsOf: Map<string, string[]>): JSONContent {
  const attrs: Record<string, AttrValue> = {};
  for (const a of spec.attrs as readonly AttrSpec[]) attrs[a.key] = randomAttr(a, rand, idsOf);
  const fields: Record<string, string> = {};
  for (const f of spec.fields) fields[f.key] = randomText(rand);
  const item = withRandomMarks(newItemJSON(spec.type, attrs, fields), rand);
  idsOf.set(spec.type, [...(idsOf.get(spec.type) ?? []), String(item.attrs?.id)]);
  return item;
}

export function randomPlanJSON(rand: () => number): JSONContent {
  // Sections in order, so references (scores → danger statements, persons → young people) find earlier items.
  const idsOf = new Map<string, string[]>();
  const items: JSONContent[] = [];
  for (const section of SECTIONS as readonly PlanSectionSpec[]) {
    const specs: readonly PlanItemSpec[] = section.items;
    for (const spec of specs.filter((i) => i.repeat === 'one')) items.push(randomItem(spec, rand, idsOf));
    const many = specs.filter((i) => i.repeat === 'many');
    if (section.mixed) {
      const count = int(rand, 0, 5);
      for (let i = 0; i < count; i++) items.push(randomItem(pick(rand, many), rand, idsOf));
    } else {
      for (const spec of many) {
        const count = int(rand, 0, 4);
        for (let i = 0; i < count; i++) items.push(randomItem(spec, rand, idsOf));
      }
    }
  }
  return planJSONWith(items);
}
