import type { Receipt, StoredKind } from './relay-store.ts';
import { touchLru } from '../lru.ts';

/**
 * Each author's newest receipt per plan and kind, kept in memory so the publish check does not
 * open a SQLite read transaction per envelope (the largest store cost left on the event loop once
 * commits moved to the writer thread). Only committed writes enter it (`committed` is called
 * after the writer answered), and this process is the store's only writer, so an entry can only
 * be older than the file when it was never loaded; it is then read from the file. Bounded: the
 * least recently used entries are dropped.
 */
export interface LastReceipts {
  get(planId: string, author: string, kind: StoredKind, load: () => Receipt | null): Receipt | null;
  committed(planId: string, author: string, kind: StoredKind, receipt: Receipt): void;
}

export function createLastReceipts(capacity = 100_000): LastReceipts {
  const entries = new Map<string, Receipt | null>();
  const keyOf = (planId: string, author: string, kind: StoredKind) => `${planId}|${author}|${kind}`;
  const remember = (key: string, value: Receipt | null) => void touchLru(entries, key, value, capacity);
  return {
    get(planId, author, kind, load) {
      const key = keyOf(planId, author, kind);
      const value = entries.has(key) ? (entries.get(key) as Receipt | null) : load();
      remember(key, value);
      return value ? { ...value } : null;
    },
    committed(planId, author, kind, receipt) {
      const key = keyOf(planId, author, kind);
      if (!entries.has(key)) return; // not loaded: the file is read on first use
      const known = entries.get(key);
      if (!known || receipt.clock > known.clock) remember(key, { ...receipt });
    },
  };
}
