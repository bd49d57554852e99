import { newItemJSON, samplePlanJSON, SECTIONS, sectionOfItem, type ItemType } from '@safeplan/schema/plan';
import type { AttrValue } from '@safeplan/schema/plan';

type JSONContent = ReturnType<typeof samplePlanJSON>;

/**
 * Eighteen months of a plan in use, day by day (documented in docs/performance.md): it starts from
 * the sample plan; every day one safety-log entry; every week an evaluation (a consequence kept or
 * broken, the next evaluation date moved, an agreement reworded); every month eight people each
 * give a safety score with a reason (at the latest network meeting, when there was one); every six
 * weeks a network meeting is planned two weeks ahead and recorded on its day (who was there, what
 * changed, the next date); the whole network is placed in the safety circles at the start and
 * every two months someone moves to another circle. Text is drawn from a seeded generator, so sizes repeat.
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
  const CIRCLES = ['all', 'part', 'none'] as const;
  // The rest of the network joins the sample plan's two people, each in a circle.
  for (const who of PEOPLE.filter((p) => p !== 'Oma Truus' && p !== 'Buurvrouw Els')) {
    add('person', { kind: who === 'Anouk' ? 'professional' : 'network', circle: pick(CIRCLES) }, { name: who, relation: sentence(1, 2), phone: '06-12345678' });
  }
  const items = (type: ItemType) => (sectionFor(type).content ?? []).filter((n) => n.type === type);
  let lastMeeting: string | null = null;
  const planned = new Map<number, JSONContent>();

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
    if (day % 42 === 27) {
      // A network meeting planned two weeks ahead.
      const at = day + 14;
      add('meeting', { date: iso(at), time: '19:30' }, { place: sentence(2, 4), invited: PEOPLE.join(', ') });
      planned.set(at, items('meeting').at(-1) as JSONContent);
    }
    const today = planned.get(day);
    if (today) {
      // Recorded on its day: who was there, what changed, the next date.
      const fields = today.content as JSONContent[];
      (fields[2] as JSONContent).content = [{ type: 'text', text: PEOPLE.filter(() => rand() < 0.8).join(', ') || 'Mama' }];
      (fields[3] as JSONContent).content = [{ type: 'text', text: sentence(8, 20) }];
      today.attrs = { ...today.attrs, nextDate: iso(day + 42) };
      lastMeeting = String(today.attrs?.id);
      planned.delete(day);
    }
    if (day % 61 === 60) {
      const person = pick(items('person'));
      person.attrs = { ...person.attrs, circle: pick(CIRCLES) };
    }
    if (day % 30 === 29) {
      for (const who of PEOPLE) {
        add('safety_score', { dangerStatement: danger, score: Math.floor(rand() * 11), date: iso(day), meeting: lastMeeting }, { who, reason: sentence(6, 20) });
      }
    }
    yield { day, json: doc };
  }
}
