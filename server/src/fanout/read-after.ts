import type { RelayStore, StoredEnvelope, StoredSnapshot } from '../store/relay-store.ts';

/** What a device that holds everything up to `after` needs next: perhaps a snapshot, then updates. */
export interface NextPage {
  /** The snapshot to deliver first: it covers updates after `after` the store no longer holds. */
  snapshot: StoredSnapshot | null;
  /** Updates after `after` (or after the snapshot's coversUpTo) in seq order. */
  updates: StoredEnvelope[];
}

/**
 * One page of what follows `after`, read so that a snapshot committed meanwhile cannot leave a
 * hole. With one relay nothing commits while the plan's queue reads; with several on one store
 * another relay may commit a trusted snapshot between the reads, pruning updates the page was
 * about to read. What a snapshot covers only grows, and it prunes in the transaction that raises
 * it: when it reads the same before and after the page, no pruning happened in between.
 */
export async function readAfter(store: RelayStore, planKey: string, after: number, limit: number, maxBytes: number): Promise<NextPage> {
  if (store.readPage) return readConsistentPages(store as RelayStore & Pick<Required<RelayStore>, 'readPage'>, planKey, after, limit, maxBytes);
  const covers = () => (store.snapshotCoversUpTo ? store.snapshotCoversUpTo(planKey) : Promise.resolve(Number.POSITIVE_INFINITY));
  for (;;) {
    const before = await covers();
    let snapshot: StoredSnapshot | null = null;
    let from = after;
    if (before > after) {
      snapshot = await store.readSnapshot(planKey);
      if (snapshot && snapshot.coversUpTo > after) from = snapshot.coversUpTo;
      else snapshot = null;
    }
    const updates = await store.readUpdates(planKey, from, limit, maxBytes);
    // Without snapshotCoversUpTo there is no cheap check; such a store has one writer (tests).
    if (!store.snapshotCoversUpTo || (await covers()) === before) return { snapshot, updates };
  }
}

/** The same with a store that reads coverage and page in one view: one statement when nothing was pruned. */
async function readConsistentPages(
  store: RelayStore & Pick<Required<RelayStore>, 'readPage'>,
  planKey: string,
  after: number,
  limit: number,
  maxBytes: number,
): Promise<NextPage> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const page = await store.readPage(planKey, after, limit, maxBytes);
    if (page.coversUpTo <= after) return { snapshot: null, updates: page.updates };
    // Updates after `after` may be pruned: the snapshot first, then what follows what it covers.
    const snapshot = await store.readSnapshot(planKey);
    if (!snapshot || snapshot.coversUpTo <= after) continue;
    const rest = await store.readPage(planKey, snapshot.coversUpTo, limit, maxBytes);
    if (rest.coversUpTo === snapshot.coversUpTo) return { snapshot, updates: rest.updates };
  }
  throw new Error('a newer snapshot was committed during each of 10 reads');
}
