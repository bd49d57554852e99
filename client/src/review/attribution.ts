import * as Y from 'yjs';
import type { ChangeRecord } from './change-recorder.ts';
import { REVIEW_TYPES } from './review-doc.ts';

/** Who made a change and when; null when the document does not say (e.g. edits made before recording). */
export interface Author {
  member: string | null;
  at: number | null;
}

interface Range {
  from: number;
  to: number;
  record: ChangeRecord;
}

function isRecord(v: unknown): v is ChangeRecord {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return (
    typeof r.member === 'string' &&
    typeof r.client === 'number' &&
    typeof r.from === 'number' &&
    typeof r.to === 'number' &&
    typeof r.at === 'number' &&
    Array.isArray(r.sections) &&
    r.deleted instanceof Uint8Array
  );
}

/** Last range with from ≤ clock, if it also covers clock. Ranges of one client never overlap for inserts. */
function find(ranges: readonly Range[], clock: number): Range | undefined {
  let lo = 0;
  let hi = ranges.length - 1;
  let best: Range | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges[mid] as Range;
    if (r.from <= clock) {
      best = r;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return best && clock < best.to ? best : undefined;
}

function push(map: Map<number, Range[]>, client: number, range: Range): void {
  const list = map.get(client);
  if (list) list.push(range);
  else map.set(client, [range]);
}

/**
 * Answers "who inserted / who deleted this Yjs id, and when" from the change records in the doc.
 * Built once per review, so looking up every character stays a binary search.
 */
export class Attribution {
  readonly #inserts = new Map<number, Range[]>();
  readonly #deletes = new Map<number, Range[]>();
  readonly #clients = new Map<string, string>();
  /** Records that did not have the expected shape: counted, never used, never removed. */
  readonly unreadable: number;

  constructor(doc: Y.Doc) {
    let unreadable = 0;
    for (const [client, member] of doc.getMap<unknown>(REVIEW_TYPES.clients).entries()) {
      if (typeof member === 'string') this.#clients.set(client, member);
    }
    for (const value of doc.getArray<unknown>(REVIEW_TYPES.changes).toArray()) {
      if (!isRecord(value)) {
        unreadable++;
        continue;
      }
      push(this.#inserts, value.client, { from: value.from, to: value.to, record: value });
      if (value.deleted.length === 0) continue;
      let ds: Y.Snapshot['ds'];
      try {
        ds = Y.decodeSnapshot(value.deleted).ds;
      } catch {
        unreadable++;
        continue;
      }
      for (const [client, items] of ds.clients) {
        for (const d of items) push(this.#deletes, client, { from: d.clock, to: d.clock + d.len, record: value });
      }
    }
    for (const map of [this.#inserts, this.#deletes]) for (const list of map.values()) list.sort((a, b) => a.from - b.from);
    this.unreadable = unreadable;
  }

  inserted(client: number, clock: number): Author {
    const r = find(this.#inserts.get(client) ?? [], clock);
    if (r) return { member: r.record.member, at: r.record.at };
    return { member: this.#clients.get(String(client)) ?? null, at: null };
  }

  deleted(client: number, clock: number): Author {
    const list = this.#deletes.get(client) ?? [];
    // Two members may delete the same text concurrently; their ranges can overlap, so fall back to a scan.
    const r = find(list, clock) ?? list.find((x) => x.from <= clock && clock < x.to);
    return r ? { member: r.record.member, at: r.record.at } : { member: null, at: null };
  }
}
