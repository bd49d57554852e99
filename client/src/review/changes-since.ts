import * as Y from 'yjs';
import { SECTIONS, SECTION_ORDER, fieldNodeName, isItemType, itemSpec } from '@safeplan/schema/plan';
import type { SectionKey } from '@safeplan/schema/plan';
import { Attribution } from './attribution.ts';
import type { Author } from './attribution.ts';
import { RunBuilder } from './change-runs.ts';
import type { TextRun } from './change-runs.ts';
import { CONTRIBUTIONS_FRAGMENT, PLAN_FRAGMENT, SEED_CLIENT_ID } from './review-doc.ts';
import type { PlanDocs } from './review-doc.ts';
import type { PlanSnapshots } from './plan-snapshots.ts';

export interface FieldChanges {
  field: string;
  runs: TextRun[];
}

export interface AttrChange {
  attr: string;
  before: unknown;
  after: unknown;
  by: Author;
}

export interface ItemChanges {
  status: 'added' | 'removed' | 'changed';
  itemId: string | null;
  itemType: string;
  /** Who added or removed the item; null for 'changed'. */
  by: Author | null;
  fields: FieldChanges[];
  attrs: AttrChange[];
}

export interface SectionChanges {
  section: SectionKey;
  items: ItemChanges[];
}

export interface ChangeFilter {
  /** Only changes by these members; others' insertions read as plain text, their deletions are left out. */
  members?: readonly string[];
  sections?: readonly SectionKey[];
}

type State = 'same' | 'inserted' | 'deleted' | null;

const sectionByNode = new Map<string, SectionKey>(SECTIONS.map((s) => [s.node, s.key]));

class Walk {
  readonly #mark: Y.Snapshot;
  readonly #who: Attribution;
  readonly #members: ReadonlySet<string> | null;

  constructor(doc: Y.Doc, mark: Y.Snapshot, members: readonly string[] | undefined) {
    this.#mark = mark;
    this.#who = new Attribution(doc);
    this.#members = members ? new Set(members) : null;
  }

  /** The seed (the empty plan every device writes) counts as seen, whatever the mark says. */
  #inMark(client: number, clock: number): boolean {
    const seen = client === SEED_CLIENT_ID || clock < (this.#mark.sv.get(client) ?? 0);
    return seen && !Y.isDeleted(this.#mark.ds, Y.createID(client, clock));
  }

  state(client: number, clock: number, deletedNow: boolean): State {
    const before = this.#inMark(client, clock);
    if (before && !deletedNow) return 'same';
    if (before) return 'deleted';
    return deletedNow ? null : 'inserted';
  }

  author(state: 'inserted' | 'deleted', client: number, clock: number): Author {
    return state === 'inserted' ? this.#who.inserted(client, clock) : this.#who.deleted(client, clock);
  }

  counts(by: Author | null): boolean {
    return this.#members === null || (by?.member != null && this.#members.has(by.member));
  }

  /** Adds one character or element (as `text`) to the runs, as the filter wants it seen. */
  add(runs: RunBuilder, state: State, client: number, clock: number, text: string, lost = 0): void {
    if (state === null) return;
    if (state === 'same') return runs.add('same', text);
    const by = this.author(state, client, clock);
    if (this.counts(by)) runs.add(state, text, by, lost);
    else if (state === 'inserted') runs.add('same', text);
  }

  itemState(item: Y.Item): State {
    return this.state(item.id.client, item.id.clock, item.deleted);
  }
}

function fieldRuns(walk: Walk, field: Y.XmlElement): RunBuilder {
  const runs = new RunBuilder();
  for (let n = field._start; n; n = n.right) {
    const content = n.content;
    if (content instanceof Y.ContentType && content.type instanceof Y.XmlText) {
      for (let t = content.type._start; t; t = t.right) textItem(walk, runs, t);
    } else if (content instanceof Y.ContentType && content.type instanceof Y.XmlElement) {
      // The only inline element in a field is a hard break.
      walk.add(runs, walk.itemState(n), n.id.client, n.id.clock, '\n');
    }
  }
  return runs;
}

function textItem(walk: Walk, runs: RunBuilder, t: Y.Item): void {
  const { client, clock } = t.id;
  if (t.content instanceof Y.ContentString) {
    // An item may span the mark (typed before and after it) or a deletion made after it: go per character.
    const str = t.content.str;
    for (let i = 0; i < str.length; i++) walk.add(runs, walk.state(client, clock + i, t.deleted), client, clock + i, str[i] ?? '');
  } else if (t.content instanceof Y.ContentDeleted) {
    for (let i = 0; i < t.length; i++) walk.add(runs, walk.state(client, clock + i, true), client, clock + i, '', 1);
  }
}

function attrValue(item: Y.Item): unknown {
  const values = item.content.getContent();
  return values[values.length - 1] ?? null;
}

function attrChanges(walk: Walk, el: Y.XmlElement): AttrChange[] {
  const out: AttrChange[] = [];
  for (const [attr, latest] of el._map) {
    if (attr === 'id') continue;
    const after = latest.deleted ? null : attrValue(latest);
    let seen: Y.Item | null = latest;
    while (seen && walk.itemState(seen) !== 'same' && walk.itemState(seen) !== 'deleted') seen = seen.left;
    const before = seen ? attrValue(seen) : null;
    if (before === after) continue;
    const by = walk.author(latest.deleted ? 'deleted' : 'inserted', latest.id.client, latest.id.clock);
    if (walk.counts(by)) out.push({ attr, before, after, by });
  }
  return out;
}

function fieldKey(itemType: string, nodeName: string): string {
  if (!isItemType(itemType)) return nodeName;
  return itemSpec(itemType).fields.find((f) => fieldNodeName(itemType, f.key) === nodeName)?.key ?? nodeName;
}

function itemChanges(walk: Walk, n: Y.Item, el: Y.XmlElement): ItemChanges | null {
  const state = walk.itemState(n);
  if (state === null) return null;
  const status = state === 'inserted' ? 'added' : state === 'deleted' ? 'removed' : 'changed';
  const by = state === 'same' ? null : walk.author(state, n.id.client, n.id.clock);
  const fields: FieldChanges[] = [];
  for (const child of fieldElements(el)) {
    const runs = fieldRuns(walk, child);
    const keep = status === 'changed' ? runs.changed : runs.runs.some((r) => r.text !== '' || r.lost);
    if (keep) fields.push({ field: fieldKey(el.nodeName, child.nodeName), runs: runs.runs });
  }
  const attrs = status === 'changed' ? attrChanges(walk, el) : [];
  const id: unknown = el.getAttribute('id') ?? lastAttr(el, 'id');
  const result: ItemChanges = { status, itemId: typeof id === 'string' ? id : null, itemType: el.nodeName, by, fields, attrs };
  const hasChanges = fields.some((f) => f.runs.some((r) => r.kind !== 'same')) || attrs.length > 0;
  if (status === 'changed') return hasChanges ? result : null;
  return walk.counts(by) || hasChanges ? result : null;
}

/** Field elements of an item, including those of a removed item (their Yjs items are deleted too). */
function fieldElements(el: Y.XmlElement): Y.XmlElement[] {
  const out: Y.XmlElement[] = [];
  for (let n = el._start; n; n = n.right) {
    if (n.content instanceof Y.ContentType && n.content.type instanceof Y.XmlElement) out.push(n.content.type);
  }
  return out;
}

/** A removed item's attributes are deleted too; its id is still in the map's last entry. */
function lastAttr(el: Y.XmlElement, key: string): unknown {
  const item = el._map.get(key);
  return item ? attrValue(item) : null;
}

/**
 * What changed in one document's fragment since `mark` (a snapshot of that same document; null:
 * since the empty plan), per section: items added, removed or changed, with the inserted and
 * deleted text runs, each with its author and time from that document's own change records. The
 * document must keep deleted content (`new Y.Doc({ gc: false })`), or deleted text shows only as
 * a count (`lost`).
 */
export function changesInDoc(
  doc: Y.Doc,
  fragmentName: string,
  mark: Y.Snapshot | null,
  filter: ChangeFilter = {},
): SectionChanges[] {
  const walk = new Walk(doc, mark ?? Y.emptySnapshot, filter.members);
  const wanted = filter.sections ? new Set(filter.sections) : null;
  const out: SectionChanges[] = [];
  const fragment = doc.getXmlFragment(fragmentName);
  for (let s = fragment._start; s; s = s.right) {
    if (!(s.content instanceof Y.ContentType) || !(s.content.type instanceof Y.XmlElement)) continue;
    const section = sectionByNode.get(s.content.type.nodeName);
    if (!section || (wanted && !wanted.has(section))) continue;
    const items: ItemChanges[] = [];
    for (let n = s.content.type._start; n; n = n.right) {
      if (!(n.content instanceof Y.ContentType) || !(n.content.type instanceof Y.XmlElement)) continue;
      const change = itemChanges(walk, n, n.content.type);
      if (change) items.push(change);
    }
    if (items.length > 0) out.push({ section, items });
  }
  return out;
}

/**
 * What changed in the whole plan since `mark` (a reviewer's last review, or a version's
 * snapshots; null: since the empty plan): the plan document's sections and the contributions
 * document's sections, each read against its own snapshot and its own change records, in the
 * plan's order of sections. A section lives in one document only, so nothing is counted twice.
 */
export function changesSince(docs: PlanDocs, mark: PlanSnapshots | null, filter: ChangeFilter = {}): SectionChanges[] {
  const merged = [
    ...changesInDoc(docs.plan, PLAN_FRAGMENT, mark?.plan ?? null, filter),
    ...changesInDoc(docs.contributions, CONTRIBUTIONS_FRAGMENT, mark?.contributions ?? null, filter),
  ];
  return merged.sort((a, b) => SECTION_ORDER.indexOf(a.section) - SECTION_ORDER.indexOf(b.section));
}

/** Everyone who has a change in the list, for the "filter by person" choice. */
export function changeAuthors(changes: readonly SectionChanges[]): string[] {
  const members = new Set<string>();
  for (const s of changes) {
    for (const item of s.items) {
      if (item.by?.member) members.add(item.by.member);
      for (const a of item.attrs) if (a.by.member) members.add(a.by.member);
      for (const f of item.fields) for (const r of f.runs) if (r.by?.member) members.add(r.by.member);
    }
  }
  return [...members].sort();
}
