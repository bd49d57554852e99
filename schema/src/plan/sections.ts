import type { PlanChannel, SectionSpec } from './spec-types.ts';

export type { PlanChannel } from './spec-types.ts';

/** Longest text a single field accepts; longer pastes are refused, not cut. */
export const MAX_FIELD_CHARS = 5000;
/** Longest data URL a picture may carry (about 1.5 MB of image); pictures live inside the encrypted plan. */
export const MAX_PICTURE_CHARS = 2_000_000;
/** Only raster images as data URLs: no remote URLs (no third-party requests) and no SVG (scripts). */
export const PICTURE_SRC_PATTERN = /^data:image\/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2}$/;
export const DEFAULT_MIN_SAFETY_PERSONS = 2;
/** A meeting's start time, 'HH:MM' on a 24-hour clock. */
export const MEETING_TIME_PATTERN = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

const text = <K extends string>(key: K, multiline = false) => ({ key, multiline }) as const;

/** The method's phases (GSaV), in order. */
export const PHASES = ['afstemming', 'veiligheid', 'risicogestuurd', 'herstel', 'afgesloten'] as const;

/**
 * An owner's decision to move the plan to another phase: who, when, and (with open criteria) why.
 * Items, not one attr, so two owners deciding at once both stay on record after the merge.
 */
const PHASE_DECISION_ITEM = {
  type: 'phase_decision',
  repeat: 'many',
  fields: [text('who'), text('why', true)],
  attrs: [
    { key: 'from', kind: 'select', optionSet: 'phase', options: PHASES },
    { key: 'to', kind: 'select', optionSet: 'phase', options: PHASES },
    { key: 'date', kind: 'date' },
    { key: 'openCriteria', kind: 'number', min: 0, max: 99 },
  ],
} as const;

/**
 * The plan's sections in the method's order. The document's content expression lists them in
 * exactly this order, so no edit can remove, repeat or reorder one. Each section lives in the
 * document of its `channel`; the full plan (every section, this order) is what models, versions,
 * diffs and print read.
 */
export const SECTIONS = [
  {
    key: 'header',
    node: 'section_header',
    channel: 'plan',
    mixed: false,
    items: [
      {
        type: 'plan_details',
        repeat: 'one',
        fields: [text('householdName'), text('caseDirector'), text('safetyPlanner'), text('networkChair')],
        attrs: [
          {
            key: 'phase',
            kind: 'select',
            optionSet: 'phase',
            options: PHASES,
            default: 'afstemming',
          },
          { key: 'minSafetyPersons', kind: 'number', min: 1, max: 10, default: DEFAULT_MIN_SAFETY_PERSONS },
          // Which safety scale the plan's scores are read on: Signs of Safety 0-10 or GSaV 0-7+.
          { key: 'scale', kind: 'select', optionSet: 'scale', options: ['sos', 'gsav'], default: 'sos' },
        ],
      },
      {
        type: 'young_person',
        repeat: 'many',
        fields: [text('name')],
        attrs: [{ key: 'birthYear', kind: 'number', min: 1900, max: 2200 }],
      },
      PHASE_DECISION_ITEM,
    ],
  },
  {
    key: 'unsafeSituations',
    node: 'section_unsafe_situations',
    channel: 'plan',
    mixed: false,
    items: [
      {
        type: 'unsafe_situation',
        repeat: 'many',
        fields: [text('fact', true), text('witness')],
        attrs: [{ key: 'date', kind: 'date' }],
      },
    ],
  },
  {
    key: 'harm',
    node: 'section_harm',
    channel: 'plan',
    mixed: false,
    items: [
      {
        type: 'harm_factor',
        repeat: 'many',
        fields: [text('text', true)],
        attrs: [{ key: 'kind', kind: 'select', optionSet: 'harmKind', options: ['harm', 'complicating'], default: 'harm' }],
      },
    ],
  },
  {
    key: 'dangerStatements',
    node: 'section_danger_statements',
    channel: 'plan',
    mixed: false,
    items: [{ type: 'danger_statement', repeat: 'many', fields: [text('text', true)], attrs: [] }],
  },
  {
    key: 'goingWell',
    node: 'section_going_well',
    channel: 'plan',
    mixed: false,
    items: [
      {
        type: 'strength',
        repeat: 'many',
        fields: [text('text', true)],
        attrs: [
          { key: 'kind', kind: 'select', optionSet: 'goingWellKind', options: ['strength', 'exception'], default: 'strength' },
        ],
      },
    ],
  },
  {
    key: 'safetyScale',
    node: 'section_safety_scale',
    channel: 'contributions',
    mixed: false,
    items: [
      {
        type: 'safety_score',
        repeat: 'many',
        fields: [text('who'), text('reason', true)],
        attrs: [
          { key: 'dangerStatement', kind: 'itemRef', itemType: 'danger_statement' },
          { key: 'score', kind: 'score' },
          { key: 'date', kind: 'date' },
          // A score given at a network meeting points at that meeting (an item of the plan document).
          { key: 'meeting', kind: 'itemRef', itemType: 'meeting' },
        ],
      },
    ],
  },
  {
    key: 'safetyGoals',
    node: 'section_safety_goals',
    channel: 'plan',
    mixed: false,
    items: [{ type: 'safety_goal', repeat: 'many', fields: [text('text', true)], attrs: [{ key: 'termDate', kind: 'date' }] }],
  },
  {
    key: 'safetyAgreements',
    node: 'section_safety_agreements',
    channel: 'plan',
    mixed: false,
    items: [
      {
        type: 'agreement',
        repeat: 'many',
        fields: [
          text('what', true),
          text('who'),
          text('when'),
          text('checkedHow', true),
          text('ifWrong', true),
          text('safeObject'),
        ],
        attrs: [],
      },
    ],
  },
  {
    key: 'network',
    node: 'section_network',
    channel: 'plan',
    mixed: false,
    items: [
      {
        type: 'person',
        repeat: 'many',
        fields: [text('name'), text('relation'), text('phone'), text('callWhen', true)],
        attrs: [
          {
            key: 'kind',
            kind: 'select',
            optionSet: 'personKind',
            options: ['household', 'network', 'professional'],
            default: 'network',
          },
          { key: 'isSafetyPerson', kind: 'boolean' },
          // null while isSafetyPerson is true means: safety person for every young person.
          { key: 'safetyPersonFor', kind: 'itemRef', itemType: 'young_person' },
          { key: 'circle', kind: 'select', optionSet: 'circle', options: ['all', 'part', 'none'] },
        ],
      },
    ],
  },
  {
    key: 'consequences',
    node: 'section_consequences',
    channel: 'plan',
    mixed: false,
    items: [
      {
        type: 'consequence',
        repeat: 'many',
        fields: [text('text', true)],
        attrs: [
          // No default: a new consequence asks whether it is about kept or broken agreements,
          // instead of silently saying "broken" (the second option in the list).
          { key: 'kind', kind: 'select', optionSet: 'consequenceKind', options: ['kept', 'broken'] },
        ],
      },
    ],
  },
  {
    key: 'monitoring',
    node: 'section_monitoring',
    channel: 'plan',
    mixed: false,
    items: [
      {
        type: 'monitoring_details',
        repeat: 'one',
        fields: [text('supervisor'), text('frequency'), text('withWhom'), text('informVeiligThuis', true)],
        attrs: [{ key: 'nextEvaluation', kind: 'date' }],
      },
      {
        // A network meeting (netwerkberaad): planned (date, time, place, invited), then recorded
        // (who was there, what changed, the next date). Scores given there point at it.
        type: 'meeting',
        repeat: 'many',
        fields: [text('place'), text('invited', true), text('present', true), text('changed', true)],
        attrs: [
          { key: 'date', kind: 'date' },
          { key: 'time', kind: 'text', maxLength: 5, pattern: MEETING_TIME_PATTERN },
          { key: 'nextDate', kind: 'date' },
        ],
      },
    ],
  },
  {
    key: 'safetyLog',
    node: 'section_safety_log',
    channel: 'contributions',
    mixed: false,
    items: [
      {
        type: 'log_entry',
        repeat: 'many',
        fields: [text('author'), text('what', true), text('done', true)],
        attrs: [
          { key: 'date', kind: 'date' },
          { key: 'outcome', kind: 'select', optionSet: 'logOutcome', options: ['wentWell', 'almostWrong', 'wentWrong'] },
          // A drawing made with a finger on the tablet, kept like a picture (a data URL in the document).
          { key: 'drawing', kind: 'text', maxLength: MAX_PICTURE_CHARS, pattern: PICTURE_SRC_PATTERN },
        ],
      },
    ],
  },
  {
    key: 'wordsAndPictures',
    node: 'section_words_and_pictures',
    channel: 'plan',
    mixed: true,
    items: [
      { type: 'story_text', repeat: 'many', fields: [text('text', true)], attrs: [] },
      {
        type: 'picture',
        repeat: 'many',
        fields: [text('caption')],
        attrs: [{ key: 'src', kind: 'text', maxLength: MAX_PICTURE_CHARS, pattern: PICTURE_SRC_PATTERN }],
      },
    ],
  },
  {
    key: 'recoveryPlan',
    node: 'section_recovery_plan',
    channel: 'plan',
    mixed: false,
    items: [{ type: 'recovery_step', repeat: 'many', fields: [text('text', true)], attrs: [] }],
  },
] as const satisfies readonly SectionSpec[];

export type PlanSectionSpec = (typeof SECTIONS)[number];
export type SectionKey = PlanSectionSpec['key'];
export type PlanItemSpec = PlanSectionSpec['items'][number];
export type ItemType = PlanItemSpec['type'];
export type Phase = (typeof PHASES)[number];
export type ItemSpecOf<T extends ItemType> = Extract<PlanItemSpec, { type: T }>;

export const SECTION_ORDER: readonly SectionKey[] = SECTIONS.map((s) => s.key);

/** Same names and order as the protocol's channels (`mayPublish`), which a test holds them to. */
export const PLAN_CHANNELS = ['plan', 'contributions'] as const satisfies readonly PlanChannel[];

export type SectionOfChannel<C extends PlanChannel> = Extract<PlanSectionSpec, { channel: C }>;
export type ChannelSectionKey<C extends PlanChannel> = SectionOfChannel<C>['key'];

const sectionsByChannel = new Map<PlanChannel, readonly PlanSectionSpec[]>(
  PLAN_CHANNELS.map((channel) => [channel, SECTIONS.filter((s) => s.channel === channel)]),
);

/** The sections one channel's document holds, in SECTIONS order. */
export function sectionsOf<C extends PlanChannel>(channel: C): readonly SectionOfChannel<C>[] {
  const sections = sectionsByChannel.get(channel);
  if (!sections) throw new Error(`Unknown plan channel "${String(channel)}".`);
  return sections as readonly SectionOfChannel<C>[];
}

const sectionByKey = new Map<string, PlanSectionSpec>(SECTIONS.map((s) => [s.key, s]));
const itemByType = new Map<string, { section: PlanSectionSpec; item: PlanItemSpec }>(
  SECTIONS.flatMap((section) => section.items.map((item) => [item.type, { section, item }] as const)),
);

export function sectionSpec(key: SectionKey): PlanSectionSpec {
  const spec = sectionByKey.get(key);
  if (!spec) throw new Error(`Unknown plan section "${key}".`);
  return spec;
}

export function isItemType(type: string): type is ItemType {
  return itemByType.has(type);
}

export function itemSpec<T extends ItemType>(type: T): ItemSpecOf<T> {
  const found = itemByType.get(type);
  if (!found) throw new Error(`Unknown plan item type "${type}".`);
  return found.item as ItemSpecOf<T>;
}

export function sectionOfItem(type: ItemType): PlanSectionSpec {
  const found = itemByType.get(type);
  if (!found) throw new Error(`Unknown plan item type "${type}".`);
  return found.section;
}

/** Field node name: the item type plus the field key in snake_case, e.g. `agreement_checked_how`. */
export function fieldNodeName(itemType: string, fieldKey: string): string {
  return `${itemType}_${fieldKey.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
}
