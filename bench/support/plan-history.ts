import { newItemJSON, samplePlanJSON, SECTIONS, sectionOfItem, type ItemType } from '@safeplan/schema/plan';
import type { AttrValue } from '@safeplan/schema/plan';

type JSONContent = ReturnType<typeof samplePlanJSON>;

/**
 * Eighteen months of a plan in use, day by day (documented in docs/performance.md): it starts from
 * the sample plan; every day one safety-log entry; every week an evaluation (a consequence kept or
 * broken, the next evaluation date moved, an agreement reworded); every month eight people each
 * give a safety score with a reason. Text is drawn from a seeded generator, so sizes repeat.
 */
export const PEOPLE = ['Mama', 'Papa', 'Oma Truus', 'Buurvrouw Els', 'Anouk', 'Juf Petra', 'Opa Kees', 'Tante Mira'];
const WORDS = (
  'papa mama oma kinderen school boos rustig buiten wandelen bellen afspraak veilig thuis ruzie praten ' +
  'slapen eten huiswerk weekend bezoek schreeuwen deur sleutel fiets telefoon knuffel zondag avond ochtend ' +
  'hulp gesprek tekening luisteren samen spelen opgelost gemeld afgesproken gehouden'
).split(' ');

export interface HistoryDay {
  day: number;
  /** The whole plan at the end of this day, as ProseMirror JSON of the real schema. */
  json: JSONContent;
}

export function* planHistory(rand: () => number, days = 548, start = new Date('2025-01-06T00:00:00Z')): Generator<HistoryDay> {
  const doc = samplePlanJSON();
  const sections = doc.content as JSONContent[];
  const sectionFor = (type: ItemType) => sections[SECTIONS.indexOf(sectionOfItem(type))] as JSONContent;
  const add = (type: ItemType, attrs: Record<string, AttrValue>, fields: Record<string, string>) => {
    const section = sectionFor(type);
    section.content = [...(section.content ?? []), newItemJSON(type, attrs, fields)];
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const sentence = (min: number, max: number) => {
    const n = min + Math.floor(rand() * (max - min + 1));
    const words = Array.from({ length: n }, () => pick(WORDS));
    return `${words.join(' ').replace(/^./, (c) => c.toUpperCase())}.`;
  };
  const iso = (day: number) => new Date(start.getTime() + day * 86_400_000).toISOString().slice(0, 10);
  const danger = (sectionFor('danger_statement').content ?? [])[0]?.attrs?.id as string;

  for (let day = 0; day < days; day++) {
    add('log_entry', { date: iso(day), outcome: pick(['wentWell', 'wentWell', 'wentWell', 'almostWrong', 'wentWrong']) }, {
      author: pick(PEOPLE),
      what: sentence(8, 25),
      done: sentence(4, 15),
    });
    if (day % 7 === 6) {
      add('consequence', { kind: pick(['kept', 'broken']) }, { text: `Evaluatie ${iso(day)}: ${sentence(6, 18)}` });
      const monitoring = (sectionFor('monitoring_details').content ?? [])[0] as JSONContent;
      monitoring.attrs = { ...monitoring.attrs, nextEvaluation: iso(day + 7) };
      const agreement = (sectionFor('agreement').content ?? [])[0] as JSONContent;
      const what = (agreement.content ?? [])[0] as JSONContent;
      what.content = [{ type: 'text', text: sentence(6, 14) }];
    }
    if (day % 30 === 29) {
      for (const who of PEOPLE) {
        add('safety_score', { dangerStatement: danger, score: Math.floor(rand() * 11), date: iso(day) }, { who, reason: sentence(6, 20) });
      }
    }
    yield { day, json: doc };
  }
}
